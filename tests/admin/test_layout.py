"""The staff page on a phone and a desktop, in Debian's Chromium: cards on a phone, the table on a desktop,
nothing wider than the screen, the first request above the fold, taps big enough, the request page in reading order.

With SCREENSHOTS_DIR set, the screenshots are also written there, small, for the README (docs/screenshots).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from bot.clock import utcnow
from bot.storage import register_repo
from bot.storage.models import Requester
from tests.admin.test_browser import office  # noqa: F401 (a fixture)
from tests.conftest import PASSWORD

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 800}
pytestmark = pytest.mark.browser


def seed(services, count: int = 8) -> str:
    """File `count` requests, one urgent, with long Thai subjects; return the first number."""
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "1034150001", "name": "บ้านหนองบัว"}])
        requester = Requester(name="ครูสมศรี ใจดี", position="ครู", school_code="1034150001", phone="0812345678",
                              created_at=utcnow(), updated_at=utcnow())
        session.add(requester)
        session.flush()
        numbers = [register_repo.create_ticket(session, requester, {
            "kind": "consult", "category": "dmc", "urgency": "urgent" if n == 0 else "normal",
            "subject": f"ยืนยันข้อมูลนักเรียนรายบุคคลในระบบ DMC ไม่ผ่านเพราะเลขประจำตัวประชาชนซ้ำกัน ({n})",
            "details": "ขึ้นข้อความว่าเลขประจำตัวประชาชนซ้ำกับนักเรียนโรงเรียนอื่น " * 3}, "ICT", utcnow()).number
            for n in range(count)]
    return numbers[0]


def log_in(page, base) -> None:
    page.goto(f"{base}/admin/login")
    page.get_by_label("ชื่อผู้ใช้").fill("somchai")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("heading", name="กล่องเรื่อง").wait_for()


def shoot(page, tmp_path: Path, name: str) -> None:
    """Keep a screenshot; with SCREENSHOTS_DIR, a small copy for the README too."""
    data = page.screenshot(path=str(tmp_path / f"{name}.png"))
    target = os.environ.get("SCREENSHOTS_DIR")
    if target:
        image = Image.open(io.BytesIO(data)).convert("RGB")
        image.thumbnail((640, 900))
        image.quantize(colors=64).save(Path(target) / f"{name}.png", optimize=True)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def small_taps(page, selector: str) -> list[str]:
    """Name the visible elements matching `selector` that are less than 44 px tall."""
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel)].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.height < 44;
    }).map((el) => el.outerHTML.slice(0, 80))""", selector)


def test_on_a_phone_the_request_list_is_cards_with_the_first_above_the_fold(office, live, browser, tmp_path):  # noqa: F811
    base, services = live
    seed(services)
    page = browser.new_page(viewport=PHONE)
    log_in(page, base)
    first = page.locator(".ticket-card").first
    box = first.bounding_box()
    assert first.is_visible() and box["y"] + box["height"] <= PHONE["height"], box
    assert page.locator("table.list").is_hidden() and no_sideways_scroll(page)
    assert "urgent" in (first.get_attribute("class") or "")  # the urgent one first, in its colour
    assert page.locator("#main-nav").is_hidden()  # the navigation is folded away
    assert small_taps(page, ".ticket-card a, .menu-toggle, .counters a, main button") == []
    shoot(page, tmp_path, "requests-phone")
    page.get_by_role("button", name="เมนู ☰").click()
    assert page.get_by_role("link", name="แดชบอร์ด").is_visible()
    assert small_taps(page, "#main-nav a") == []


def test_on_a_phone_a_request_reads_top_to_bottom_with_the_reply_box_one_scroll_away(office, live, browser,  # noqa: F811
                                                                                     tmp_path):
    base, services = live
    number = seed(services, count=1)
    page = browser.new_page(viewport=PHONE)
    log_in(page, base)
    page.goto(f"{base}/admin/r/{number}")
    tops = [page.locator(sel).bounding_box()["y"] for sel in (".what", ".thread-card", ".reply", ".manage")]
    assert tops == sorted(tops), tops  # what and who, the thread, the reply box, then assignment and status
    assert page.locator("#reply-body").bounding_box()["y"] < 2 * PHONE["height"]
    assert no_sideways_scroll(page)
    assert small_taps(page, "main button, main select") == []
    shoot(page, tmp_path, "request-phone")


def test_a_desktop_keeps_the_table(office, live, browser, tmp_path):  # noqa: F811
    base, services = live
    number = seed(services)
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, base)
    assert page.locator("table.list").is_visible() and page.locator(".ticket-cards").is_hidden()
    assert page.locator("#main-nav").is_visible() and page.locator(".menu-toggle").is_hidden()
    assert no_sideways_scroll(page)
    shoot(page, tmp_path, "requests-desktop")
    page.goto(f"{base}/admin/r/{number}")
    assert no_sideways_scroll(page)
    shoot(page, tmp_path, "request-desktop")


PAGES = ["/admin/dashboard", "/admin/stats", "/admin/calendar", "/admin/groups", "/admin/faq", "/admin/new",
         "/admin/line", "/admin/settings", "/admin/audit"]


def test_every_main_page_fits_a_phone_with_its_menu_folded(office, live, browser, tmp_path):  # noqa: F811
    base, services = live
    seed(services)
    page = browser.new_page(viewport=PHONE)
    log_in(page, base)
    wide = []
    for url in PAGES:
        page.goto(base + url)
        if not no_sideways_scroll(page) or page.locator("#main-nav").is_visible():
            wide.append(url)
    assert wide == []
    page.goto(f"{base}/admin/dashboard")
    shoot(page, tmp_path, "dashboard-phone")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/admin/dashboard")
    shoot(page, tmp_path, "dashboard-desktop")
