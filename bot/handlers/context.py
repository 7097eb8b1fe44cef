"""What a handler gets: the event, a database session, and a way to answer."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy.orm import Session

from bot import conversation as conv
from bot import texts
from bot.knowledge.matcher import Index
from bot.line.messages import MAX_TEXT_UTF16, clip, pack
from bot.office import Office
from bot.settings import Settings
from bot.storage import chats_repo, inbox_repo, outbox_repo, register_repo, settings_repo
from bot.storage.models import OutboxMessage
from bot.usecases.faq_index import Knowledge
from bot.usecases.staff import tell_staff

log = logging.getLogger(__name__)
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL


def parse_id(value: str) -> int | None:
    """Return `value` as a positive id if it is one ("25 digits" or "abc" are not), else None."""
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


@dataclass(frozen=True)
class Lookup:
    """Something a handler needs from LINE: a user's name, a group's name, or a message's content."""

    kind: str  # profile | group | content
    key: str


class NeedsLine(Exception):
    """A handler needs a look-up from LINE: the transaction is rolled back, LINE asked, the handler run again."""

    def __init__(self, lookup: Lookup) -> None:
        super().__init__(f"{lookup.kind} look-up needed")
        self.lookup = lookup


@dataclass
class Context:
    """One event being handled inside one database transaction (which never waits on LINE)."""

    raw: dict[str, Any]
    event: Any  # the line-bot-sdk model of `raw`, or None for an event type the SDK does not know
    session: Session
    settings: Settings
    now: datetime
    knowledge: Knowledge | None = None  # the FAQ knowledge base the app loaded at start
    event_id: int | None = None
    fetched: dict[Lookup, Any] = field(default_factory=dict)  # what LINE said, asked outside the transaction
    replies: list[dict[str, Any]] = field(default_factory=list)
    queued: list[OutboxMessage] = field(default_factory=list)  # outbox rows this event added
    reply_ticket: int | None = None  # the request the reply's card is about (quoting it acts on that request)

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

    def _looked_up(self, kind: str, key: str) -> Any:
        lookup = Lookup(kind, key)
        if lookup not in self.fetched:
            raise NeedsLine(lookup)
        return self.fetched[lookup]

    def display_name(self, user_id: str) -> str | None:
        """Return a user's LINE display name (None when LINE could not say)."""
        return self._looked_up("profile", user_id)

    def group_name(self, group_id: str) -> str | None:
        """Return a group's name (None when LINE could not say)."""
        return self._looked_up("group", group_id)

    def content(self, message_id: str) -> bytes:
        """Return the bytes of a picture or file the user sent."""
        return self._looked_up("content", message_id)

    def id_param(self, name: str) -> int | None:
        """Return a postback parameter as a database id, or None when it is missing or out of range."""
        return parse_id(self.params.get(name, ""))

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
    def conversation(self) -> dict[str, Any] | None:
        """Return the state of the chat's conversation in progress (None: none)."""
        return chats_repo.conversation(self.session, self.chat_id)

    def set_conversation(self, state: dict[str, Any] | None) -> None:
        """Store the chat's conversation state; None ends the conversation."""
        chats_repo.set_conversation(self.session, self.chat_id, state)

    def idle(self, state: dict[str, Any]) -> bool:
        """Say whether a conversation waited longer than the settings allow since its last step."""
        return conv.is_expired(state, self.now, timedelta(minutes=self.settings.conversation_idle_minutes))

    @property
    def office(self) -> Office:
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

    def reply_about(self, ticket_id: int, *messages: dict[str, Any]) -> None:
        """Answer with a card about one request: a staff member quoting it later acts on that request."""
        self.reply_ticket = ticket_id
        self.replies.extend(messages)

    def push(self, to: str, *messages: dict[str, Any]) -> None:
        """Send to another chat (counts against the monthly quota)."""
        rows = outbox_repo.enqueue(self.session, to, messages, self.now, event_id=self.event_id)
        self.queued.extend(rows)

    def tell_staff(self, note: str, *, key: str | None = None, kind: str = "info",
                   quick: Sequence[dict[str, Any]] = (), card: dict[str, Any] | None = None,
                   ticket_id: int | None = None) -> bool:
        """Tell staff (notice once per key, and the staff group); False if that key was told before."""
        rows = tell_staff(self.session, self.settings.office, note, self.now, key=key, kind=kind,
                          quick=quick, card=card, ticket_id=ticket_id)
        self.queued.extend(rows or ())
        return rows is not None

    def _quote_if_not_last(self) -> None:
        """Quote the message this answers when the person wrote again since, so they see which one it answers."""
        quote = (self.raw.get("message") or {}).get("quoteToken")
        first = self.replies[0]
        if not quote or self.event_id is None or first.get("type") != "text" or "quoteToken" in first:
            return  # only text and stickers can quote (LINE has no quote on a Flex card)
        if inbox_repo.has_later_message(self.session, self.chat_id, self.event_id):
            self.replies[0] = {**first, "quoteToken": quote}

    def _add_news(self) -> None:
        """Tell a teacher, in this free reply, what staff changed on their requests since they last wrote."""
        first = self.replies[0]
        room = first.get("type") == "text" or len(self.replies) < outbox_repo.MAX_MESSAGES_PER_REQUEST
        if self.in_group or self.event_id is None or not room:
            return
        since = inbox_repo.previous_event_at(self.session, self.chat_id, self.event_id)
        news = register_repo.status_news(self.session, self.chat_id, since, texts.TOLD_NEXT_TIME) if since else []
        if not news:
            return
        lines = "\n".join(texts.status_news(t.number, t.subject, t.status) for t in news)
        if first.get("type") == "text":
            self.replies[0] = {**first, "text": clip(f"{lines}\n\n{first['text']}", MAX_TEXT_UTF16)}
        else:  # a card cannot take a line of text: the news goes just before it, in the same free reply
            self.replies.insert(0, {"type": "text", "text": clip(lines, MAX_TEXT_UTF16)})

    def flush_replies(self) -> None:
        """Queue the collected answers in the outbox, in this event's transaction.

        Answers to messages older than the reply token's minute (a backlog, a flood of chatter) are never pushed
        one by one: they wait a moment, and the chat's next answer takes them along, joined into as few messages
        as fit in one send (a flood beyond that loses its oldest answers), by reply while its token is fresh.
        """
        if not self.replies:
            return
        self._add_news()
        self._quote_if_not_last()
        token = self.raw.get("replyToken")
        expires = outbox_repo.reply_window(int(self.raw.get("timestamp") or 0))
        messages, dropped = self.replies, 0
        late = outbox_repo.absorb_late(self.session, self.chat_id)
        if late:
            messages, dropped = pack([*late, *self.replies], outbox_repo.MAX_MESSAGES_PER_REQUEST)
        if dropped:
            log.info("chat %s: %s older answer(s) left out for newer ones", self.chat_id, dropped)
        fresh = bool(token) and expires > self.now
        rows = outbox_repo.enqueue(
            self.session, self.chat_id, messages, self.now,
            reply_token=token if fresh else None, reply_expires_at=expires if fresh else None, event_id=self.event_id,
            not_before=None if fresh else self.now + outbox_repo.COALESCE_WINDOW, ticket_id=self.reply_ticket,
        )
        self.queued.extend(rows)
        self.replies = []
