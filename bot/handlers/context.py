"""What a handler gets: the event, a database session, and a way to answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy.orm import Session

from bot.clock import from_line_ms
from bot.knowledge.live import Knowledge
from bot.knowledge.matcher import Index
from bot.line.client import LineClient
from bot.settings import Settings
from bot.storage import outbox_repo, settings_repo
from bot.storage.models import OutboxMessage


@dataclass
class Context:
    """One event being handled inside one database transaction."""

    raw: dict[str, Any]
    event: Any  # the line-bot-sdk model of `raw`, or None for an event type the SDK does not know
    session: Session
    line: LineClient
    settings: Settings
    now: datetime
    knowledge: Knowledge | None = None  # the FAQ knowledge base the app loaded at start
    event_id: int | None = None
    replies: list[dict[str, Any]] = field(default_factory=list)
    queued: list[OutboxMessage] = field(default_factory=list)  # outbox rows this event added

    @property
    def source(self) -> dict[str, Any]:
        return self.raw.get("source") or {}

    @property
    def source_type(self) -> str:
        return str(self.source.get("type", ""))

    @property
    def user_id(self) -> str | None:
        return self.source.get("userId")

    @property
    def chat_id(self) -> str:
        src = self.source
        return str(src.get("groupId") or src.get("roomId") or src.get("userId") or "-")

    @property
    def in_group(self) -> bool:
        return self.source_type in ("group", "room")

    @property
    def text(self) -> str:
        """Return the text of a text message ("" for anything else)."""
        message = self.raw.get("message") or {}
        return str(message.get("text", "")) if message.get("type") == "text" else ""

    @property
    def params(self) -> dict[str, str]:
        """Return the parameters of a postback (`action?key=value`), empty for anything else."""
        data = (self.raw.get("postback") or {}).get("data", "")
        return dict(parse_qsl(data.partition("?")[2], keep_blank_values=True))

    @property
    def text_without_mentions(self) -> str:
        """Return the text with every @mention cut out ("@บอท ส่งแล้ว" → "ส่งแล้ว")."""
        value = self.text
        mention = (self.raw.get("message") or {}).get("mention") or {}
        spans = sorted(((m.get("index", 0), m.get("length", 0)) for m in mention.get("mentionees", [])), reverse=True)
        for start, length in spans:  # from the end, so earlier indexes stay right
            value = value[:start] + value[start + length :]
        return " ".join(value.split())

    @property
    def mentions_bot(self) -> bool:
        """Say whether a group message mentions the Official Account itself."""
        mention = (self.raw.get("message") or {}).get("mention") or {}
        return any(m.get("isSelf") for m in mention.get("mentionees", []))

    @property
    def office(self) -> dict[str, Any]:
        """Return the office settings: the admin page's changes over the installed defaults."""
        return settings_repo.office(self.session, self.settings.office)

    @property
    def faq(self) -> Index:
        """Return the FAQ index, with any entries staff edited since it was built."""
        assert self.knowledge is not None, "the app passes its knowledge base to every event"
        return self.knowledge.current(self.session)

    def reply(self, *messages: dict[str, Any]) -> None:
        """Answer this event; sent after the handler succeeds, by reply token while it is fresh."""
        self.replies.extend(messages)

    def push(self, to: str, *messages: dict[str, Any]) -> None:
        """Send to another chat (counts against the monthly quota)."""
        rows = outbox_repo.enqueue(self.session, to, messages, self.now, event_id=self.event_id)
        self.queued.extend(rows)

    def flush_replies(self) -> None:
        """Queue the collected answers in the outbox, in this event's transaction."""
        if not self.replies:
            return
        token = self.raw.get("replyToken")
        expires = from_line_ms(int(self.raw.get("timestamp") or 0)) + outbox_repo.REPLY_TOKEN_LIFETIME
        rows = outbox_repo.enqueue(
            self.session, self.chat_id, self.replies, self.now,
            reply_token=token, reply_expires_at=expires if token else None, event_id=self.event_id,
        )
        self.queued.extend(rows)
        self.replies = []
