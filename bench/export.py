"""Export 100,000 requests as XLSX (and CSV): wall time and peak memory, each in a fresh process.

Run with `make bench`. Targets: under 30 s and under 500 MB peak (resident set size of the exporting process).
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N = 100_000


def fill(url: str) -> None:
    """Insert N requests in fiscal year 2570 with Core inserts (fast), plus schools and requesters."""
    from sqlalchemy import insert

    from bot.clock import BANGKOK
    from bot.storage import migrate
    from bot.storage.db import make_engine
    from bot.storage.models import Requester, School, Ticket

    engine = make_engine(url)
    migrate.upgrade(engine)
    rng = random.Random(1)
    start = datetime(2026, 10, 1, tzinfo=BANGKOK)
    with engine.begin() as conn:
        conn.execute(insert(School), [{"code": f"10{n:08d}", "name": f"โรงเรียนบ้าน{n}", "district": f"อำเภอ{n % 20}"}
                                      for n in range(400)])
        conn.execute(insert(Requester), [{"id": n + 1, "name": f"ครู {n}", "phone": "0812345678",
                                          "school_code": f"10{n % 400:08d}", "created_at": start, "updated_at": start}
                                         for n in range(5000)])
        rows = []
        for n in range(N):
            received = start + timedelta(seconds=n * 300)
            answered = received + timedelta(hours=rng.uniform(0.1, 60)) if n % 5 else None
            rows.append({"number": f"ICT-2570-{n + 1:06d}", "fiscal_year": 2570, "received_at": received,
                         "channel": rng.choice(("line", "line", "phone", "email")), "requester_id": n % 5000 + 1,
                         "school_code": f"10{n % 400:08d}", "kind": rng.choice(("consult", "repair", "borrow")),
                         "category": rng.choice(("dmc", "dltv", "network", "computer", "other")),
                         "subject": f"ปัญหาการใช้งานระบบ ข้อ {n}", "details": "รายละเอียดของปัญหา " * 5,
                         "urgency": "normal", "status": "closed" if answered else "received",
                         "first_response_at": answered, "resolved_at": answered, "closed_at": answered,
                         "followup_result": "solved" if answered else None,
                         "satisfaction": rng.randint(3, 5) if answered else None, "updated_at": received})
            if len(rows) == 10_000:
                conn.execute(insert(Ticket), rows)
                rows = []
    engine.dispose()


def export(url: str, fmt: str, out: str) -> None:
    """Run in a child process: export and print seconds and peak resident memory."""
    from bot import create_app
    from bot.clock import utcnow
    from bot.settings import Settings
    from bot.stats.report import Period

    services = create_app(Settings(database_url=url, background_workers=0, log_level="WARNING")).extensions[
        "helpdesk"]
    began = time.perf_counter()
    count = services.reports.produce(Period.fiscal_year(2570), fmt, Path(out), utcnow())
    seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{fmt}: {count:,} requests in {seconds:.1f} s (target < 30 s), peak memory {peak_mb:.0f} MB "
          f"(target < 500 MB, whole process incl. the Thai dictionary), file {Path(out).stat().st_size / 1e6:.1f} MB")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] in ("xlsx", "csv"):
        export(sys.argv[2], sys.argv[1], sys.argv[3])
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/export.sqlite3"
        began = time.perf_counter()
        fill(url)
        print(f"filled {N:,} requests in {time.perf_counter() - began:.1f} s (SQLite)")
        for fmt in ("xlsx", "csv"):
            subprocess.run([sys.executable, __file__, fmt, url, f"{folder}/out.{fmt}"], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
