"""`bot richmenu`: install the teachers' and the staff's rich menus on the LINE channel, or remove them."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.services import build


@click.group("richmenu")
def richmenu_commands() -> None:
    """The rich menus teachers and bound staff see under the chat (drawn with the office's name and colour)."""


@richmenu_commands.command("install")
@click.option("--preview", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="also write the image to this file, to look at it")
def install(preview: Path | None) -> None:
    """Install the teachers' default menu and the staff menu (linked to bound staff), replacing older ones."""
    from bot.line.client import LineError
    from bot.line.richmenu import STAFF_MENU, TEACHER_MENU, render
    from bot.storage import settings_repo
    from bot.usecases import richmenus

    services = build()
    with services.sessions() as session:
        office = settings_repo.office(session, services.settings.office)
    if preview is not None:
        preview.write_bytes(render(TEACHER_MENU, office.name, office.colour))
        staff_preview = preview.with_name(f"{preview.stem}-staff{preview.suffix}")
        staff_preview.write_bytes(render(STAFF_MENU, office.name, office.colour))
    try:
        done = richmenus.setup(services.sessions, services.line, services.settings.office)
    except LineError as exc:
        if services.settings.simulator and exc.status is None:  # nothing answered: the trial is not running there
            raise click.ClickException(
                f"the LINE simulator at {services.settings.base_url} did not answer: start `make run` first "
                "(on another PORT, set BASE_URL=http://127.0.0.1:PORT for this command too)") from exc
        raise click.ClickException(f"LINE refused the rich menu: {exc}") from exc
    click.echo(f"installed {done.rich_menu_id} as the default rich menu ({done.image_bytes:,} bytes) and "
               f"{done.staff_menu_id} for staff who bound their LINE account; replaced {done.replaced} older one(s)")


@richmenu_commands.command("remove")
def remove() -> None:
    """Delete the rich menus this bot installed; LINE then shows no menu."""
    from bot.line.client import LineError
    from bot.usecases import richmenus

    services = build()
    try:
        count = richmenus.remove(services.line, services.sessions)
    except LineError as exc:
        raise click.ClickException(f"LINE refused: {exc}") from exc
    click.echo(f"removed {count} rich menu(s)")
