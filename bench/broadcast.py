"""One reminder to 1,000 school groups through a fake LINE that allows 2,000 requests/s.

Run with `make bench`. The fake LINE runs in its own process (LINE is remote: it must not share our
interpreter). The figure is the wall time of one `send_due` (plan, record 1,000 unique keys, queue, push,
record outcomes) against the floor the rate limit sets (1,000 / 2,000 per second = 0.5 s); target ≤ 1.5×.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.webhook import free_port, on_postgres  # noqa: E402

SECRET, TOKEN = "bench-secret", "bench-token"
GROUPS = 1000
LINE_RATE = 2000


def serve_fake(port: int) -> None:
    """Run the fake LINE (rate-limited, unlimited quota) over a lean HTTP/1.1 server, until killed.

    Real LINE costs this machine nothing; Flask's routing would cost the fake more CPU per request than the
    bot spends sending, on the same two cores. So the benchmark speaks HTTP to FakeLine directly.
    """
    import asyncio

    from bot.simulator.fake_line import FakeLine

    # LINE checks message schemas on its own servers; here that would take CPU from the bot (the tests check it)
    fake = FakeLine(SECRET, TOKEN, quota=10**9, rate_limit=LINE_RATE, validate=False)

    def answer(method: str, path: str, headers: dict[str, str], body: dict | None) -> tuple[int, dict, dict]:
        if path == "/stats":
            to = [d["to"] for d in fake.deliveries]
            return 200, {"deliveries": len(to), "groups": len(set(to)), "rate_limited": fake.rate_limited}, {}
        reply = fake.handle(method, path, headers, body)
        return reply.status, reply.body, reply.headers

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while request := await reader.readline():
            method, path, _ = request.decode().split(" ", 2)
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                headers[name.strip().title()] = value.strip()
            length = int(headers.get("Content-Length") or 0)
            body = json.loads(await reader.readexactly(length)) if length else None
            status, data, extra = answer(method, path, headers, body)
            payload = json.dumps(data).encode()
            head = "".join(f"{k}: {v}\r\n" for k, v in extra.items())
            writer.write(f"HTTP/1.1 {status} -\r\nContent-Type: application/json\r\nContent-Length: {len(payload)}"
                         f"\r\n{head}\r\n".encode() + payload)
            await writer.drain()
        writer.close()

    async def main() -> None:
        server = await asyncio.start_server(connection, "127.0.0.1", port)
        await server.serve_forever()

    asyncio.run(main())


def run(database_url: str, label: str) -> None:
    from bot import create_app
    from bot.clock import BANGKOK
    from bot.collection_calendar import reminders
    from bot.settings import Settings
    from bot.storage import calendar_repo, groups_repo, migrate, register_repo

    port = free_port()
    fake = subprocess.Popen([sys.executable, __file__, "--serve-fake", str(port)], cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/stats", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        settings = Settings(database_url=database_url, line_channel_secret=SECRET, line_channel_access_token=TOKEN,
                            line_api_base=base, background_workers=0, log_level="WARNING", secret_key="b" * 32,
                            line_rate_limit=Settings().line_rate_limit)
        services = create_app(settings).extensions["helpdesk"]
        migrate.upgrade(services.engine)
        linked = datetime(2026, 10, 31, tzinfo=BANGKOK)  # after B-OBEC: only DMC-2's reminder is due
        with services.sessions() as session, session.begin():
            register_repo.import_schools(session, [{"school_code": f"10{n:08d}", "name": f"โรงเรียน {n}"}
                                                   for n in range(GROUPS)])
            calendar_repo.seed(session, date(2026, 6, 1), linked)
            for n in range(GROUPS):
                group = groups_repo.joined(session, f"Cbench{n:05d}", linked)
                groups_repo.link(session, group, f"10{n:08d}", "bench", linked, approved_by="bench")
            dmc2 = next(r for r in calendar_repo.rounds(session) if r.key == "dmc-2" and r.academic_year == 2026)
        at = reminders(dmc2)[1].at + timedelta(minutes=1)  # the 7-days-before reminder, nothing else due
        services.sender.clock = lambda: at
        deliver_many = services.sender.deliver_many
        timing = {}

        def timed_deliver(ids, threads=8):  # type: ignore[no-untyped-def]
            begun = time.perf_counter()
            try:
                return deliver_many(ids, threads)
            finally:
                timing["deliver"] = time.perf_counter() - begun

        services.sender.deliver_many = timed_deliver
        started = time.perf_counter()
        counts = services.reminders.send_due(at)
        wall = time.perf_counter() - started
        again = services.reminders.send_due(at + timedelta(minutes=1))  # a second scheduler run: nothing
        stats = json.load(urllib.request.urlopen(base + "/stats", timeout=5))
        floor = GROUPS / LINE_RATE
        duplicates = stats["deliveries"] - stats["groups"]
        print(f"{label}: {GROUPS} groups in {wall:.2f} s (plan and queue {wall - timing['deliver']:.2f} s, "
              f"push {timing['deliver']:.2f} s); floor {floor:.2f} s at {LINE_RATE}/s → "
              f"{wall / floor:.2f}× (target ≤ 1.5×); delivered to {stats['groups']} groups, "
              f"{duplicates} duplicates, {stats['rate_limited']} refused by the rate limit; "
              f"outcomes {counts}; second run {again or 'sent nothing'}")
        services.engine.dispose()
    finally:
        fake.kill()


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--serve-fake":
        serve_fake(int(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/broadcast.sqlite3", "SQLite")
    on_postgres(lambda url: run(url, "PostgreSQL"))


if __name__ == "__main__":
    main()
