"""Office settings changed at run time, with the register's defaults when unset."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.office import FIELDS, Office
from bot.register import rules
from bot.storage.models import Setting

CATEGORIES = "categories"
QUOTA_BLOCK = "line_quota_block"


def categories(session: Session) -> dict[str, str]:
    """Return the consultation categories offered to teachers, key → Thai label, in order."""
    row = session.get(Setting, CATEGORIES)
    return dict(row.value["items"]) if row else dict(rules.CATEGORIES)


def set_categories(session: Session, items: dict[str, str]) -> None:
    """Replace the category list (records keep the keys they were filed under)."""
    if not items:
        raise ValueError("at least one category is needed")
    if len(set(items.values())) != len(items):
        raise ValueError("two categories have the same label")
    row = session.get(Setting, CATEGORIES) or Setting(key=CATEGORIES, value={})
    row.value = {"items": [[key, label] for key, label in items.items()]}
    session.add(row)


def category_label(session: Session, key: str) -> str:
    """Return a category's label, also for one no longer offered."""
    return categories(session).get(key) or rules.CATEGORIES.get(key, key)


def quota_block(session: Session) -> datetime | None:
    """Return until when pushes wait because LINE's monthly quota ran out, or None."""
    row = session.get(Setting, QUOTA_BLOCK)
    return datetime.fromisoformat(row.value["until"]) if row else None


def set_quota_block(session: Session, until: datetime) -> None:
    row = session.get(Setting, QUOTA_BLOCK) or Setting(key=QUOTA_BLOCK, value={})
    row.value = {"until": until.isoformat()}
    session.add(row)


def clear_quota_block(session: Session) -> bool:
    """Let pushes go again (staff bought more messages); False if none was set."""
    row = session.get(Setting, QUOTA_BLOCK)
    if row is None:
        return False
    session.delete(row)
    return True


OFFICE = "office"


def office(session: Session, installed: Office) -> Office:
    """Return the office settings staff changed on the admin page, over the installation's."""
    row = session.get(Setting, OFFICE)
    return installed.updated(row.value) if row else installed


def set_office(session: Session, values: dict[str, Any]) -> None:
    """Store office settings (only known fields; empty ones fall back to the defaults)."""
    row = session.get(Setting, OFFICE) or Setting(key=OFFICE, value={})
    row.value = {k: values.get(k) for k in FIELDS}
    session.add(row)


HEARTBEAT = "scheduler_heartbeat"


def beat(session: Session, now: datetime) -> None:
    """Record that a scheduler is alive (each minute), for /healthz."""
    row = session.get(Setting, HEARTBEAT) or Setting(key=HEARTBEAT, value={})
    row.value = {"at": now.isoformat()}
    session.add(row)


def scheduler_heartbeat(session: Session) -> datetime | None:
    row = session.get(Setting, HEARTBEAT)
    return datetime.fromisoformat(row.value["at"]) if row else None


STAFF_MENU = "staff_rich_menu"


def staff_menu(session: Session) -> str | None:
    """Return the id of the staff rich menu `bot richmenu install` made (None: not installed)."""
    row = session.get(Setting, STAFF_MENU)
    return str(row.value["id"]) if row and row.value.get("id") else None


def set_staff_menu(session: Session, menu_id: str | None) -> None:
    row = session.get(Setting, STAFF_MENU) or Setting(key=STAFF_MENU, value={})
    row.value = {"id": menu_id}
    session.add(row)
