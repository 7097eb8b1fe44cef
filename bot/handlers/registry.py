"""A small routing table from LINE events to handler functions; it refuses duplicate routes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from bot.texts import SOFTENERS
from bot.thai import answer_text, command_key

if TYPE_CHECKING:
    from bot.handlers.context import Context

Handler = Callable[["Context"], None]
FALLBACK = "*"


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

    def text(self, *keywords: str, pattern: str | None = None) -> Callable[[Handler], Handler]:
        """Route texts equal to one of the keywords, or matching a regular expression."""

        def register(handler: Handler) -> Handler:
            for keyword in keywords:
                self._add(("text", normalize_text(keyword)), handler)
            if pattern is not None:
                self._add(("pattern", pattern), handler)
                self._patterns.append((re.compile(pattern), handler))
            return handler

        return register

    def text_fallback(self, handler: Handler) -> Handler:
        """Route any text no keyword or pattern took."""
        return self._add(("text", FALLBACK), handler)

    def postback(self, action: str) -> Callable[[Handler], Handler]:
        """Route postbacks whose data starts with `action` (the part before "?")."""
        return lambda handler: self._add(("postback", action), handler)

    def keyword(self, text: str) -> Handler | None:
        """Return the handler for a typed keyword or pattern, without the fallback."""
        handler = self._routes.get(("text", normalize_text(text)))
        if handler is not None:
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

    def routes(self) -> list[tuple[str, str]]:
        """List every registered route key."""
        return sorted(self._routes)
