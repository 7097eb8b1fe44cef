"""The container of what the app factory builds once and shares with requests, workers and CLI commands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers.registry import Router
from bot.line.client import LineClient
from bot.pipeline.inbox import Processor
from bot.pipeline.intake import Intake
from bot.pipeline.outbox import Sender
from bot.pipeline.worker import Pump
from bot.settings import Settings
from bot.usecases.faq_index import Knowledge
from bot.usecases.followups import Followups
from bot.usecases.reminders import Reminders
from bot.usecases.reports import Reports


@dataclass
class Services:
    """What the app built once (see bot.app.create_app); `app.extensions["helpdesk"]` holds it."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    line: LineClient
    router: Router
    sender: Sender
    processor: Processor
    pump: Pump
    intake: Intake
    knowledge: Knowledge
    reminders: Reminders
    followups: Followups
    reports: Reports
    fake_line: object | None = None  # the simulator's FakeLine, when it stands in for LINE
