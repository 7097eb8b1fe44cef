"""`bot richmenu install` and `remove` against the fake LINE: one default menu of ours, no orphans left."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.line.client import LineError
from bot.line.richmenu import TEACHER_MENU
from bot.storage import settings_repo
from bot.usecases import richmenus


@pytest.fixture
def line(services, fake_line):
    fake_line.reset()
    return services.line


def test_install_validates_uploads_and_sets_the_default(line, fake_line, services):
    done = richmenus.install(line, services.settings.office)
    store = fake_line.rich_menus
    assert list(store.menus) == [done.rich_menu_id] and store.default == done.rich_menu_id
    paths = [c["path"] for c in fake_line.calls]
    assert paths.index("/v2/bot/richmenu/validate") < paths.index("/v2/bot/richmenu")
    data, ctype = store.images[done.rich_menu_id]
    assert ctype == "image/png" and Image.open(io.BytesIO(data)).size == (2500, 1686)
    assert store.menus[done.rich_menu_id]["areas"][1]["action"]["text"] == "แจ้งซ่อม"


def test_installing_again_replaces_the_old_menu_and_leaves_others_alone(line, fake_line, services):
    first = richmenus.install(line, services.settings.office)
    foreign = line.create_rich_menu({**TEACHER_MENU.body(), "name": "made in the OA Manager"})
    second = richmenus.install(line, services.settings.office)
    assert second.replaced == 1 and fake_line.rich_menus.default == second.rich_menu_id
    assert set(fake_line.rich_menus.menus) == {second.rich_menu_id, foreign}
    assert first.rich_menu_id not in fake_line.rich_menus.images


def test_a_refused_image_leaves_the_installed_menu_as_it_was(line, fake_line, services):
    first = richmenus.install(line, services.settings.office)
    fake_line.fail("/v2/bot/richmenu/richmenu-", 400)  # the new menu is created, then its image refused
    with pytest.raises(LineError):
        richmenus.install(line, services.settings.office)
    assert list(fake_line.rich_menus.menus) == [first.rich_menu_id]  # the half-made one was deleted
    assert fake_line.rich_menus.default == first.rich_menu_id


def test_remove_deletes_ours_and_the_default(line, fake_line, services):
    richmenus.install(line, services.settings.office)
    assert richmenus.remove(line) == 1
    assert fake_line.rich_menus.menus == {} and fake_line.rich_menus.default is None
    assert richmenus.remove(line) == 0


def test_the_cli_draws_the_office_from_the_admin_page_and_installs(cli, services, fake_line, tmp_path):
    fake_line.reset()
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"name": "สพป.ทดสอบ เขต 9", "colour": "#AA2200"})
    result = cli("richmenu", "install", "--preview", str(tmp_path / "menu.png"))
    assert result.exit_code == 0 and "installed richmenu-" in result.output
    preview = Image.open(tmp_path / "menu.png").convert("RGB")
    assert preview.getpixel((20, 20)) == (170, 34, 0)  # the colour staff set
    assert cli("richmenu", "install").output.endswith("replaced 1 older one(s)\n")
    assert cli("richmenu", "remove").output == "removed 1 rich menu(s)\n"
    assert fake_line.rich_menus.menus == {}
