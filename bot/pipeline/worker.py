"""Background threads that drain the inbox and the outbox, woken by the webhook or a short poll.

Event threads never wait on LINE: what a handler queued is handed to separate sender threads, so a LINE that
hangs slows the answers down but never the handling of new events.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import threading

from bot import logs
from bot.pipeline.inbox import Processor
from bot.pipeline.outbox import Sender
from bot.storage import inbox_repo
from bot.storage.models import OutboxMessage

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
HANDED_OVER_AT_ONCE = 16  # messages a sender takes from the queue, sends and records in one transaction


def owner_name(slot: int | str) -> str:
    """Name a worker thread so its leases can be traced back to host, process and slot."""
    return f"{socket.gethostname()}:{os.getpid()}:{slot}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Pump:
    """Run `threads` event workers and as many sender threads until stopped."""

    def __init__(self, processor: Processor, sender: Sender, threads: int, senders: int | None = None) -> None:
        self.processor = processor
        self.sender = sender
        self.threads = threads
        self.senders = threads if senders is None else senders
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._claimed: queue.Queue[OutboxMessage | None] = queue.Queue()  # None: look for due messages

    def wake(self) -> None:
        """Tell the workers there is new work, so they do not wait for the next poll."""
        self._wake.set()
        if self._claimed.empty():
            self._claimed.put(None)  # a sender looks for what a request queued (a staff answer)

    def start(self) -> None:
        """Recover from a crash of an earlier process, then start the worker threads."""
        try:
            self.recover()
        except Exception as exc:  # e.g. a database not migrated yet: the workers keep retrying and logging
            logs.failure(log, "could not look for leases of crashed workers (has `bot db upgrade` run?)", exc)
        for slot in range(self.threads):
            worker = threading.Thread(target=self._loop, args=(owner_name(slot),), name=f"pump-{slot}",
                                      daemon=True)
            worker.start()
            self._workers.append(worker)
        for slot in range(self.senders):
            worker = threading.Thread(target=self._send_loop, name=f"send-{slot}", daemon=True)
            worker.start()
            self._workers.append(worker)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the workers to finish their current event and wait for them."""
        self._stop.set()
        self._wake.set()
        for _ in range(self.senders):
            self._claimed.put(None)
        for worker in self._workers:
            worker.join(timeout)
        self._workers.clear()

    def recover(self) -> int:
        """Free chat leases held by dead processes on this host, so their events are taken up now."""
        host = socket.gethostname()
        with self.processor.sessions() as session, session.begin():
            dead = [
                owner for owner in inbox_repo.lease_owners(session)
                if owner.startswith(host + ":") and not _pid_alive(int(owner.split(":")[1]))
            ]
            freed = inbox_repo.release_leases_of(session, dead)
        if freed:
            log.warning("freed %s chat leases left by crashed workers %s", freed, dead)
        return freed

    def run_once(self, owner: str) -> int:
        """Do one round of work: events first, then due messages; return how much was done."""
        return self.processor.process_available(owner) + self.sender.deliver_due()

    def run_until_idle(self, owner: str = "inline", max_rounds: int = 100) -> int:
        """Work in the calling thread until a round finds nothing to do; return the total done."""
        total = 0
        for _ in range(max_rounds):
            done = self.run_once(owner_name(owner))
            if not done:
                break
            total += done
        return total

    def _loop(self, owner: str) -> None:
        while not self._stop.is_set():
            try:
                done = self.processor.process_available(owner, dispatch=self._claimed.put)
            except Exception as exc:
                logs.failure(log, "worker %s round failed; retrying after a pause", exc, owner)
                done = 0
            if not done:
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()

    def _send_loop(self) -> None:
        """Send what the event threads hand over at once; between those, whatever else is due."""
        busy = False
        while not self._stop.is_set():
            try:  # while a backlog drains, look again at once; when idle, wait for a hand-over or the poll
                row = self._claimed.get_nowait() if busy else self._claimed.get(timeout=POLL_SECONDS)
            except queue.Empty:
                row = None
            try:
                if row is not None:
                    rows = [row]
                    with contextlib.suppress(queue.Empty):  # what piled up meanwhile goes out in the same round
                        while len(rows) < HANDED_OVER_AT_ONCE:
                            rows.append(self._claimed.get_nowait())
                    claimed = [r for r in rows if r is not None]
                    self.sender.send_claimed_many(claimed)
                    busy = len(claimed) < len(rows)  # a nudge taken along: look for due messages at once
                else:
                    busy = self.sender.deliver_due() > 0
            except Exception as exc:  # the database away: the message's claim runs out and it is tried again
                logs.failure(log, "sender round failed; retrying after a pause", exc)
                busy = False
                self._stop.wait(POLL_SECONDS)
