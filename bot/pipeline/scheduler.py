"""The scheduler process (`bot scheduler`): timed jobs, never inside the web workers."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Protocol

from apscheduler.events import EVENT_SCHEDULER_STARTED, SchedulerEvent
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import BANGKOK, utcnow
from bot.line.client import LineClient
from bot.pipeline.outbox import Sender
from bot.settings import Settings
from bot.storage import pdpa_repo, settings_repo
from bot.usecases import richmenus
from bot.usecases.followups import Followups
from bot.usecases.reminders import Reminders
from bot.usecases.reports import Reports

log = logging.getLogger(__name__)


class ScheduledServices(Protocol):
    """What the timed jobs use of the app's services (bot.services.Services)."""

    settings: Settings
    sessions: sessionmaker[Session]
    sender: Sender
    reminders: Reminders
    followups: Followups
    reports: Reports
    line: LineClient


def beat(services: ScheduledServices) -> None:
    """Record that this scheduler is alive; /healthz counts one whose last beat is older than its limit as stale."""
    with services.sessions() as session, session.begin():
        settings_repo.beat(session, utcnow())


def every_minute(services: ScheduledServices) -> None:
    """Send due reminders and follow-ups, retry whatever else waits in the outbox, give bound staff their menu."""
    now = utcnow()
    beat(services)
    for name, job in (("reminders", services.reminders), ("follow-ups", services.followups)):
        counts = job.send_due(now)
        if counts:
            log.info("%s: %s", name, counts)
    services.sender.deliver_due(limit=200)
    if richmenus.link_staff(services.sessions, services.line):  # staff who bound LINE since get their menu
        log.info("staff rich menus linked or unlinked")


def every_morning(services: ScheduledServices) -> None:
    """Keep the calendar a year ahead, warn staff if the coming reminders exceed the quota, purge old bodies."""
    now = utcnow()
    services.reminders.daily(now)
    with services.sessions() as session, session.begin():
        purged = pdpa_repo.purge(session, now - timedelta(days=services.settings.retention_days))
    log.info("retention: purged %s", purged)


def first_of_month(services: ScheduledServices) -> None:
    """Write last month's statistics report and tell the staff group it is ready."""
    path = services.reports.monthly(utcnow())
    if path is not None:
        log.info("monthly report written to %s", path)


def build(services: ScheduledServices) -> BlockingScheduler:
    """Return a scheduler with every timed job; all times are Asia/Bangkok."""
    # Each job records what it did under unique keys, so a second scheduler or a catch-up run sends nothing
    # twice; APScheduler only has to call them on time, and one missed run is simply the next minute's work.
    scheduler = BlockingScheduler(timezone=BANGKOK, job_defaults={"coalesce": True, "max_instances": 1,
                                                                  "misfire_grace_time": 600})
    scheduler.add_job(every_minute, CronTrigger(second=5, timezone=BANGKOK), args=[services], id="reminders")
    scheduler.add_job(every_morning, CronTrigger(hour=7, minute=30, timezone=BANGKOK), args=[services],
                      id="daily")
    scheduler.add_job(first_of_month, CronTrigger(day=1, hour=7, minute=0, timezone=BANGKOK), args=[services],
                      id="monthly-report")

    def started(_: SchedulerEvent) -> None:
        beat(services)  # alive from the start, not only from the first minute's job (/healthz said 503 till then)

    scheduler.add_listener(started, EVENT_SCHEDULER_STARTED)
    return scheduler


def run(services: ScheduledServices) -> None:
    """Run the timed jobs until stopped, and the daily work once at start (a fresh install gets its calendar)."""
    scheduler = build(services)
    # a job, not a call before start(): the heartbeat does not wait for the quota check's call to LINE
    scheduler.add_job(services.reminders.daily, args=[utcnow()], id="at-start")
    scheduler.start()
