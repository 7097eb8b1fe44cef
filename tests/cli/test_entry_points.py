"""The `bot` command starts both ways the project runs it: the installed script and `python -m bot.cli`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", [[sys.executable, "-m", "bot.cli"], [str(Path(sys.executable).parent / "bot")]])
def test_the_bot_command_lists_its_groups(command):
    done = subprocess.run([*command, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert all(group in done.stdout for group in ("db", "register", "reminders", "stats", "faq"))
