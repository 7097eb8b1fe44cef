"""Signed webhook events through gunicorn: throughput and time to the 200, against a bare Flask ceiling.

Run with `make bench`. Starts a fake LINE, the helpdesk (SQLite, background workers answering every
event through the fake) and a bare signature-checking Flask app, each under gunicorn on loopback.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.simulator import events as ev  # noqa: E402
from bot.simulator.api import standalone_app  # noqa: E402
from bot.simulator.fake_line import FakeLine  # noqa: E402

SECRET, TOKEN = "bench-secret", "bench-token"
THROUGHPUT_SECONDS = 8.0
CLIENTS = 8
RATE, RATE_SECONDS = 200, 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signed_body(fake: FakeLine, n: int) -> bytes:
    event = fake.user_event("message", f"Ubench{n % 500:05d}", message=ev.text_message(f"สอบถามเรื่อง DMC ข้อ {n}"))
    return ev.envelope([event])


def start_gunicorn(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Serve `app` with the production gunicorn settings (deploy/gunicorn.conf.py), access log off."""
    cmd = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
           "--log-level", "warning", app]
    env = dict(env, GUNICORN_ACCESS_LOG="")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app} did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


def post(conn: http.client.HTTPConnection, body: bytes) -> float:
    headers = {"Content-Type": "application/json", "x-line-signature": ev.sign(body, SECRET)}
    start = time.perf_counter()
    conn.request("POST", "/callback", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"webhook answered {response.status}")
    return time.perf_counter() - start


def throughput(port: int, bodies: list[bytes]) -> float:
    """Closed loop: CLIENTS connections posting as fast as they can; return events per second."""
    counts = [0] * CLIENTS
    stop = time.perf_counter() + THROUGHPUT_SECONDS

    def client(slot: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        i = slot
        while time.perf_counter() < stop:
            post(conn, bodies[i % len(bodies)])
            counts[slot] += 1
            i += CLIENTS

    threads = [threading.Thread(target=client, args=(s,)) for s in range(CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - began)


def latency_at_rate(port: int, bodies: list[bytes]) -> tuple[float, float, int]:
    """Open loop: RATE events per second for RATE_SECONDS; return p50 and p99 in ms, and errors."""
    total = int(RATE * RATE_SECONDS)
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    began = time.perf_counter()
    slots = 16

    def client(slot: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for n in range(slot, total, slots):
            delay = began + n / RATE - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            scheduled = began + n / RATE
            try:
                post(conn, bodies[n % len(bodies)])
                elapsed = time.perf_counter() - scheduled  # counts queueing behind a slow answer too
            except Exception:
                with lock:
                    errors[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            with lock:
                times.append(elapsed)

    threads = [threading.Thread(target=client, args=(s,)) for s in range(slots)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    p50 = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    return p50, p99, errors[0]


def run(database_url: str, label: str, workers: str) -> None:
    """Benchmark the bare app and the helpdesk on one database; print the figures."""
    fake = FakeLine(SECRET, TOKEN, quota=10**9, validate=False)  # LINE checks schemas remotely: not our CPU
    fake_server = make_server("127.0.0.1", free_port(), standalone_app(fake), threaded=True)
    threading.Thread(target=fake_server.serve_forever, daemon=True).start()
    env = dict(os.environ, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
               LINE_API_BASE=f"http://127.0.0.1:{fake_server.server_port}", LOG_LEVEL="WARNING",
               DATABASE_URL=database_url, BACKGROUND_WORKERS=workers, SECRET_KEY="bench-" + "k" * 32)
    subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    results = {}
    for name, app in (("bare Flask (signature only)", "bench.bare_app:create_app()"),
                      ("helpdesk /callback", "bot:create_app()")):
        port = free_port()
        proc = start_gunicorn(app, port, env)
        try:
            bodies = [signed_body(fake, n) for n in range(4000)]
            post(http.client.HTTPConnection("127.0.0.1", port), bodies[0])  # warm up
            eps = throughput(port, bodies[1:2000])
            p50, p99, errors = latency_at_rate(port, bodies[2000:])
            results[name] = (eps, p50, p99, errors)
        finally:
            proc.terminate()
            proc.wait(10)
    fake_server.shutdown()
    mode = "webhook only (BACKGROUND_WORKERS=0)" if workers == "0" else \
        f"webhook + {workers} worker thread(s) per process answering every event"
    print(f"\n{label}, {mode}: gunicorn with deploy/gunicorn.conf.py on {os.cpu_count()} cores")
    print(f"{'':32} {'events/s':>9} {'p50 ms':>8} {'p99 ms':>8}  (latency at {RATE} events/s, errors)")
    for name, (eps, p50, p99, errors) in results.items():
        print(f"{name:32} {eps:9.0f} {p50:8.1f} {p99:8.1f}  ({errors} errors)")
    bare, ours = results["bare Flask (signature only)"], results["helpdesk /callback"]
    print(f"ratio helpdesk/bare: {ours[0] / bare[0]:.2f} (target >= 0.6); helpdesk p99 at {RATE}/s: "
          f"{ours[2]:.1f} ms (target < 50 ms)")
    print(f"answers the workers delivered to the fake LINE meanwhile: {len(fake.deliveries)}")


def on_postgres(measure: Callable[[str], None]) -> None:
    """Run `measure(url)` on a throwaway PostgreSQL cluster, or say why PostgreSQL was not measured."""
    from tests.pg_cluster import Cluster

    try:
        cluster = Cluster()
        url = cluster.start()
    except Exception as exc:
        print(f"\nPostgreSQL: not measured ({exc})")
        return
    try:
        measure(url)
    finally:
        cluster.stop()


def main() -> None:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the fake LINE's access log is noise here
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    for workers in ("0", "1"):
        run(f"sqlite:///{tmp / f'bench{workers}.sqlite3'}", "SQLite", workers)
    on_postgres(lambda url: [run(url, "PostgreSQL", workers) for workers in ("0", "1")])


if __name__ == "__main__":
    main()
