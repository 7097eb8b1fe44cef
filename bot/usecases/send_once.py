"""The one path every scheduled sender takes: claim and queue in one transaction, commit, deliver, count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker


class Courier(Protocol):
    """What a sender needs of the outbox's deliverer (the pipeline's Sender)."""

    clock: Callable[[], datetime]

    def deliver_many(self, ids: Sequence[int], threads: int = 8) -> dict[str, int]: ...


@dataclass
class Claimed:
    """What one run claimed under its unique keys: what it did, and the outbox messages to deliver now."""

    counts: Counter[str] = field(default_factory=Counter)
    queued: list[int] = field(default_factory=list)


def send_once(sessions: sessionmaker[Session], claim: Callable[[Session], Claimed], courier: Courier,
              threads: int = 8) -> dict[str, int]:
    """Claim what is due and queue it, commit, then deliver it and count the outcomes.

    The claim (a unique key, or a state changed only where it still holds) is what makes a second scheduler or a
    catch-up run send nothing twice; delivering after the commit keeps network calls out of the transaction, and
    whatever delivery misses now stays in the outbox for its retries.
    """
    with sessions() as session, session.begin():
        claimed = claim(session)
    counts = Counter(claimed.counts)
    if claimed.queued:
        for outcome, count in courier.deliver_many(claimed.queued, threads).items():
            counts[f"delivery:{outcome}"] += count
    return {name: count for name, count in counts.items() if count}
