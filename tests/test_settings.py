"""Settings come from the environment only, and .env.example documents every one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_use_sqlite_and_the_simulator():
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("helpdesk.sqlite3")
    assert settings.simulator
    assert settings.api_base == "http://127.0.0.1:8000/dev/line/api"
    from bot.clock import BANGKOK

    assert str(BANGKOK) == "Asia/Bangkok"  # fixed: fiscal years and working days are Thai rules


def test_real_credentials_use_line_hosts():
    settings = Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t", "SECRET_KEY": "k" * 40})
    assert not settings.simulator
    assert (settings.api_base, settings.data_api_base) == ("https://api.line.me", "https://api-data.line.me")
    assert (settings.channel_secret, settings.access_token) == ("s", "t")


def test_api_base_override_covers_content_too():
    settings = Settings.from_env({"LINE_API_BASE": "http://127.0.0.1:9999/"})
    assert settings.api_base == settings.data_api_base == "http://127.0.0.1:9999"


def test_bad_number_is_a_clear_error():
    with pytest.raises(SettingsError, match="invalid setting"):
        Settings.from_env({"BACKGROUND_WORKERS": "two"})


def test_dotenv_fills_gaps_but_environment_wins(tmp_path, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text("LOG_LEVEL=debug\nBASE_URL=http://example.invalid\n", encoding="utf-8")
    monkeypatch.setenv("BASE_URL", "http://127.0.0.1:8123")
    settings = Settings.from_env(dotenv=dotenv)
    assert settings.log_level == "DEBUG"
    assert settings.base_url == "http://127.0.0.1:8123"


def test_env_example_documents_every_setting():
    source = (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\.get\("([A-Z_]+)"', source))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    app_part, _, compose_part = example.partition("# --- Docker Compose only")
    documented = set(re.findall(r"^([A-Z_]+)=", app_part, re.M))
    assert read, "no settings found in bot/settings.py"
    assert read == documented
    compose = (ROOT / "deploy" / "docker-compose.yml").read_text(encoding="utf-8")
    for name in re.findall(r"^([A-Z_]+)=", compose_part, re.M):  # documented, and really used by compose
        assert "${" + name in compose, name


LINE = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}


@pytest.mark.parametrize("key", [None, "", "short-key", "x" * 31])
def test_real_credentials_need_a_secret_key_of_32_characters(key):
    env = LINE | ({"SECRET_KEY": key} if key is not None else {})
    with pytest.raises(SettingsError, match=r"SECRET_KEY.*32 characters"):
        Settings.from_env(env)
    assert Settings.from_env(LINE | {"SECRET_KEY": "x" * 32}).secret_key == "x" * 32


def test_the_app_factory_checks_settings_built_in_code_too():
    from bot import create_app

    with pytest.raises(SettingsError, match="SECRET_KEY"):
        create_app(Settings(database_url="sqlite://", line_channel_secret="s", line_channel_access_token="t",
                            background_workers=0))


def test_the_simulator_makes_up_a_key_of_its_own():
    from bot import create_app

    app = create_app(Settings.from_env({"DATABASE_URL": "sqlite://", "BACKGROUND_WORKERS": "0"}))
    assert len(app.config["SECRET_KEY"]) >= 32
    app.extensions["helpdesk"].engine.dispose()


@pytest.mark.parametrize(("given", "missing"), [("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"),
                                                ("LINE_CHANNEL_ACCESS_TOKEN", "LINE_CHANNEL_SECRET")])
def test_one_line_credential_alone_is_an_error_naming_the_other(given, missing):
    with pytest.raises(SettingsError, match=f"{missing} is empty"):
        Settings.from_env({given: "value", "SECRET_KEY": "x" * 32})


def test_cli_reports_a_settings_error_without_a_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from bot.cli import main

    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    result = CliRunner().invoke(main, ["db", "current"], env={"LINE_CHANNEL_SECRET": "s",
                                                              "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "LINE_CHANNEL_ACCESS_TOKEN is empty" in result.output and "Traceback" not in result.output


def test_gunicorn_reports_a_settings_error_without_a_traceback(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "SECRET_KEY"))}
    env |= LINE | {"SECRET_KEY": "too-short", "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    done = subprocess.run([str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--check-config",
                           "bot:create_app()"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("colour", ["green", "#0B6E4", "0B6E4F", "#0B6E4FF"])
def test_a_colour_the_rich_menu_cannot_use_is_refused_clearly(colour):
    with pytest.raises(SettingsError, match="OFFICE_COLOUR must look like #0B6E4F"):
        Settings.from_env({"OFFICE_COLOUR": colour})
    assert Settings.from_env({"OFFICE_COLOUR": "#aa2200"}).office.colour == "#aa2200"
