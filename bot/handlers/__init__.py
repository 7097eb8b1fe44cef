"""Thin handlers from LINE events to domain code, registered on one router."""

from __future__ import annotations

import importlib

from bot.handlers.registry import Router

on = Router()

# Modules whose handlers register on `on`; import order does not matter, duplicates are refused.
HANDLER_MODULES = (
    "bot.handlers.welcome", "bot.handlers.forms", "bot.handlers.profile", "bot.handlers.requests",
    "bot.handlers.status", "bot.handlers.menu", "bot.handlers.threads", "bot.handlers.faq", "bot.handlers.groups",
    "bot.handlers.followup", "bot.handlers.staff", "bot.handlers.staff_desk", "bot.handlers.fallback",
)


def load() -> Router:
    """Import every handler module once and return the filled router."""
    for name in HANDLER_MODULES:
        importlib.import_module(name)
    return on
