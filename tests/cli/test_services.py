"""The app a command builds: the same factory as the web app, minus what only a web server needs."""

from __future__ import annotations

import logging
import shutil

from click.testing import CliRunner

from bot import create_app
from bot.cli import main
from bot.cli.services import build
from bot.settings import Settings
from bot.storage import migrate

ANNOUNCEMENT = "no LINE credentials: the LINE simulator is at http://127.0.0.1:8000/dev/line/"


def test_commands_neither_build_nor_announce_the_simulator(tmp_path, monkeypatch, caplog, sqlite_template):
    database = tmp_path / "helpdesk.sqlite3"
    shutil.copy(sqlite_template, database)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "LINE_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    caplog.set_level(logging.INFO)
    result = CliRunner().invoke(main, ["db", "current"])
    assert result.exit_code == 0 and result.output.strip() == migrate.head()
    services = build()
    assert services.settings.simulator and services.fake_line is None  # no LINE, yet no simulator of its own
    assert ANNOUNCEMENT not in caplog.text and "LINE simulator" not in result.output
    web = create_app(Settings.from_env())  # the web app, built from the same settings, does announce it
    assert ANNOUNCEMENT in caplog.text and web.extensions["helpdesk"].fake_line is not None
    for built in (services, web.extensions["helpdesk"]):
        built.engine.dispose()
