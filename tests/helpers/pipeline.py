"""Build pipeline parts on a test app's services."""

from __future__ import annotations

from bot.pipeline.inbox import Processor
from bot.pipeline.outbox import Sender


def make_processor(services, router, clock=None, **settings):
    kwargs = {"clock": clock} if clock else {}
    sender = Sender(services.sessions, services.line, **kwargs)
    return Processor(services.sessions, router, services.line, sender,
                     services.settings.with_(**settings), **kwargs)
