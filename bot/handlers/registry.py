"""A small routing table from LINE events to handler functions; it refuses duplicate routes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from bot import texts
from bot.line.messages import text
from bot.texts import SOFTENERS
from bot.thai import answer_text, command_key

if TYPE_CHECKING:
    from bot.handlers.context import Context

# a handler may return False to let a text go on to the fallback (a teacher's words that look like a staff command)
Handler = Callable[["Context"], "bool | None"]
# a conversation's step, given the stored state: False lets the text go on to the routes
ConversationStep = Callable[["Context", dict[str, Any]], bool]
FALLBACK = "*"


@dataclass(frozen=True)
class ConversationRoute:
    """Where a text goes while a conversation is in progress, and whether it ends silently when the chat idles."""

    step: ConversationStep
    quiet_expiry: bool


class DuplicateRoute(ValueError):
    """Two handlers were registered for the same event, keyword or postback action."""


def normalize_text(value: str) -> str:
    """Fold a typed keyword for matching as bot.thai folds commands: no particles, spaces or softening words."""
    return command_key(value, SOFTENERS)


def parse_postback(data: str) -> tuple[str, dict[str, str]]:
    """Split postback data `action?key=value&…` into the action and its parameters."""
    action, _, query = data.partition("?")
    return action, dict(parse_qsl(query, keep_blank_values=True))


class Router:
    """Map events to handlers: by event type, message type, text keyword or pattern, postback action."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Handler] = {}
        self._patterns: list[tuple[re.Pattern[str], Handler]] = []
        self._conversations: dict[str, ConversationRoute] = {}
        self._not_menu: set[str] = set()  # staff commands: a teacher's form takes these words as an answer

    def _add(self, key: tuple[str, str], handler: Handler) -> Handler:
        if key in self._routes:
            old = self._routes[key]
            raise DuplicateRoute(f"{key} already goes to {old.__module__}.{old.__qualname__}")
        self._routes[key] = handler
        return handler

    def event(self, event_type: str) -> Callable[[Handler], Handler]:
        """Route a whole event type (follow, join, leave…)."""
        return lambda handler: self._add(("event", event_type), handler)

    def message(self, message_type: str) -> Callable[[Handler], Handler]:
        """Route a non-text message type (image, sticker, file…), or "*" for any."""
        return lambda handler: self._add(("message", message_type), handler)

    def text(self, *keywords: str, pattern: str | None = None, menu: bool = True) -> Callable[[Handler], Handler]:
        """Route texts equal to one of the keywords, or matching a regular expression.

        `menu=False`: the keywords are not menu words, so a conversation in progress takes them as its answer.
        """

        def register(handler: Handler) -> Handler:
            for keyword in keywords:
                self._add(("text", normalize_text(keyword)), handler)
                if not menu:
                    self._not_menu.add(normalize_text(keyword))
            if pattern is not None:
                self._add(("pattern", pattern), handler)
                self._patterns.append((re.compile(pattern), handler))
            return handler

        return register

    def text_fallback(self, handler: Handler) -> Handler:
        """Route any text no keyword or pattern took."""
        return self._add(("text", FALLBACK), handler)

    def conversation(self, *flows: str, quiet_expiry: bool = False) -> Callable[[ConversationStep], ConversationStep]:
        """Route the texts of a 1:1 chat while one of these flows ("*": any other) is in progress, before anything."""

        def register(step: ConversationStep) -> ConversationStep:
            for flow in flows:
                if flow in self._conversations:
                    old = self._conversations[flow].step
                    raise DuplicateRoute(f"conversation {flow!r} already goes to {old.__module__}.{old.__qualname__}")
                self._conversations[flow] = ConversationRoute(step, quiet_expiry)
            return step

        return register

    def postback(self, action: str) -> Callable[[Handler], Handler]:
        """Route postbacks whose data starts with `action` (the part before "?")."""
        return lambda handler: self._add(("postback", action), handler)

    def keyword(self, text: str, patterns: bool = True, menu_only: bool = False) -> Handler | None:
        """Return the handler for a typed keyword (or pattern, unless `patterns` is False), without the fallback.

        `menu_only`: only menu words, which interrupt a conversation (not staff commands).
        """
        key = normalize_text(text)
        if menu_only and key in self._not_menu:
            return None
        handler = self._routes.get(("text", key))
        if handler is not None or not patterns:
            return handler
        stripped = answer_text(text)  # "ICT-2570-0001 ครับ"
        return next((h for rx, h in self._patterns if rx.fullmatch(stripped)), None)

    def resolve(self, event: dict[str, Any]) -> Handler | None:
        """Return the handler for a raw LINE event, or None when nothing should answer it."""
        kind = event.get("type")
        if kind == "message":
            message = event.get("message") or {}
            if message.get("type") == "text":
                return self.keyword(message.get("text", "")) or self._routes.get(("text", FALLBACK))
            return self._routes.get(("message", message.get("type", ""))) or self._routes.get(
                ("message", FALLBACK)
            )
        if kind == "postback":
            action, _ = parse_postback((event.get("postback") or {}).get("data", ""))
            return self._routes.get(("postback", action))
        return self._routes.get(("event", str(kind)))

    def dispatch(self, ctx: Context) -> str | None:
        """Run what the event goes to, asking a conversation in progress first; return its name (None: nothing)."""
        step = self._converse(ctx)
        if step is not None:
            return step
        handler = self.resolve(ctx.raw)
        if handler is None:
            return None
        if handler(ctx) is False:
            fallback = self._routes.get(("text", FALLBACK))
            if fallback is None or fallback is handler or ctx.text == "":
                return None
            fallback(ctx)
            return fallback.__name__
        return handler.__name__

    def _converse(self, ctx: Context) -> str | None:
        """Give a 1:1 text to the chat's conversation; end one that went idle. Return the step's name if it took it."""
        if ctx.in_group or (ctx.raw.get("message") or {}).get("type") != "text":
            return None
        state = ctx.conversation
        route = state and (self._conversations.get(state["flow"]) or self._conversations.get(FALLBACK))
        if not state or route is None:
            return None
        if ctx.idle(state):
            ctx.set_conversation(None)
            if not route.quiet_expiry:
                ctx.reply(text(texts.EXPIRED))
            return None
        return route.step.__name__ if route.step(ctx, state) is not False else None

    def routes(self) -> list[tuple[str, str]]:
        """List every registered route key."""
        return sorted([*self._routes, *(("conversation", flow) for flow in self._conversations)])
