"""The office's settings (contacts, staff group, follow-up days, hours, closures) and their one set of defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

FIELDS = ("name", "phone", "hours", "register_prefix", "staff_group_id", "followup_days", "no_response_days",
          "opens_at", "closes_at", "closures", "group_contacts", "colour")


def clock(value: str) -> time:
    """Read an "HH:MM" office time."""
    hours, minutes = (int(part) for part in value.split(":"))
    return time(hours, minutes)


@dataclass(frozen=True)
class Office:
    """What staff may change on the admin page; the installation (.env) sets some, the rest keep these defaults."""

    name: str = "กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร (DLICT)"
    phone: str = "-"
    hours: str = "จันทร์–ศุกร์ 08:30–16:30 น."
    register_prefix: str = "ICT"
    staff_group_id: str = ""
    followup_days: int = 2  # working days after an answer (the manual: 1–3)
    no_response_days: int = 3  # working days after the follow-up before closing as "no response"
    opens_at: str = "08:30"
    closes_at: str = "16:30"
    closures: tuple[str, ...] = ()  # the office's own days off, YYYY-MM-DD
    group_contacts: Mapping[str, str] = field(default_factory=dict)  # office group key -> how to reach it
    colour: str = "#0B6E4F"  # the rich menu's (#RRGGBB)

    def updated(self, changes: Mapping[str, Any]) -> Office:
        """Return a copy with the known, non-empty values of `changes` (stored JSON or a form) applied."""
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key not in FIELDS or value in (None, "", [], {}):
                continue
            if key in ("followup_days", "no_response_days"):
                value = int(value)
            elif key == "closures":
                value = tuple(str(day) for day in value)
            elif key == "group_contacts":
                value = {str(k): str(v) for k, v in dict(value).items()}
            else:
                value = str(value)
            values[key] = value
        return replace(self, **values)

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as stored (JSON-friendly)."""
        stored = {name: getattr(self, name) for name in FIELDS}
        return stored | {"closures": list(self.closures), "group_contacts": dict(self.group_contacts)}

    def closed_days(self) -> frozenset[date]:
        """Return the office's own days off."""
        return frozenset(date.fromisoformat(day) for day in self.closures)

    def placeholders(self) -> dict[str, str]:
        """Return what an FAQ answer's {office.<field>} placeholders stand for."""
        return {"name": self.name, "phone": self.phone or "-", "hours": self.hours or "-"}

