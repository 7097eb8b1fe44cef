"""`bot register …`: the register from the command line, for operations and scripts."""

from __future__ import annotations

import json
from typing import Any

import click

from bot.cli.services import build
from bot.clock import BANGKOK, utcnow
from bot.register import rules
from bot.usecases import desk


def as_dict(session: Any, ticket: Any) -> dict[str, Any]:
    """Return a record with its history, as JSON-friendly values."""
    from bot.storage import register_repo
    from bot.storage.models import Requester, School

    def iso(value: Any) -> str | None:
        return value.astimezone(BANGKOK).isoformat() if value else None

    fields = ("number", "fiscal_year", "channel", "kind", "category", "subject", "details", "equipment",
              "asset_number", "location", "urgency", "assigned_to", "status", "answer", "school_code")
    out = {name: getattr(ticket, name) for name in fields}
    requester = session.get(Requester, ticket.requester_id)
    school = session.get(School, ticket.school_code) if ticket.school_code else None
    out.update(school_name=school.name if school else requester.school_name,  # as typed when not on the list
               requester_name=requester.name or requester.display_name, requester_position=requester.position,
               requester_phone=requester.phone)
    out.update({name: getattr(ticket, name) for name in ("followup_result", "understanding", "satisfaction",
                                                          "comment")})
    out.update(received_at=iso(ticket.received_at), first_response_at=iso(ticket.first_response_at),
               resolved_at=iso(ticket.resolved_at), closed_at=iso(ticket.closed_at),
               attachments=register_repo.attachments_count(session, ticket),
               history=[{"at": iso(e.at), "actor": e.actor, "kind": e.kind, "from": e.old_status,
                         "to": e.new_status, "text": e.text} for e in register_repo.entries(session, ticket)])
    return out


def _print(value: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(value, ensure_ascii=False, indent=2))
    elif isinstance(value, list):
        for item in value:
            click.echo(f"{item['number']}  {item['status']:<12} {item['subject']}")
    else:
        for key, item in value.items():
            click.echo(f"{key}: {item}")


@click.group("register")
def register_commands() -> None:
    """The consultation and repair register (ทะเบียนคุม)."""


@register_commands.command("show")
@click.argument("number")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def show(number: str, as_json: bool) -> None:
    """Show one record with its history."""
    services = build()
    with services.sessions() as session:
        try:
            _print(as_dict(session, desk.find(session, number)), as_json)
        except desk.NotFound as exc:
            raise click.ClickException(str(exc)) from exc


STATUS_CHOICES = [status.value for status in rules.Status]  # the names staff type, not the enum's


@register_commands.command("list")
@click.option("--status", type=click.Choice(STATUS_CHOICES), help="only records with this status")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def list_(status: str | None, as_json: bool) -> None:
    """List records, newest first."""
    from bot.storage import register_repo

    services = build()
    with services.sessions() as session:
        _print([as_dict(session, t) for t in register_repo.tickets(session, status=status)], as_json)


@register_commands.command("reply")
@click.argument("number")
@click.argument("text")
@click.option("--staff", help="who answers (shown to the teacher)")
@click.option("--interim", is_flag=True, help="progress only: no 'solved?' buttons, no follow-up yet")
def reply(number: str, text: str, staff: str | None, interim: bool) -> None:
    """Answer a record; the teacher receives the answer in LINE."""
    services = build()
    try:
        with services.sessions() as session, session.begin():
            ids = desk.reply(session, desk.find(session, number), text, staff, utcnow(),
                             services.settings.office, final=not interim)
    except (desk.NotFound, ValueError, rules.TransitionError) as exc:
        raise click.ClickException(str(exc)) from exc
    outcomes = [services.sender.deliver(i) for i in ids]
    sent = sum(1 for o in outcomes if o and o.status == "sent")
    click.echo(f"answered {number.upper()}; LINE: {sent} sent, {len(ids) - sent} queued for the workers"
               if ids else f"answered {number.upper()} (not a LINE requester: nothing sent)")


@register_commands.command("set-status")
@click.argument("number")
@click.argument("status", type=click.Choice(STATUS_CHOICES))
@click.option("--staff", help="who changes it")
def set_status(number: str, status: str, staff: str | None) -> None:
    """Change a record's status."""
    services = build()
    try:
        with services.sessions() as session, session.begin():
            desk.set_status(session, desk.find(session, number), status, staff, utcnow(),
                            services.settings.office)
    except (desk.NotFound, rules.TransitionError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{number.upper()} is now {status}")


@click.group("categories")
def category_commands() -> None:
    """The consultation categories teachers choose from."""


@category_commands.command("list")
def categories_list() -> None:
    """Print the categories as KEY<TAB>LABEL."""
    from bot.storage import settings_repo

    with build().sessions() as session:
        for key, label in settings_repo.categories(session).items():
            click.echo(f"{key}\t{label}")


@category_commands.command("set")
@click.argument("key")
@click.argument("label")
def categories_set(key: str, label: str) -> None:
    """Add a category or rename one (records keep their key)."""
    _edit_categories(lambda items: {**items, key.strip().lower(): label.strip()})
    click.echo(f"category {key} = {label}")


@category_commands.command("remove")
@click.argument("key")
def categories_remove(key: str) -> None:
    """Stop offering a category (records filed under it keep it)."""

    def drop(items: dict[str, str]) -> dict[str, str]:
        if key not in items:
            raise click.ClickException(f"no category {key!r}")
        return {k: v for k, v in items.items() if k != key}

    _edit_categories(drop)
    click.echo(f"category {key} removed")


def _edit_categories(change: Any) -> None:
    from bot.storage import settings_repo

    services = build()
    try:
        with services.sessions() as session, session.begin():
            settings_repo.set_categories(session, change(settings_repo.categories(session)))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
