"""Fault runs (`make chaos`, not in CI): LINE failing or hanging, a worker killed, the database stopped.

Each scenario runs the production deployment (gunicorn with deploy/gunicorn.conf.py, two processes, PostgreSQL)
against a fake LINE on loopback. Chats send numbered messages ("chaos-C-N", answered "ack chaos-C-N" by an echo
route added in bench/chaos_app.py) at a steady rate; this script plays LINE: it signs each event, posts it, and
redelivers (same webhookEventId, isRedelivery) whatever did not get a 2xx, with backoff, as LINE does. After the
fault it waits for the backlog to drain and prints per scenario: messages sent, answered, lost, answered more
than once, answers out of order (answered before a message of the same chat that the bot had stored
earlier), the webhook's ack time (p99, redeliveries included) and how long
after the fault ended every message sent before then had its answer. `python bench/chaos.py LINE` runs only the
scenarios whose name contains "LINE".
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.webhook import free_port  # noqa: E402
from bot.simulator import events as ev  # noqa: E402
from bot.simulator.api import standalone_app  # noqa: E402
from bot.simulator.fake_line import FakeLine  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

SECRET, TOKEN = "chaos-secret", "chaos-token"
CHATS, PER_SECOND = 20, 1.0  # each chat sends a message a second
WARM, FAULT, TAIL, DRAIN = 5.0, 30.0, 10.0, 180.0
ACK = re.compile(r"ack chaos-(\d+)-(\d+)")


class Line:
    """The LINE platform's side: sends numbered messages, redelivers refused ones, records what came back."""

    def __init__(self, fake: FakeLine, port: int, run: int) -> None:
        self.fake, self.port, self.run = fake, port, run
        self.sent = 0
        self.acks: list[float] = []
        self.ids: dict[str, tuple[str, int]] = {}  # webhookEventId → (chat, message number)
        self.lock = threading.Lock()
        self.pending = 0

    def chat(self, c: int) -> str:
        return f"Uchaos{self.run:02d}{c:04d}".ljust(33, "0")

    def deliver(self, event: dict, attempt: int = 0) -> None:
        """Post an event until it gets a 2xx (redelivering with backoff), recording the time to each answer."""
        if attempt:
            event = {**event, "deliveryContext": {"isRedelivery": True}}
        body = ev.envelope([event])
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            conn.request("POST", "/callback", body=body, headers={
                "Content-Type": "application/json", "x-line-signature": ev.sign(body, SECRET)})
            status = conn.getresponse().status
            conn.close()
        except OSError:
            status = 0
        with self.lock:
            self.acks.append(time.perf_counter() - started)
        if 200 <= status < 300:
            with self.lock:
                self.pending -= 1
            return
        delay = min(2.0**attempt, 30.0)
        threading.Timer(delay, self.deliver, args=(event, attempt + 1)).start()

    def send_for(self, seconds: float, counters: dict[int, int]) -> None:
        """Each chat sends its next numbered message every 1/PER_SECOND seconds, for `seconds`."""
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            tick = time.monotonic()
            for c in range(CHATS):
                counters[c] += 1
                event = self.fake.user_event("message", self.chat(c),
                                             message=ev.text_message(f"chaos-{c}-{counters[c]}"))
                with self.lock:
                    self.sent += 1
                    self.pending += 1
                    self.ids[event["webhookEventId"]] = (self.chat(c), counters[c])
                threading.Thread(target=self.deliver, args=(event,), daemon=True).start()
            time.sleep(max(0.0, 1 / PER_SECOND - (time.monotonic() - tick)))

    def answered(self) -> dict[str, list[int]]:
        """Return, per chat, the message numbers the answers it received named, in arrival order."""
        out: dict[str, list[int]] = defaultdict(list)
        for chat, number, _ in self.arrivals():
            out[chat].append(number)
        return out

    def arrivals(self) -> list[tuple[str, int, float]]:
        """Return (chat, message number, when its delivery reached LINE) for every answer, in arrival order."""
        with self.fake.lock:
            deliveries = list(self.fake.deliveries)
        out = []
        for delivery in deliveries:
            if not delivery["to"].startswith(f"Uchaos{self.run:02d}"):
                continue
            for message in delivery["messages"]:  # late answers arrive joined in one text
                out.extend((delivery["to"], int(n), delivery["at"]) for _, n in ACK.findall(message.get("text", "")))
        return out

    def disorder(self, database_url: str) -> int:
        """Count answers sent while an earlier message of the same chat, already stored, was still unanswered.

        After an outage LINE's redeliveries come late and in no order: a message the bot has not received yet
        cannot be answered first, so each answer is compared only with earlier messages stored before it went.
        """
        engine = create_engine(database_url)
        with engine.connect() as conn:
            stored = {key: at.replace(tzinfo=UTC).timestamp() for key, at in conn.execute(
                text("SELECT webhook_event_id, received_at FROM inbox_event")).all()}
        engine.dispose()
        answered: dict[tuple[str, int], float] = {}
        for chat, number, at in self.arrivals():
            answered.setdefault((chat, number), at)
        by_chat: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
        for event_id, (chat, number) in self.ids.items():
            if event_id in stored:
                by_chat[chat].append((number, stored[event_id], answered.get((chat, number), float("inf"))))
        count = 0
        for items in by_chat.values():
            for number, _, sent in items:
                if any(n < number and s < sent and a > sent for n, s, a in items):
                    count += 1
        return count


def scenario(name: str, fault: Callable[[], None], heal: Callable[[], None], fake: FakeLine, port: int,
             run: int, database_url: str, fault_seconds: float = FAULT) -> dict[str, object]:
    """Send steadily, apply the fault for a while, heal it, keep sending, then drain and count.

    `recovered_s`: seconds from the heal until every message sent before it was answered.
    """
    line, counters = Line(fake, port, run), defaultdict(int)
    line.send_for(WARM, counters)
    fault()
    line.send_for(fault_seconds, counters)
    heal()
    healed, before = time.monotonic(), dict(counters)
    tail = threading.Thread(target=line.send_for, args=(TAIL, counters))
    tail.start()
    recovered = None
    deadline = time.monotonic() + DRAIN
    while time.monotonic() < deadline:
        answered = line.answered()
        if recovered is None and all(set(range(1, n + 1)) <= set(answered.get(line.chat(c), ()))
                                     for c, n in before.items()):
            recovered = time.monotonic() - healed
        if not tail.is_alive() and line.pending == 0 and \
                sum(len(set(v)) for v in answered.values()) >= line.sent:
            break
        time.sleep(0.25)
    tail.join()
    answered = line.answered()
    unique = sum(len(set(numbers)) for numbers in answered.values())
    duplicates = sum(len(numbers) - len(set(numbers)) for numbers in answered.values())
    acks = sorted(line.acks)
    return {"scenario": name, "sent": line.sent, "answered": unique, "lost": line.sent - unique,
            "duplicated": duplicates, "order": line.disorder(database_url),
            "ack_p99_ms": round(acks[int(len(acks) * 0.99)] * 1000, 1) if acks else None,
            "recovered_s": None if recovered is None else round(recovered, 1)}


def start_gunicorn(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Serve `app` with the production settings; its log goes to a file (a pipe nobody reads would fill up
    during an outage and block the workers on their error lines)."""
    cmd = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", app]
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(env, GUNICORN_ACCESS_LOG=""), stdout=out, stderr=out)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{app} did not start; see {log}")


def warm_up(fake: FakeLine, port: int) -> None:
    """Let each process load (the Thai dictionary, the SDK) before anything is timed."""
    line = Line(fake, port, 0)
    line.send_for(3.0, defaultdict(int))
    deadline = time.monotonic() + 60
    while line.pending and time.monotonic() < deadline:
        time.sleep(0.2)


def worker_pids(master: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def main() -> None:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    fake = FakeLine(SECRET, TOKEN, quota=10**9, validate=False)
    fake_server = make_server("127.0.0.1", free_port(), standalone_app(fake), threaded=True)
    threading.Thread(target=fake_server.serve_forever, daemon=True).start()
    cluster = Cluster()
    url = cluster.start()
    env = dict(os.environ, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
               LOG_LEVEL=os.environ.get("LOG_LEVEL", "ERROR"),
               LINE_API_BASE=f"http://127.0.0.1:{fake_server.server_port}", DATABASE_URL=url,
               BACKGROUND_WORKERS="2", GUNICORN_WORKERS="2", SECRET_KEY="chaos-" + "k" * 32,
               LINE_TIMEOUT_SECONDS="5")
    subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="chaos-")) / "gunicorn.log"
    app = start_gunicorn("bench.chaos_app:create_app()", port, env, log)
    warm_up(fake, port)
    only = sys.argv[1:]

    def outage(status: int) -> tuple[Callable[[], None], Callable[[], None]]:
        def start() -> None:
            fake.outage_status, fake.outage = status, True

        def stop() -> None:
            fake.outage = False

        return start, stop

    def kill_workers() -> None:
        def killer() -> None:
            for _ in range(2):
                time.sleep(FAULT / 3)
                pids = worker_pids(app.pid)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)

        threading.Thread(target=killer, daemon=True).start()

    results = []
    try:
        runs: list[tuple[str, Callable[[], None], Callable[[], None], float]] = [
            ("no fault", lambda: None, lambda: None, FAULT),
            ("LINE 500 for 30 s", *outage(500), FAULT),
            ("LINE 429 for 30 s", *outage(429), FAULT),
            ("LINE hangs 30 s", lambda: setattr(fake, "slowness", 8.0), lambda: setattr(fake, "slowness", 0.0),
             FAULT),
            ("2 workers killed (SIGKILL)", kill_workers, lambda: None, FAULT),
            ("database stopped 60 s", cluster.halt, cluster.resume, 60.0),
        ]
        for number, (name, fault, heal, seconds) in enumerate(runs, start=1):
            if only and not any(word in name for word in only):
                continue
            print(f"running: {name} …", flush=True)
            results.append(scenario(name, fault, heal, fake, port, number, url, seconds))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    finally:
        app.terminate()
        app.wait(20)
        fake_server.shutdown()
        cluster.stop()
    print(f"\nthe app's log: {log}")
    print(f"Fault runs: {CHATS} chats × {PER_SECOND:g} message/s, gunicorn 2 processes × 2 worker threads, "
          f"PostgreSQL, LINE timeout 5 s")
    print(f"{'scenario':28} {'sent':>6} {'answered':>9} {'lost':>5} {'dupl.':>6} {'order':>6} {'ack p99 ms':>11} "
          f"{'recovered s':>12}")
    for r in results:
        print(f"{r['scenario']:28} {r['sent']:>6} {r['answered']:>9} {r['lost']:>5} {r['duplicated']:>6} "
              f"{r['order']:>6} {r['ack_p99_ms']!s:>11} {r['recovered_s']!s:>12}")


if __name__ == "__main__":
    main()
