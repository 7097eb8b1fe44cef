"""LINE helpdesk for the ICT groups of Thai educational service-area offices."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from bot.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app (see bot.app); imported lazily so `import bot` stays cheap and side-effect free."""
    from bot.app import create_app as factory

    return factory(settings)
