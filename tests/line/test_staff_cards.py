"""The staff group's cards: LINE's models accept them, they fit LINE's limits, and their buttons act on the request."""

from __future__ import annotations

from bot import postbacks
from bot.line import flex, staff_cards
from bot.texts import staff as st
from tests.line.test_cards import accepted

VIEW = staff_cards.StaffView(
    7, "ICT-2570-0007", "แจ้งซ่อม · คอมพิวเตอร์/ปริ้นเตอร์", "ปริ้นเตอร์ห้องธุรการพิมพ์ไม่ออก", "บ้านหนองบัว",
    "ครูสมหญิง ใจงาม · ครู · 0812345678", "ด่วน", True, "รับเรื่องแล้ว", None, "3 ชม.", "ตอบภายใน 2 ธ.ค. 2569 09:00",
    False, details="ไฟกระพริบสีส้ม", equipment="ปริ้นเตอร์", asset="7440-001-0001", location="ห้องธุรการ",
    thread=("ครู: พิมพ์ไม่ออกค่ะ",), statuses=(("กำลังดำเนินการ", "in_progress"), ("ปิดเรื่อง", "closed")))


def test_a_new_request_card_offers_claim_and_details_for_its_request():
    message = accepted(staff_cards.new_request(VIEW))
    assert message["altText"] == "เรื่องใหม่ ICT-2570-0007 บ้านหนองบัว: ปริ้นเตอร์ห้องธุรการพิมพ์ไม่ออก"
    claim, show = flex.actions(message)
    assert claim["data"] == postbacks.data(postbacks.STAFF_CLAIM, t=7)
    assert claim["displayText"] == "รับเรื่อง ICT-2570-0007"
    assert show["data"] == postbacks.data(postbacks.STAFF_SHOW, t=7)
    assert message["contents"]["header"]["backgroundColor"] == staff_cards.RED  # urgent


def test_the_detail_card_has_everything_and_only_the_buttons_it_is_given():
    message = accepted(staff_cards.detail(VIEW))
    text = flex.plain_text(message)
    for part in ("7440-001-0001", "ห้องธุรการ", "ไฟกระพริบสีส้ม", "ครู: พิมพ์ไม่ออกค่ะ", st.NOBODY, "3 ชม."):
        assert part in text, part
    assert [a["label"] for a in flex.actions(message)] == [st.CLAIM, "กำลังดำเนินการ", "ปิดเรื่อง"]
    claimed = staff_cards.detail(staff_cards.StaffView(**{**VIEW.__dict__, "assignee": "สมชาย ใจดี"}))
    assert [a["label"] for a in flex.actions(claimed)] == ["กำลังดำเนินการ", "ปิดเรื่อง"]


def test_a_long_backlog_stays_within_lines_limits_and_points_to_the_rest():
    long = staff_cards.StaffView(**{**VIEW.__dict__, "subject": "ก" * 300, "school": "โรงเรียน" * 20})
    message = accepted(staff_cards.waiting("งานค้าง 40 เรื่อง", [long] * 40, 40))
    rows = [n for n in flex._nodes(message["contents"]["body"]) if n.get("action")]
    assert len(rows) == staff_cards.MAX_ROWS and st.BACKLOG_MORE.format(count=30) in flex.plain_text(message)
