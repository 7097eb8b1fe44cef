"""The scheduler process: its jobs, their Bangkok times, and one run of each against the real database."""

from __future__ import annotations

from datetime import datetime

from bot.clock import BANGKOK
from bot.pipeline import scheduler
from bot.storage import calendar_repo


def test_jobs_run_every_minute_and_every_morning_in_bangkok_time(services):
    built = scheduler.build(services)
    jobs = {job.id: job for job in built.get_jobs()}
    assert set(jobs) == {"reminders", "daily", "monthly-report"}
    after = datetime(2026, 11, 23, 7, 0, 30, tzinfo=BANGKOK)
    assert jobs["reminders"].trigger.get_next_fire_time(None, after) == datetime(2026, 11, 23, 7, 1, 5,
                                                                                 tzinfo=BANGKOK)
    assert jobs["daily"].trigger.get_next_fire_time(None, after) == datetime(2026, 11, 23, 7, 30, tzinfo=BANGKOK)


def test_each_job_runs_against_the_database(services, db):
    scheduler.every_morning(services)  # seeds this and next academic year
    db.rollback()
    years = {r.academic_year for r in calendar_repo.rounds(db)}
    assert len(years) == 2 and len(calendar_repo.rounds(db)) == 10
    scheduler.every_minute(services)  # nothing linked: nothing due, and no error
