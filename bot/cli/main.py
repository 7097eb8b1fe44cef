"""The `bot` command: database migrations and the background worker."""

from __future__ import annotations

import contextlib
import signal
import threading

import click

from bot.cli.faq import faq_commands
from bot.cli.ops import backup, pdpa_commands, restore
from bot.cli.register import category_commands, register_commands
from bot.cli.reminders import calendar_commands, followup_commands, group_commands, notices, reminder_commands
from bot.cli.richmenu import richmenu_commands
from bot.cli.services import build
from bot.cli.stats import stats_commands


@click.group()
def main() -> None:
    """LINE helpdesk for the ICT group of an educational service-area office."""


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the database to the latest schema (safe to run every start)."""
    from bot.clock import BANGKOK, utcnow
    from bot.storage import calendar_repo, migrate

    services = build(schema=False)
    migrate.upgrade(services.engine, revision)
    click.echo(f"database at revision {migrate.current(services.engine)}")
    if revision == "head":
        now = utcnow()
        with services.sessions() as session, session.begin():
            added = calendar_repo.seed(session, now.astimezone(BANGKOK).date(), now)
        if added:
            click.echo(f"collection calendar: added the manual's {added} rounds for this and next academic year")


@db.command("current")
def db_current() -> None:
    """Print the schema revision of the database."""
    from bot.storage import migrate

    click.echo(migrate.current(build(schema=False).engine) or "empty (run `bot db upgrade`)")


@main.group()
def schools() -> None:
    """The office's school list."""


@schools.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def schools_import(path: str) -> None:
    """Import schools from a UTF-8 CSV with columns school_code,name,district (existing codes are updated)."""
    import csv

    from bot.storage import register_repo

    services = build()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = {"school_code", "name"} - set(rows[0] if rows else {})
    if missing:
        raise click.ClickException(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    try:
        with services.sessions() as session, session.begin():
            count = register_repo.import_schools(session, rows)
    except ValueError as exc:
        raise click.ClickException(f"{path}: {exc}; nothing imported") from exc
    click.echo(f"imported {count} schools")


main.add_command(register_commands)
main.add_command(category_commands)
main.add_command(faq_commands)
main.add_command(group_commands)
main.add_command(calendar_commands)
main.add_command(reminder_commands)
main.add_command(notices)
main.add_command(stats_commands)
main.add_command(followup_commands)
main.add_command(backup)
main.add_command(richmenu_commands)
main.add_command(restore)
main.add_command(pdpa_commands)


@main.group()
def admin() -> None:
    """Staff accounts of the admin page."""


@admin.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "staff"]), default="staff", show_default=True)
@click.option("--name", "display_name", help="name shown to colleagues (default: the username)")
def admin_create(username: str, role: str, display_name: str | None) -> None:
    """Add a staff account, or set a new password; the password comes from a prompt or from stdin."""
    import sys

    from bot.clock import utcnow
    from bot.storage import staff_repo

    if sys.stdin.isatty():
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    services = build()
    try:
        with services.sessions() as session, session.begin():
            user = staff_repo.create_user(session, username, password, role, display_name, utcnow())
            staff_repo.audit(session, None, "account.create", utcnow(), target=user.username, username="cli",
                             detail={"role": role})
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.username} ({role}) can log in at {services.settings.base_url}/admin/")


@admin.command("hint")
def admin_hint() -> None:
    """Print the admin page's address and, while no staff account can log in, how to create the first one."""
    from bot import texts
    from bot.storage import staff_repo

    services = build()
    with services.sessions() as session:
        anyone = any(user.active for user in staff_repo.users(session))
    click.echo(f"admin page: {services.settings.base_url}/admin/")
    if not anyone:
        click.echo("no staff account yet: create the first one (it asks for a password), then log in there:")
        click.echo(f'  .venv/bin/bot admin create NAME --role admin --name "{texts.FIRST_ADMIN_NAME}"')


@admin.command("deactivate")
@click.argument("username")
def admin_deactivate(username: str) -> None:
    """Stop a staff account's logins and end its open sessions."""
    from bot.clock import utcnow
    from bot.storage import staff_repo

    services = build()
    try:
        with services.sessions() as session, session.begin():
            user = staff_repo.set_active(session, username, False)
            staff_repo.audit(session, None, "account.deactivate", utcnow(), target=user.username, username="cli")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.username} can no longer log in; their sessions are ended")


@main.command()
def scheduler() -> None:
    """Run the timed jobs (reminders, the daily quota check); a second scheduler is harmless, never send twice."""
    from bot.pipeline import scheduler as jobs

    services = build()
    click.echo("scheduler running; Ctrl+C to stop")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        jobs.run(services)


@main.command()
@click.option("--threads", default=2, show_default=True, help="worker threads")
def worker(threads: int) -> None:
    """Process the inbox and outbox without serving the web (for BACKGROUND_WORKERS=0 web nodes)."""
    services = build(workers=threads)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"worker running with {threads} threads; Ctrl+C to stop")
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    services.pump.stop()


if __name__ == "__main__":
    main()
