"""Column types shared by the models."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

from bot.thai import strip_controls

NOT_STORABLE = re.compile(r"[\x00\ud800-\udfff]")


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as naive UTC and hand them back aware, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Str(TypeDecorator[str]):
    """A VARCHAR(n) that stores text without control characters, cut to fit (PostgreSQL refuses longer text)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        if value is None:
            return None
        cleaned = strip_controls(str(value))
        return cleaned[: self.impl.length] if self.impl.length else cleaned  # type: ignore[attr-defined]


class LongText(TypeDecorator[str]):
    """A TEXT column that stores text without control characters (a NUL fails on PostgreSQL)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else strip_controls(str(value))


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        return NOT_STORABLE.sub("", value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


class Document(TypeDecorator[Any]):
    """JSON (JSONB on PostgreSQL); a NUL or half a surrogate pair, which no database stores as text, is dropped."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        return dialect.type_descriptor(JSONB() if dialect.name == "postgresql" else JSON())

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return _storable(value)
