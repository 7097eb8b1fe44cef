"""Repository functions for staff accounts and their sessions, login throttling and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from bot.storage.models_admin import AuditLog, LoginThrottle, StaffSession, StaffUser

ROLES = ("admin", "staff")
MAX_FAILURES = 5  # wrong passwords allowed per username and address …
FAILURE_WINDOW = timedelta(minutes=15)  # … within this window, before logins are refused for
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
LINE_CODE_LIFETIME = timedelta(minutes=10)
SESSION_IDLE = timedelta(hours=12)  # as long as the cookie lives (PERMANENT_SESSION_LIFETIME)
TOUCH_EVERY = timedelta(minutes=5)  # last-seen is a write: not on every page view


def create_user(session: Session, username: str, password: str, role: str, display_name: str | None,
                now: datetime) -> StaffUser:
    """Add a staff account, or set a new password and role for an existing one."""
    username = username.strip().lower()
    if not username or len(username) > 60 or not username.replace(".", "").replace("_", "").isalnum():
        raise ValueError("username: letters, digits, dot and underscore, up to 60")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password: at least {MIN_PASSWORD} characters")
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        user = StaffUser(username=username, created_at=now, active=True)
        session.add(user)
    else:
        end_sessions(session, user.id)  # a new password: whoever knew the old one is logged out
    user.display_name = (display_name or user.display_name or username).strip()
    user.role = role
    user.password_hash = generate_password_hash(password, method="scrypt")
    session.flush()
    return user


def set_active(session: Session, username: str, active: bool) -> StaffUser:
    """Allow or stop an account's logins; stopping it also ends its open sessions."""
    user = by_username(session, username)
    if user is None:
        raise ValueError(f"no staff account {username!r}")
    user.active = active
    if not active:
        end_sessions(session, user.id)
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: StaffUser, now: datetime) -> str:
    """Open a session for a user who just logged in; return its id for the cookie (the table keeps a hash)."""
    session.execute(delete(StaffSession).where(StaffSession.last_seen_at < now - SESSION_IDLE))  # expired ones
    token = secrets.token_urlsafe(32)
    session.add(StaffSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now))
    return token


def session_user(session: Session, token: str, now: datetime) -> tuple[StaffUser, datetime] | None:
    """Return the active user of a live session and when it was last seen, or None."""
    row = session.get(StaffSession, _hash(token))
    if row is None or now - row.last_seen_at > SESSION_IDLE:
        return None
    user = session.get(StaffUser, row.user_id)
    return (user, row.last_seen_at) if user is not None and user.active else None


def touch_session(session: Session, token: str, now: datetime) -> None:
    """Record that a session is still in use."""
    session.execute(update(StaffSession).where(StaffSession.token_hash == _hash(token)).values(last_seen_at=now))


def end_session(session: Session, token: str) -> None:
    """End one session (logout): its cookie opens nothing any more, wherever it was copied to."""
    session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def end_sessions(session: Session, user_id: int) -> None:
    """End every session of a user."""
    session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))


def by_username(session: Session, username: str) -> StaffUser | None:
    return session.scalar(select(StaffUser).where(StaffUser.username == username.strip().lower()))


def users(session: Session) -> Sequence[StaffUser]:
    return session.scalars(select(StaffUser).order_by(StaffUser.username)).all()


def display_names(session: Session) -> dict[str, str]:
    """Return each staff username's display name (requests keep the username; people read names)."""
    return {user.username: user.display_name for user in users(session)}


def locked_until(session: Session, key: str, now: datetime) -> datetime | None:
    """Return until when logins for this key are refused, or None."""
    row = session.get(LoginThrottle, key)
    return row.locked_until if row and row.locked_until and row.locked_until > now else None


def authenticate(session: Session, username: str, password: str, key: str, now: datetime) -> StaffUser | None:
    """Check a password; count failures per key and lock it after too many."""
    user = by_username(session, username)
    # hash anyway when there is no such user, so the answer takes as long either way
    hashed = user.password_hash if user else generate_password_hash("-", method="scrypt")
    if check_password_hash(hashed, password) and user is not None and user.active:
        row = session.get(LoginThrottle, key)
        if row is not None:
            session.delete(row)
        user.last_login_at = now
        return user
    _count_failure(session, key, now)
    return None


def _count_failure(session: Session, key: str, now: datetime) -> None:
    """Count a wrong password or code for `key`; lock it after too many within the window."""
    row = session.get(LoginThrottle, key)
    if row is None or now - row.first_failure_at > FAILURE_WINDOW:
        row = row or LoginThrottle(key=key)
        row.failures, row.first_failure_at, row.locked_until = 0, now, None
        session.add(row)
    row.failures += 1
    if row.failures >= MAX_FAILURES:
        row.locked_until = now + LOCKOUT


def new_line_code(session: Session, user: StaffUser, now: datetime) -> str:
    """Make a six-digit code that binds `user` to the LINE account that types it within ten minutes."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    user.line_code_hash, user.line_code_expires_at = _hash(code), now + LINE_CODE_LIFETIME
    return code


def bind_line(session: Session, code: str, line_user_id: str, now: datetime) -> StaffUser | None:
    """Bind the LINE account to the staff member whose unexpired code this is (once); None if it is not one."""
    key = f"line-code:{line_user_id}"
    if locked_until(session, key, now) is not None:
        return None
    user = session.scalar(select(StaffUser).where(StaffUser.line_code_hash == _hash(code.strip()),
                                                  StaffUser.line_code_expires_at > now, StaffUser.active)
                          .with_for_update())
    if user is None:
        _count_failure(session, key, now)
        return None
    session.execute(update(StaffUser).where(StaffUser.line_user_id == line_user_id, StaffUser.id != user.id)
                    .values(line_user_id=None))  # one LINE account, one staff member
    user.line_user_id, user.line_code_hash, user.line_code_expires_at = line_user_id, None, None
    return user


def by_line_user(session: Session, line_user_id: str) -> StaffUser | None:
    """Return the active staff member bound to this LINE account."""
    return session.scalar(select(StaffUser).where(StaffUser.line_user_id == line_user_id, StaffUser.active))


def audit(session: Session, user: StaffUser | None, action: str, now: datetime, target: str | None = None,
          detail: dict[str, Any] | None = None, ip: str | None = None, username: str | None = None) -> None:
    """Record what a staff member did."""
    session.add(AuditLog(at=now, user_id=user.id if user else None, username=user.username if user else username or "-",
                         action=action, target=target, detail=detail, ip=ip))


def audit_log(session: Session, limit: int = 200) -> Sequence[AuditLog]:
    return session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)).all()


def menu_changes(session: Session, menu_id: str | None) -> list[tuple[int, str | None, str | None]]:
    """Return (user id, LINE user id, menu wanted) for staff whose LINE menu differs from what they should have.

    Active staff with a bound LINE account should have the staff menu; anyone else none of their own.
    """
    users = session.scalars(select(StaffUser).where(or_(StaffUser.line_user_id.is_not(None),
                                                        StaffUser.line_menu_id.is_not(None)))).all()
    changes = []
    for user in users:
        wanted = menu_id if user.active and user.line_user_id else None
        if user.line_menu_id != wanted:
            changes.append((user.id, user.line_user_id, wanted))
    return changes


def set_line_menu(session: Session, user_id: int, menu_id: str | None) -> None:
    session.execute(update(StaffUser).where(StaffUser.id == user_id).values(line_menu_id=menu_id))
