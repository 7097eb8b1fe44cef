"""The built-in LINE simulator: a live server on loopback, driven over HTTP and in a real Chromium."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import requests

from bot import texts
from bot.simulator.page import GROUPS, PEOPLE
from tests.helpers.live import wait_for

TEACHER = next(iter(PEOPLE))
GROUP = next(iter(GROUPS))
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)




def transcript(base, chat):
    return requests.get(f"{base}/dev/line/transcript", params={"chat": chat}, timeout=5).json()


def bot_texts(base, chat):
    return [e["message"].get("text") for e in transcript(base, chat) if e["from"] == "bot"]


def send(base, **action):
    response = requests.post(f"{base}/dev/line/send", json={"user": TEACHER, **action}, timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["webhook_status"] == 200  # signed as LINE signs, accepted by /callback
    return response


def test_simulator_round_trip_over_http(live):
    base, services = live
    send(base, kind="follow")
    answers = wait_for(lambda: len(bot_texts(base, TEACHER)) >= 2 and bot_texts(base, TEACHER))
    assert "สวัสดีครับ คุณครูสมศรี ใจดี" in answers[0]  # the profile comes from the fake's API
    send(base, kind="image", image=base64.b64encode(PNG).decode(), content_type="image/png")
    wait_for(lambda: len(bot_texts(base, TEACHER)) >= 3)
    [image_event] = [e for e in transcript(base, TEACHER) if e["message"].get("type") == "image"]
    assert image_event["from"] == TEACHER
    # the bot can fetch the picture through the content endpoint the simulator stands in for
    fake = services.fake_line
    msg_id = next(iter(fake.contents))
    assert services.line.content(msg_id) == PNG


@pytest.mark.parametrize("bad", [{"kind": "text", "text": ""}, {"kind": "teleport"}, {"kind": "image", "image": "%%"},
                                 {"kind": "join"}, {"user": "Unobody", "kind": "text", "text": "x"}])
def test_simulator_refuses_bad_actions_clearly(live, bad):
    base, _ = live
    response = requests.post(f"{base}/dev/line/send", json={"user": TEACHER, **bad}, timeout=5)
    assert response.status_code == 400
    reason = ("unknown user or group" if "user" in bad else "empty text" if bad["kind"] == "text"
              else "base64" if bad["kind"] == "image" else f"unsupported action: {bad['kind']}")
    assert reason in response.text, response.text  # the page can say what was wrong
    assert transcript(base, TEACHER) == []  # and nothing reached the bot


def test_simulator_group_join_and_mention(live):
    base, _ = live
    send(base, kind="join", group=GROUP)
    wait_for(lambda: len(bot_texts(base, GROUP)) >= 2)  # hello, and which school is this group?
    send(base, kind="text", text="สวัสดีทุกคน", group=GROUP)
    send(base, kind="text", text="@บอท ขอถามหน่อย", group=GROUP, mention=True)
    answers = wait_for(lambda: len(bot_texts(base, GROUP)) >= 3 and bot_texts(base, GROUP))
    assert answers[2] == texts.GROUP_ASK_SCHOOL  # chatter ignored, the mention asked again for the school


@pytest.mark.browser
def test_simulator_in_a_real_browser(live, browser, tmp_path):
    base, _ = live
    page = browser.new_page(viewport={"width": 390, "height": 800})  # a phone
    page.goto(f"{base}/dev/line/")
    page.get_by_role("button", name="เพิ่มเพื่อน (follow)").click()
    page.locator(".msg.bot", has_text="PDPA").wait_for(timeout=10_000)
    # quick replies render as buttons; tapping one sends its text as the teacher
    page.locator("#quick button", has_text=texts.MENU_TRACK).click()
    page.locator(".msg.user", has_text=texts.MENU_TRACK).wait_for(timeout=10_000)
    page.locator(".msg.bot", has_text=texts.NO_OPEN_REQUESTS).wait_for(timeout=10_000)
    # typed text, including markup, is shown as text
    page.get_by_label("ข้อความ", exact=True).fill("<b>ทดสอบ</b>")
    page.get_by_role("button", name="ส่ง", exact=True).click()
    page.locator(".msg.user", has_text="<b>ทดสอบ</b>").wait_for(timeout=10_000)
    assert page.locator(".msg.user b").count() == 0
    page.screenshot(path=str(Path(tmp_path) / "simulator.png"))


@pytest.mark.browser
def test_the_rich_menu_shows_under_the_chat_and_its_areas_send_their_text(live, browser, tmp_path):
    from bot.usecases import richmenus

    base, services = live
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/dev/line/")
    page.locator("#richmenu-missing").wait_for(timeout=10_000)  # none installed: the page says which command
    richmenus.install(services.line, services.settings.office)  # as `bot richmenu install` does, over HTTP
    page.reload()
    areas = page.locator("#richmenu-panel .area")
    areas.first.wait_for(timeout=10_000)
    assert areas.count() == 6 and page.locator("#richmenu-missing").is_hidden()
    image = page.locator("#richmenu-image").bounding_box()
    assert image is not None and image["width"] <= 390 and image["height"] > 200  # the whole menu, phone wide
    page.get_by_role("button", name="แจ้งซ่อม", exact=True).click()
    page.locator(".msg.user", has_text=texts.MENU_REPAIR).wait_for(timeout=10_000)
    page.locator(".msg.bot", has_text="รับแจ้งซ่อมครับ").wait_for(timeout=10_000)
    page.get_by_role("button", name="ติดต่อเจ้าหน้าที่", exact=True).click()
    page.locator(".msg.bot", has_text="เวลาทำการ").wait_for(timeout=10_000)
    page.screenshot(path=str(Path(tmp_path) / "richmenu.png"))


@pytest.mark.browser
def test_a_staff_answer_shows_as_a_card_whose_button_answers_the_follow_up(live, browser, tmp_path):
    from bot.clock import utcnow
    from bot.storage import register_repo
    from bot.usecases import desk

    base, services = live
    teacher = "U1000000000000000000000000000001"  # the simulator's first person
    with services.sessions() as session, session.begin():
        requester = register_repo.requester_for_line(session, teacher, utcnow())
        requester.name = "ครูสมศรี ใจดี"
        ticket = register_repo.create_ticket(session, requester, {"kind": "consult", "subject": "เข้า DMC ไม่ได้"},
                                             "ICT", utcnow())
        desk.reply(session, ticket, "รีเซ็ตรหัสผ่านให้แล้วครับ", "สมชาย", utcnow(), services.settings.office)
        number = ticket.number
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/dev/line/")
    card = page.locator(".msg.flex .fx-bubble", has_text=number)
    card.wait_for(timeout=10_000)  # the pushed answer, drawn as LINE draws the card
    assert "รีเซ็ตรหัสผ่านให้แล้วครับ" in card.inner_text() and "— สมชาย" in card.inner_text()
    card.get_by_role("button", name=texts.FOLLOWUP_SOLVED_LABEL).click()
    page.locator(".msg.user", has_text=texts.FOLLOWUP_SOLVED_LABEL).wait_for(timeout=10_000)  # its displayText
    page.locator(".msg.bot", has_text=texts.ASK_UNDERSTANDING).wait_for(timeout=10_000)
    page.screenshot(path=str(Path(tmp_path) / "card.png"))
