"""Repository functions for chats (1:1, groups and rooms)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.storage.models import Chat


def set_followed(session: Session, chat_id: str, followed: bool) -> None:
    """Record whether a user follows the Official Account (pushes to non-followers fail)."""
    session.execute(update(Chat).where(Chat.chat_id == chat_id).values(followed=followed))
