"""`bot backup`, `bot restore` and `bot pdpa …`: keeping the data safe, and people's rights over it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click

from bot.cli.services import build
from bot.clock import utcnow


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def backup(output: Path) -> None:
    """Write a consistent copy of the database (safe while the helpdesk runs)."""
    from bot.storage.backup import BackupError
    from bot.storage.backup import backup as run

    try:
        run(build(schema=False).settings.database_url, output)  # before an upgrade, too
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup written to {output} ({output.stat().st_size:,} bytes)")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def restore(source: Path, yes: bool) -> None:
    """Replace the database with a backup. Stop the web app and the scheduler first."""
    from bot.storage import migrate
    from bot.storage.backup import BackupError
    from bot.storage.backup import restore as run

    if not yes:
        click.confirm("This replaces every record in the database with the backup. Go on?", abort=True)
    services = build(schema=False)
    try:
        run(services.settings.database_url, source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {source}; schema at revision {migrate.current(services.engine)} "
               "(run `bot db upgrade` if this backup is from an older release)")


@click.group("pdpa")
def pdpa_commands() -> None:
    """Personal data requests (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล): access, erasure, retention."""


@pdpa_commands.command("export")
@click.argument("line_user_id")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="file (default: print)")
def pdpa_export(line_user_id: str, output: Path | None) -> None:
    """Everything held about one LINE user, as JSON."""
    from bot.storage import pdpa_repo

    with build().sessions() as session:
        data = pdpa_repo.export(session, line_user_id)
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text)


@pdpa_commands.command("erase")
@click.argument("line_user_id")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def pdpa_erase(line_user_id: str, yes: bool) -> None:
    """Anonymise a LINE user's personal data; statistics (kinds, times, ratings) stay."""
    from bot.storage import pdpa_repo

    if not yes:
        click.confirm(f"Erase the personal data of {line_user_id}? This cannot be undone.", abort=True)
    services = build()
    with services.sessions() as session, session.begin():
        counts = pdpa_repo.erase(session, line_user_id)
        from bot.storage import staff_repo

        staff_repo.audit(session, None, "pdpa.erase", utcnow(), target=pdpa_repo.pseudonym(line_user_id),
                         username="cli", detail=counts)
    click.echo(json.dumps(counts, ensure_ascii=False))


@pdpa_commands.command("purge")
@click.option("--days", type=int, help="keep this many days (default: RETENTION_DAYS)")
def pdpa_purge(days: int | None) -> None:
    """Delete pictures and message bodies older than the retention period (the scheduler does it daily)."""
    from bot.storage import pdpa_repo

    services = build()
    keep = days if days is not None else services.settings.retention_days
    with services.sessions() as session, session.begin():
        counts = pdpa_repo.purge(session, utcnow() - timedelta(days=keep))
    click.echo(json.dumps(counts, ensure_ascii=False))
