"""`bot richmenu install` and `remove` against the fake LINE: one default menu of ours, no orphans left."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import update

from bot.line.client import LineError
from bot.line.richmenu import TEACHER_MENU
from bot.pipeline import scheduler
from bot.storage import settings_repo, staff_repo
from bot.storage.models_admin import StaffUser
from bot.usecases import richmenus

SOMCHAI, MALEE = "U0000000000000000000000000000s01", "U0000000000000000000000000000s02"


@pytest.fixture
def line(services, fake_line):
    fake_line.reset()
    return services.line


def test_install_validates_uploads_and_sets_the_default(line, fake_line, services):
    done = richmenus.install(line, services.settings.office)
    store = fake_line.rich_menus
    assert list(store.menus) == [done.rich_menu_id, done.staff_menu_id] and store.default == done.rich_menu_id
    paths = [c["path"] for c in fake_line.calls]
    assert paths.index("/v2/bot/richmenu/validate") < paths.index("/v2/bot/richmenu")
    data, ctype = store.images[done.rich_menu_id]
    assert ctype == "image/png" and Image.open(io.BytesIO(data)).size == (2500, 1686)
    assert store.menus[done.rich_menu_id]["areas"][1]["action"]["text"] == "แจ้งซ่อม"
    staff_image, _ = store.images[done.staff_menu_id]
    assert Image.open(io.BytesIO(staff_image)).size == (2500, 843)
    assert [a["action"]["text"] for a in store.menus[done.staff_menu_id]["areas"]] == [
        "งานค้าง", "เรื่องของฉัน", "รับเรื่องถัดไป", "สรุปวันนี้"]


def test_installing_again_replaces_the_old_menu_and_leaves_others_alone(line, fake_line, services):
    first = richmenus.install(line, services.settings.office)
    foreign = line.create_rich_menu({**TEACHER_MENU.body(), "name": "made in the OA Manager"})
    second = richmenus.install(line, services.settings.office)
    assert second.replaced == 2 and fake_line.rich_menus.default == second.rich_menu_id
    assert set(fake_line.rich_menus.menus) == {second.rich_menu_id, second.staff_menu_id, foreign}
    assert first.rich_menu_id not in fake_line.rich_menus.images


def test_a_refused_image_leaves_the_installed_menu_as_it_was(line, fake_line, services):
    first = richmenus.install(line, services.settings.office)
    fake_line.fail("/v2/bot/richmenu/richmenu-", 400)  # the new menu is created, then its image refused
    with pytest.raises(LineError):
        richmenus.install(line, services.settings.office)
    # the half-made ones were deleted
    assert list(fake_line.rich_menus.menus) == [first.rich_menu_id, first.staff_menu_id]
    assert fake_line.rich_menus.default == first.rich_menu_id


def test_remove_deletes_ours_and_the_default(line, fake_line, services):
    richmenus.install(line, services.settings.office)
    assert richmenus.remove(line) == 2
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
    assert Image.open(tmp_path / "menu-staff.png").size == (2500, 843)
    assert cli("richmenu", "install").output.endswith("replaced 2 older one(s)\n")
    assert cli("richmenu", "remove").output == "removed 2 rich menu(s)\n"
    assert fake_line.rich_menus.menus == {}


def bind(services, username, line_user):
    with services.sessions() as session, session.begin():
        session.execute(update(StaffUser).where(StaffUser.username == username).values(line_user_id=line_user))


def test_bound_staff_get_the_staff_menu_and_lose_it_when_they_leave(line, fake_line, services, accounts):
    bind(services, "somchai", SOMCHAI)
    done = richmenus.setup(services.sessions, line, services.settings.office)
    assert fake_line.rich_menus.linked == {SOMCHAI: done.staff_menu_id}  # teachers keep the default
    bind(services, "malee", MALEE)  # binds later: the scheduler's minute links her menu
    scheduler.every_minute(services)
    assert fake_line.rich_menus.linked == {SOMCHAI: done.staff_menu_id, MALEE: done.staff_menu_id}
    assert richmenus.link_staff(services.sessions, line) == 0  # nothing more to do
    with services.sessions() as session, session.begin():
        staff_repo.set_active(session, "malee", False)
    assert richmenus.link_staff(services.sessions, line) == 1
    assert fake_line.rich_menus.linked == {SOMCHAI: done.staff_menu_id}
    again = richmenus.setup(services.sessions, line, services.settings.office)  # a new menu: links follow it
    assert fake_line.rich_menus.linked == {SOMCHAI: again.staff_menu_id}
    richmenus.remove(line, services.sessions)
    assert fake_line.rich_menus.linked == {} and fake_line.rich_menus.menus == {}


def test_a_link_line_refuses_is_tried_again(line, fake_line, services, accounts):
    bind(services, "somchai", SOMCHAI)
    fake_line.fail(f"/v2/bot/user/{SOMCHAI}/richmenu", 500)
    done = richmenus.setup(services.sessions, line, services.settings.office)
    assert fake_line.rich_menus.linked == {}
    assert richmenus.link_staff(services.sessions, line) == 1
    assert fake_line.rich_menus.linked == {SOMCHAI: done.staff_menu_id}


def test_in_a_trial_the_cli_says_the_simulator_is_not_running_rather_than_that_line_refused(tmp_path,
                                                                                           sqlite_template):
    import shutil

    from click.testing import CliRunner

    from bot.cli import main

    shutil.copy(sqlite_template, tmp_path / "helpdesk.sqlite3")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'helpdesk.sqlite3'}", "BASE_URL": "http://127.0.0.1:9",
           "LINE_CHANNEL_SECRET": "", "LINE_CHANNEL_ACCESS_TOKEN": ""}
    result = CliRunner().invoke(main, ["richmenu", "install"], env=env)
    assert result.exit_code == 1 and "the LINE simulator at http://127.0.0.1:9 did not answer" in result.output
