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
    settings = Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"})
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
