"""The helpdesk as bench/chaos.py runs it: the real app, plus a route that answers "chaos-C-N" with "ack chaos-C-N".

The echo names the message it answers, so the fault run can count answers, duplicates and order per message;
everything else (webhook, intake, inbox, workers, outbox, LINE client) is the production path.
"""

from flask import Flask

from bot import create_app as helpdesk
from bot.handlers import on
from bot.line.messages import text


def create_app() -> Flask:
    """Build the helpdesk with the echo route added."""

    @on.text(pattern=r"chaos-\d+-\d+")
    def echo(ctx) -> None:  # type: ignore[no-untyped-def]
        ctx.reply(text("ack " + ctx.text))

    return helpdesk()
