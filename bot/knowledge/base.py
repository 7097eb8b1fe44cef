"""Load the shipped knowledge base (bot/knowledge/base/*.json) and render answers for today."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from bot.collection_calendar import Round, render
from bot.knowledge.matcher import Entry
from bot.office import Office

SHIPPED = Path(__file__).with_name("base")


def entry_from_dict(data: dict) -> Entry:
    """Build an entry from its JSON form, refusing one without the required fields."""
    missing = [key for key in ("id", "category", "question", "answer") if not str(data.get(key) or "").strip()]
    if missing:
        raise ValueError(f"entry {data.get('id', '?')}: missing {', '.join(missing)}")
    return Entry(id=str(data["id"]), category=str(data["category"]), question=str(data["question"]),
                 answer=str(data["answer"]), phrasings=tuple(data.get("phrasings") or ()),
                 keywords=tuple(data.get("keywords") or ()), related=tuple(data.get("related") or ()))


def entry_to_dict(entry: Entry) -> dict:
    """Return an entry in its JSON form."""
    return {"id": entry.id, "category": entry.category, "question": entry.question,
            "phrasings": list(entry.phrasings), "keywords": list(entry.keywords), "answer": entry.answer,
            "related": list(entry.related)}


def load(folder: Path = SHIPPED) -> list[Entry]:
    """Read every entry file of a folder, in file order."""
    entries = [entry_from_dict(item) for path in sorted(folder.glob("*.json"))
               for item in json.loads(path.read_text(encoding="utf-8"))]
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f"entry id {entry.id} appears twice")
        seen.add(entry.id)
    return entries


def merge(shipped: Iterable[Entry], edited: Iterable[Entry]) -> list[Entry]:
    """Overlay entries edited by staff (stored in the database) on the shipped ones, by id."""
    by_id = {entry.id: entry for entry in shipped}
    by_id.update({entry.id: entry for entry in edited})
    return list(by_id.values())


def answer_text(entry: Entry, rounds: list[Round], today: date, office: Office) -> str:
    """Render an entry's answer: the office's contact details, then collection dates from the calendar."""
    text = entry.answer
    for key, value in office.placeholders().items():  # first: the calendar would read {office.name} as a round
        text = text.replace("{office." + key + "}", value)
    return render(text, rounds, today)
