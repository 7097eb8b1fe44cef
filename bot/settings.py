"""Settings of one helpdesk installation, read from the environment by the app factory only."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from bot.office import Office

# Where `make run` keeps its SQLite file; relative to the working directory like Flask's instance folder.
DEFAULT_INSTANCE = Path("instance")
SIMULATOR_SECRET = "simulator-channel-secret"
SIMULATOR_TOKEN = "simulator-access-token"
MIN_SECRET_KEY = 32  # characters of SECRET_KEY, e.g. secrets.token_hex(32) gives 64
OFFICE = Office()  # the one set of office defaults


class SettingsError(ValueError):
    """A setting has a value the helpdesk cannot use."""


@dataclass(frozen=True)
class Settings:
    """Every knob of the helpdesk; see .env.example for what each one means."""

    database_url: str = f"sqlite:///{(DEFAULT_INSTANCE / 'helpdesk.sqlite3').resolve()}"
    line_channel_secret: str = ""
    line_channel_access_token: str = ""
    line_api_base: str = ""
    line_data_api_base: str = ""
    base_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""  # empty: the simulator makes one up per process; real LINE credentials need one
    background_workers: int = 2
    line_timeout_seconds: float = 5.0
    outbox_max_attempts: int = 12
    loading_after_seconds: float = 0.8
    log_level: str = "INFO"
    register_prefix: str = OFFICE.register_prefix
    staff_group_id: str = OFFICE.staff_group_id
    conversation_idle_minutes: int = 30
    office_name: str = OFFICE.name
    office_phone: str = OFFICE.phone
    office_hours: str = OFFICE.hours
    office_colour: str = OFFICE.colour
    line_rate_limit: float = 1800.0
    reminder_grace_minutes: int = 180
    retention_days: int = 365
    proxy_count: int = 0
    testing: bool = False
    serve_simulator: bool = True  # CLI commands serve no page: no simulator to build or announce

    @property
    def simulator(self) -> bool:
        """Say whether the built-in LINE simulator stands in for LINE (no real credentials)."""
        return not (self.line_channel_secret and self.line_channel_access_token)

    @property
    def channel_secret(self) -> str:
        """Return the secret webhooks are signed with."""
        return self.line_channel_secret or SIMULATOR_SECRET

    @property
    def access_token(self) -> str:
        """Return the bearer token for the Messaging API."""
        return self.line_channel_access_token or SIMULATOR_TOKEN

    @property
    def api_base(self) -> str:
        """Return the Messaging API host: LINE's, the simulator's, or the one configured."""
        if self.line_api_base:
            return self.line_api_base.rstrip("/")
        if self.simulator:
            return self.base_url.rstrip("/") + "/dev/line/api"
        return "https://api.line.me"

    @property
    def data_api_base(self) -> str:
        """Return the host serving message content (images, files)."""
        if self.line_data_api_base:
            return self.line_data_api_base.rstrip("/")
        if self.line_api_base or self.simulator:
            return self.api_base
        return "https://api-data.line.me"

    @property
    def office(self) -> Office:
        """Return the office settings as installed, under the changes staff make on the admin page."""
        return OFFICE.updated({"name": self.office_name, "phone": self.office_phone, "hours": self.office_hours,
                               "register_prefix": self.register_prefix, "staff_group_id": self.staff_group_id,
                               "colour": self.office_colour})

    def check(self) -> Settings:
        """Refuse settings that would start a broken helpdesk; return them unchanged otherwise."""
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", self.office_colour):
            raise SettingsError(f"OFFICE_COLOUR must look like #0B6E4F, not {self.office_colour!r}")
        names = {"LINE_CHANNEL_SECRET": self.line_channel_secret,
                 "LINE_CHANNEL_ACCESS_TOKEN": self.line_channel_access_token}
        missing = [name for name, value in names.items() if not value]
        if len(missing) == 1:  # never fall back to the simulator because half the credentials are there
            given = next(name for name in names if name not in missing)
            raise SettingsError(f"{missing[0]} is empty but {given} is set: set both for LINE, "
                                "or neither for the LINE simulator")
        if not self.simulator and len(self.secret_key) < MIN_SECRET_KEY:
            # each gunicorn worker would make up its own key and refuse the others' session cookies
            raise SettingsError(f"SECRET_KEY must be at least {MIN_SECRET_KEY} characters with real LINE "
                                "credentials (the same in every process); make one with: "
                                "python3 -c 'import secrets; print(secrets.token_hex(32))'")
        return self

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some settings changed."""
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
        """Build settings from environment variables, with a `.env` file filling the gaps."""
        env: dict[str, str] = {}
        dotenv = dotenv or Path(".env")
        if environ is None and dotenv.is_file():
            from dotenv import dotenv_values

            env.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
        env.update(os.environ if environ is None else environ)
        defaults = cls()
        try:
            settings = cls(
                database_url=env.get("DATABASE_URL") or defaults.database_url,
                line_channel_secret=env.get("LINE_CHANNEL_SECRET", ""),
                line_channel_access_token=env.get("LINE_CHANNEL_ACCESS_TOKEN", ""),
                line_api_base=env.get("LINE_API_BASE", ""),
                line_data_api_base=env.get("LINE_DATA_API_BASE", ""),
                base_url=env.get("BASE_URL") or defaults.base_url,
                secret_key=env.get("SECRET_KEY") or defaults.secret_key,
                background_workers=int(env.get("BACKGROUND_WORKERS") or defaults.background_workers),
                line_timeout_seconds=float(env.get("LINE_TIMEOUT_SECONDS") or defaults.line_timeout_seconds),
                log_level=(env.get("LOG_LEVEL") or defaults.log_level).upper(),
                register_prefix=(env.get("REGISTER_PREFIX") or defaults.register_prefix).strip().upper(),
                staff_group_id=env.get("STAFF_GROUP_ID", ""),
                conversation_idle_minutes=int(env.get("CONVERSATION_IDLE_MINUTES") or 30),
                office_name=env.get("OFFICE_NAME") or defaults.office_name,
                office_phone=env.get("OFFICE_PHONE") or defaults.office_phone,
                office_hours=env.get("OFFICE_HOURS") or defaults.office_hours,
                office_colour=env.get("OFFICE_COLOUR") or defaults.office_colour,
                line_rate_limit=float(env.get("LINE_RATE_LIMIT") or defaults.line_rate_limit),
                reminder_grace_minutes=int(env.get("REMINDER_GRACE_MINUTES") or defaults.reminder_grace_minutes),
                retention_days=int(env.get("RETENTION_DAYS") or defaults.retention_days),
                proxy_count=int(env.get("PROXY_COUNT") or 0),
            )
        except ValueError as exc:
            raise SettingsError(f"invalid setting: {exc}") from exc
        return settings.check()
