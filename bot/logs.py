"""Log failures without personal data: the exception's type and where it happened, never its message."""

from __future__ import annotations

import logging
import traceback


def where(exc: BaseException) -> str:
    """Return the stack of an exception as file:line in function, innermost last (no values, no message)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return " < ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} in {f.name}" for f in reversed(frames[-6:]))


def failure(log: logging.Logger, what: str, exc: BaseException, *args: object, level: int = logging.ERROR) -> None:
    """Log that something failed, naming the exception's type and stack: its message may quote what a user typed."""
    log.log(level, what + ": %s at %s", *args, type(exc).__name__, where(exc))


def describe(exc: BaseException, limit: int = 500) -> str:
    """Return the exception's type and first line, for staff to read beside a set-aside event or message.

    SQLAlchemy hides bound parameters (the engine is built with hide_parameters), so no typed text is quoted.
    """
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:limit]
