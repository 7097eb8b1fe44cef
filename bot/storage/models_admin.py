"""Typed models of the admin page: staff accounts and their sessions, the audit log, login throttling."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base


class StaffUser(Base):
    """An ICT staff member who logs in to the admin page."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))  # admin | staff
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]
    line_user_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # bound by a one-time code
    line_code_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 of the code shown on the admin page
    line_code_expires_at: Mapped[datetime | None]
    line_menu_id: Mapped[str | None] = mapped_column(String(64))  # the staff rich menu linked to that account


class AuditLog(Base):
    """One thing a staff member did (logged in, answered, changed a status, edited an entry …)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[dict[str, Any] | None]
    ip: Mapped[str | None] = mapped_column(String(64))


class LoginThrottle(Base):
    """Failed logins per username and address, to slow password guessing down."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]


class StaffSession(Base):
    """One login: the cookie carries a random id, the table only its hash, so logout can end it on the server."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's id
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
