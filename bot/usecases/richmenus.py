"""Install the bot's rich menus on the LINE channel (teachers' default, staff's per user), replacing any it installed
before; link the staff menu to bound staff; or remove them all."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.line.client import LineClient, LineError
from bot.line.richmenu import MAX_IMAGE_BYTES, NAME_PREFIX, STAFF_MENU, TEACHER_MENU, RichMenu, render
from bot.office import Office
from bot.storage import settings_repo, staff_repo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Installed:
    """What installing did: the new menus' ids, the teacher image's size, how many older menus of ours it deleted."""

    rich_menu_id: str
    staff_menu_id: str
    image_bytes: int
    replaced: int


def ours(line: LineClient) -> list[str]:
    """Return the ids of the rich menus this bot created (by their name), on the channel now."""
    return [m["richMenuId"] for m in line.rich_menus() if str(m.get("name", "")).startswith(NAME_PREFIX)]


def _create(line: LineClient, menu: RichMenu, office: Office) -> tuple[str, int]:
    """Validate, create and upload one menu; return its id and image size (a failed upload deletes it again)."""
    body = menu.body()
    image = render(menu, office.name, office.colour)
    if len(image) > MAX_IMAGE_BYTES:  # a drawing this plain stays far below; refuse rather than upload a bad one
        raise ValueError(f"the rich menu image is {len(image)} bytes, LINE takes at most {MAX_IMAGE_BYTES}")
    line.validate_rich_menu(body)
    new_id = line.create_rich_menu(body)
    try:
        line.set_rich_menu_image(new_id, image, "image/png")
    except LineError:
        line.delete_rich_menu(new_id)
        raise
    return new_id, len(image)


def install(line: LineClient, office: Office) -> Installed:
    """Make the teacher menu (set as the default) and the staff menu; then delete the menus they replace.

    A failure part way leaves no half-made menu behind: the new ones are deleted and the old ones stay.
    """
    before = ours(line)
    teacher, size = _create(line, TEACHER_MENU, office)
    made = [teacher]
    try:
        staff, _ = _create(line, STAFF_MENU, office)
        made.append(staff)
        line.set_default_rich_menu(teacher)
    except LineError:
        for menu_id in made:
            line.delete_rich_menu(menu_id)
        raise
    for old in before:
        line.delete_rich_menu(old)
    log.info("rich menus installed (teachers' default %s, staff %s); %s older one(s) deleted", teacher, staff,
             len(before))
    return Installed(teacher, staff, size, len(before))


def setup(sessions: sessionmaker[Session], line: LineClient, installed: Office) -> Installed:
    """Install both menus in the office's name and colour, remember the staff one, and link it to bound staff."""
    with sessions() as session:
        office = settings_repo.office(session, installed)
    done = install(line, office)
    with sessions() as session, session.begin():
        settings_repo.set_staff_menu(session, done.staff_menu_id)
    link_staff(sessions, line)
    return done


def link_staff(sessions: sessionmaker[Session], line: LineClient) -> int:
    """Give every bound staff member the staff menu, and take it from those no longer bound; return the changes.

    Runs each minute from the scheduler, so a LINE account bound a moment ago gets its menu without a restart.
    A call LINE refuses is tried again next time.
    """
    with sessions() as session:
        changes = staff_repo.menu_changes(session, settings_repo.staff_menu(session))
    done = 0
    for user_id, line_user, wanted in changes:
        try:
            if line_user and wanted:
                line.link_rich_menu(line_user, wanted)
            elif line_user:
                line.unlink_rich_menu(line_user)
        except LineError as exc:
            log.warning("the staff rich menu could not be changed for a staff member: %s", exc)
            continue
        with sessions() as session, session.begin():  # no call to LINE inside a transaction
            staff_repo.set_line_menu(session, user_id, wanted)
        done += 1
    return done


def remove(line: LineClient, sessions: sessionmaker[Session] | None = None) -> int:
    """Delete every rich menu this bot created (and the default, if it was one of them); return how many.

    With `sessions`, the staff menu is first taken from the staff who have it.
    """
    if sessions is not None:
        with sessions() as session, session.begin():
            settings_repo.set_staff_menu(session, None)
        link_staff(sessions, line)
    found = ours(line)
    if line.default_rich_menu() in found:
        line.cancel_default_rich_menu()
    for menu_id in found:
        line.delete_rich_menu(menu_id)
    return len(found)
