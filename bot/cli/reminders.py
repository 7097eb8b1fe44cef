"""`bot groups`, `bot calendar`, `bot reminders` and `bot notices`: school groups and collection-round reminders."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from bot.cli.services import build
from bot.clock import BANGKOK, utcnow
from bot.thai import long_date, short_datetime


def _at(value: str | None) -> datetime:
    """Read --at: an ISO date-time, Bangkok time unless it names a zone; now when not given."""
    if not value:
        return utcnow()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO date-time such as 2027-06-03T09:00") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK)


@click.group("groups")
def group_commands() -> None:
    """LINE groups the Official Account is in, and their schools."""


@group_commands.command("list")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def groups_list(as_json: bool) -> None:
    """List groups: school, area-wide or not yet said, active or left, pending staff approval or not."""
    from bot.storage import groups_repo

    with build().sessions() as session:
        rows = [{"group_id": g.group_id, "name": g.name, "school_code": g.school_code,
                 "school": s.name if s else None, "area_wide": g.area_wide, "active": g.active,
                 "members": g.member_count, "pending": groups_repo.pending(g)}
                for g, s in groups_repo.all_groups(session)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        school = "area-wide" if row["area_wide"] else row["school"] or "(school not said yet)"
        state = "pending" if row["pending"] else "active" if row["active"] else "left"
        click.echo(f"{row['group_id']}  {state:<7} {school}  {row['name'] or ''}")


@group_commands.command("link")
@click.argument("group_id")
@click.argument("school_code", required=False)
@click.option("--area", is_flag=True, help="mark as an area-wide group instead of one school's")
def groups_link(group_id: str, school_code: str | None, area: bool) -> None:
    """Say which school a group is (or --area), in force at once, e.g. when a member linked it wrongly."""
    from bot.storage import groups_repo
    from bot.storage.models import School

    if bool(school_code) == area:
        raise click.UsageError("give either SCHOOL_CODE or --area")
    with build().sessions() as session, session.begin():
        group = groups_repo.get(session, group_id)
        if group is None:
            raise click.ClickException(f"no group {group_id} (the Official Account has not joined it)")
        if school_code and session.get(School, school_code) is None:
            raise click.ClickException(f"no school {school_code} (import the school list first)")
        groups_repo.link(session, group, school_code, "staff", utcnow(), approved_by="staff:cli")
    click.echo(f"{group_id} → {'area-wide' if area else school_code}")


@click.group("calendar")
def calendar_commands() -> None:
    """The collection calendar: DMC, EMIS, B-OBEC rounds and their reminders."""


@calendar_commands.command("list")
def calendar_list() -> None:
    """List the rounds with their windows and reminder times."""
    from bot.collection_calendar import reminders
    from bot.storage import calendar_repo

    with build().sessions() as session:
        rounds = calendar_repo.rounds(session)
    for r in rounds:
        times = ", ".join(short_datetime(rem.at) for rem in reminders(r))
        click.echo(f"{r.id:>3}  {r.key:<8} {r.academic_year + 543}  {r.name}: {long_date(r.opens)} – "
                   f"{long_date(r.closes)}\n     reminders: {times}")


@calendar_commands.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def calendar_export(path: Path) -> None:
    """Write the calendar to a JSON file to review and edit."""
    from bot.storage import calendar_repo

    with build().sessions() as session:
        rows = [calendar_repo.to_dict(r) for r in calendar_repo.rounds(session)]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    click.echo(f"exported {len(rows)} rounds to {path}")


@calendar_commands.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def calendar_import(path: Path) -> None:
    """Store rounds from a JSON file as export writes it; same key and academic year = replace."""
    from bot.storage import calendar_repo

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rounds = [calendar_repo.from_dict(item) for item in data]
    except (ValueError, TypeError, AttributeError) as exc:
        raise click.ClickException(f"{path}: {exc}; nothing imported") from exc
    with build().sessions() as session, session.begin():
        for round_ in rounds:
            calendar_repo.save(session, round_, utcnow())
    click.echo(f"imported {len(rounds)} rounds")


@calendar_commands.command("seed")
def calendar_seed() -> None:
    """Add the manual's rounds for this and next academic year where the calendar has none."""
    from bot.storage import calendar_repo

    now = utcnow()
    with build().sessions() as session, session.begin():
        added = calendar_repo.seed(session, now.astimezone(BANGKOK).date(), now)
    click.echo(f"added {added} rounds")


@click.group("reminders")
def reminder_commands() -> None:
    """Reminders of collection rounds to school groups."""


@reminder_commands.command("due")
@click.option("--at", "at", help="ISO date-time (Bangkok); default now")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def reminders_due(at: str | None, as_json: bool) -> None:
    """List reminders due and not yet sent (late ones would be recorded as skipped)."""
    due = build().reminders.due(_at(at))
    rows = [{"round": d.round.name, "round_id": d.round.id, "reminder": d.reminder.offset,
             "at": d.reminder.at.isoformat(), "group_id": d.target.group_id, "school_code": d.target.school_code,
             "action": "skip (late)" if d.late else "send"} for d in due]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['at']}  {row['round']} [{row['reminder']}] → {row['group_id']} "
                   f"({row['school_code'] or 'area-wide'}): {row['action']}")
    click.echo(f"{len(rows)} due")


@reminder_commands.command("send-due")
@click.option("--at", "at", help="ISO date-time (Bangkok); default now")
def reminders_send_due(at: str | None) -> None:
    """Send what is due (the scheduler runs the same every minute); each reminder goes to a group once."""
    counts = build().reminders.send_due(_at(at))
    click.echo(json.dumps(counts, ensure_ascii=False) if counts else "nothing due")


@reminder_commands.command("status")
@click.argument("round_id", type=int)
def reminders_status(round_id: int) -> None:
    """Show which schools have entered their data for a round, and what was sent."""
    from bot.storage import calendar_repo, register_repo, reminders_repo

    with build().sessions() as session:
        round_ = calendar_repo.get(session, round_id)
        if round_ is None:
            raise click.ClickException(f"no round {round_id} (see `bot calendar list`)")
        done = {code for _, code in reminders_repo.completions(session, [round_id])}
        schools = register_repo.school_refs(session)
        sends = reminders_repo.send_counts(session, round_id)
    click.echo(f"{round_.name} ({long_date(round_.opens)} – {long_date(round_.closes)}): "
               f"{len(done)} of {len(schools)} schools done; sends {sends}")
    for school in schools:
        click.echo(f"  {'✓' if school.code in done else '·'} {school.code} {school.name}")


@reminder_commands.command("done")
@click.argument("round_id", type=int)
@click.argument("school_code")
@click.option("--undo", is_flag=True, help="take back a completion entered by mistake")
def reminders_done(round_id: int, school_code: str, undo: bool) -> None:
    """Mark (or --undo) a school as having entered its data for a round."""
    from bot.storage import calendar_repo, reminders_repo
    from bot.storage.models import School

    with build().sessions() as session, session.begin():
        if calendar_repo.get(session, round_id) is None or session.get(School, school_code) is None:
            raise click.ClickException("unknown round or school")
        if undo:
            changed = reminders_repo.unmark_done(session, round_id, school_code)
        else:
            changed = reminders_repo.mark_done(session, round_id, school_code, "staff", None, utcnow())
    click.echo("done" if changed else "no change")


@reminder_commands.command("estimate")
@click.option("--at", "at", help="ISO date-time (Bangkok); default now")
def reminders_estimate(at: str | None) -> None:
    """Estimate the messages of the coming rounds per month against LINE's quota."""
    services = build()
    moment = _at(at)
    services.reminders.refresh_member_counts(moment)
    estimates = services.reminders.estimate(moment)
    for e in estimates:
        room = "no limit" if e.available is None else f"{e.available:,} left"
        click.echo(f"{e.year}-{e.month:02d}: {e.needed:,} messages needed, {room} "
                   f"{'OK' if e.fits else 'DOES NOT FIT'} ({', '.join(e.rounds)})")
    if not estimates:
        click.echo("no reminders in the next two weeks")


@reminder_commands.command("unblock")
def reminders_unblock() -> None:
    """Let pushes go again after LINE's monthly quota ran out (once the plan has more messages)."""
    from sqlalchemy import update

    from bot.storage import settings_repo
    from bot.storage.models import OutboxMessage

    now = utcnow()
    with build().sessions() as session, session.begin():
        lifted = settings_repo.clear_quota_block(session)
        session.execute(update(OutboxMessage).where(OutboxMessage.status == "pending",
                                                    OutboxMessage.next_attempt_at > now)
                        .values(next_attempt_at=now))
    click.echo("pushes resume now" if lifted else "pushes were not blocked")


@click.group("followups")
def followup_commands() -> None:
    """Follow-up of answered requests, 1–3 working days later."""


@followup_commands.command("due")
@click.option("--at", "at", help="ISO date-time (Bangkok); default now")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def followups_due(at: str | None, as_json: bool) -> None:
    """List follow-ups to ask now (office hours only) and requests to close for no response."""
    rows = [{"number": d.number, "subject": d.subject, "action": d.action, "line": bool(d.line_user)}
            for d in build().followups.due(_at(at))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['number']}  {row['action']:<5} {row['subject']}")
    click.echo(f"{len(rows)} due")


@followup_commands.command("send-due")
@click.option("--at", "at", help="ISO date-time (Bangkok); default now")
def followups_send_due(at: str | None) -> None:
    """Ask what is due (one push per requester) and close the unanswered; the scheduler runs the same."""
    counts = build().followups.send_due(_at(at))
    click.echo(json.dumps(counts, ensure_ascii=False) if counts else "nothing due")


@click.command("notices")
@click.option("--limit", default=20, show_default=True)
def notices(limit: int) -> None:
    """Show the newest notices for staff (quota, skipped reminders)."""
    from bot.storage import notices_repo

    with build().sessions() as session:
        for notice in notices_repo.notices(session, limit):
            click.echo(f"{short_datetime(notice.created_at.astimezone(BANGKOK))}  {notice.text}")
