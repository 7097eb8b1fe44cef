"""The index every worker answers from: the shipped entries plus staff edits, rebuilt when they change."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from bot.knowledge import base, matcher, model

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Knowledge:
    """Hold the current index; `current()` rebuilds it after an edit made by any process."""

    def __init__(self) -> None:
        model.shipped()  # the learned router and judge, read once per process, and the base's segmentations
        self._shipped = base.load()
        self._index = matcher.build(self._shipped)
        self._version = 0
        self._lock = threading.Lock()

    def current(self, session: Session) -> matcher.Index:
        """Return the index, rebuilding it first if staff changed entries since it was built."""
        from bot.storage import faq_repo

        stored = faq_repo.version(session)
        if stored != self._version:
            with self._lock:
                if stored != self._version:
                    edited = [base.entry_from_dict(d) for d in faq_repo.edited_entries(session)]
                    self._index = matcher.build(base.merge(self._shipped, edited))
                    self._version = stored
        return self._index
