"""Install the bot's rich menu on the LINE channel, replacing any it installed before; or remove it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.line.client import LineClient, LineError
from bot.line.richmenu import MAX_IMAGE_BYTES, NAME_PREFIX, TEACHER_MENU, RichMenu, render
from bot.office import Office

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Installed:
    """What installing did: the new menu's id, its image's size, how many older menus of ours it deleted."""

    rich_menu_id: str
    image_bytes: int
    replaced: int


def ours(line: LineClient) -> list[str]:
    """Return the ids of the rich menus this bot created (by their name), on the channel now."""
    return [m["richMenuId"] for m in line.rich_menus() if str(m.get("name", "")).startswith(NAME_PREFIX)]


def install(line: LineClient, office: Office, menu: RichMenu = TEACHER_MENU) -> Installed:
    """Validate, create, upload and set as default the teacher menu; then delete the menus it replaces.

    A failure after creating leaves no half-made menu behind: the new one is deleted and the old one stays.
    """
    body = menu.body()
    image = render(menu, office.name, office.colour)
    if len(image) > MAX_IMAGE_BYTES:  # a drawing this plain stays far below; refuse rather than upload a bad one
        raise ValueError(f"the rich menu image is {len(image)} bytes, LINE takes at most {MAX_IMAGE_BYTES}")
    line.validate_rich_menu(body)
    before = ours(line)
    new_id = line.create_rich_menu(body)
    try:
        line.set_rich_menu_image(new_id, image, "image/png")
        line.set_default_rich_menu(new_id)
    except LineError:
        line.delete_rich_menu(new_id)
        raise
    for old in before:
        line.delete_rich_menu(old)
    log.info("rich menu %s installed as the default; %s older one(s) deleted", new_id, len(before))
    return Installed(new_id, len(image), len(before))


def remove(line: LineClient) -> int:
    """Delete every rich menu this bot created (and the default, if it was one of them); return how many."""
    found = ours(line)
    if line.default_rich_menu() in found:
        line.cancel_default_rich_menu()
    for menu_id in found:
        line.delete_rich_menu(menu_id)
    return len(found)
