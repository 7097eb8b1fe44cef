"""The simulator's chat history on disk, so restarting `make run` keeps what was said: one JSON line per entry."""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

KEEP = 200  # entries per chat, on disk and in memory

log = logging.getLogger(__name__)
Chats = dict[str, list[dict[str, Any]]]


class History:
    """Append each transcript entry to a file; rewrite it with the last KEEP per chat at start and now and then."""

    def __init__(self, path: Path, keep: int = KEEP) -> None:
        self.path: Path | None = path
        self.keep = keep
        self.appended = 0  # lines added since the file was last rewritten

    def load(self) -> defaultdict[str, list[dict[str, Any]]]:
        """Return the chats the file holds, each cut to its last entries, and rewrite the file that short."""
        chats: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        if self.path is None or not self.path.is_file():
            return chats
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    item = json.loads(line)
                    chats[str(item["chat"])].append(dict(item["entry"]))
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short when the process was killed mid-write
        for entries in chats.values():
            del entries[:-self.keep]
        self.save(chats)
        return chats

    def save(self, chats: Chats) -> None:
        """Rewrite the file with exactly these chats (atomically: a crash leaves the old file or the new one)."""
        if self.path is None:
            return
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("w", encoding="utf-8") as handle:
                for chat, entries in chats.items():
                    handle.writelines(_line(chat, entry) for entry in entries)
            os.replace(temporary, self.path)
        except OSError as exc:
            self._give_up(exc)
        self.appended = 0

    def append(self, chat: str, entry: dict[str, Any], chats: Chats) -> None:
        """Add one entry; every KEEP entries, rewrite the file from `chats` so it stays bounded."""
        if self.path is None:
            return
        self.appended += 1
        if self.appended >= self.keep:
            self.save(chats)
            return
        try:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(_line(chat, entry))
        except OSError as exc:
            self._give_up(exc)

    def _give_up(self, exc: OSError) -> None:
        # a development aid: a full disk or a read-only folder must not stop the simulator, only its memory
        log.warning("simulator: chat history not kept on disk (%s): %s", self.path, type(exc).__name__)
        self.path = None


def _line(chat: str, entry: dict[str, Any]) -> str:
    return json.dumps({"chat": chat, "entry": entry}, ensure_ascii=False, default=str) + "\n"
