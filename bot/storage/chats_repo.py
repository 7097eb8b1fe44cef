"""Repository functions for chats (1:1, groups and rooms)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.storage.models import Chat


def set_followed(session: Session, chat_id: str, followed: bool) -> None:
    """Record whether a user follows the Official Account (pushes to non-followers fail)."""
    session.execute(update(Chat).where(Chat.chat_id == chat_id).values(followed=followed))


def conversation(session: Session, chat_id: str) -> dict[str, Any] | None:
    """Return the chat's conversation state, or None when no conversation is going on."""
    return session.scalar(select(Chat.conversation).where(Chat.chat_id == chat_id))


def set_conversation(session: Session, chat_id: str, state: dict[str, Any] | None) -> None:
    """Store (or, with None, end) the chat's conversation state."""
    session.execute(update(Chat).where(Chat.chat_id == chat_id).values(conversation=state))
