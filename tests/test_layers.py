"""The pure domain reads no clock: every date it works with is handed to it (import-linter checks the imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot

ROOT = Path(bot.__file__).parent
DOMAIN = ["register", "reminders", "knowledge", "stats", "conversation.py", "thai.py", "texts", "postbacks.py",
          "workdays.py", "collection_calendar.py", "office.py"]
CLOCK_READS = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time"),
               ("time", "monotonic"), (None, "utcnow")}


def clock_reads(source: str) -> list[str]:
    """Name the calls in `source` that read the clock."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if (owner, func.attr) in CLOCK_READS:
                found.append(f"{owner}.{func.attr}() line {node.lineno}")
        elif isinstance(func, ast.Name) and (None, func.id) in CLOCK_READS:
            found.append(f"{func.id}() line {node.lineno}")
    return found


def domain_files() -> list[Path]:
    return sorted(f for name in DOMAIN
                  for f in ([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py")))


def test_the_check_sees_clock_reads():
    assert clock_reads("from datetime import date\nx = date.today()\ny = utcnow()") == ["date.today() line 2",
                                                                                      "utcnow() line 3"]
    assert clock_reads("def f(today):\n    return today.replace(day=1)") == []


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_modules_read_no_clock(path):
    assert clock_reads(path.read_text(encoding="utf-8")) == []
