"""The scheduler process: its jobs, their Bangkok times, and one run of each against the real database."""

from __future__ import annotations

import threading
from datetime import datetime

from apscheduler.events import EVENT_SCHEDULER_STARTED

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


def test_a_scheduler_that_has_just_started_counts_as_alive(services, client):
    assert client.get("/healthz").json["scheduler"]["fresh"] is False  # no scheduler has run yet
    built = scheduler.build(services)
    built.remove_all_jobs()  # only starting may beat: no minute job can do it by chance
    started = threading.Event()
    built.add_listener(lambda _: started.set(), EVENT_SCHEDULER_STARTED)  # called after the scheduler's own
    thread = threading.Thread(target=built.start, daemon=True)
    thread.start()
    try:
        assert started.wait(10)
        health = client.get("/healthz")
        assert health.status_code == 200, health.json
        assert health.json["scheduler"]["fresh"] is True and health.json["problems"] == []
    finally:
        built.shutdown(wait=False)
        thread.join(10)
