"""A staff member binds their LINE account with the admin page's one-time code, typed to the bot in a 1:1 chat."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot import texts
from bot.clock import utcnow
from bot.storage.models_admin import AuditLog, StaffUser
from tests.helpers.dialogue import chat

SOMCHAI_LINE, OTHER_LINE = "U0000000000000000000000000000s01", "U0000000000000000000000000000s02"
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def new_code(staff):
    page = staff.post("/admin/line").get_data(as_text=True)
    return re.search(r'id="line-code">(\d{6})<', page).group(1)


def somchai(db):
    db.rollback()
    return db.scalar(select(StaffUser).where(StaffUser.username == "somchai"))


def test_the_code_binds_once_and_the_page_says_so(staff, webhook, fake_line, process, db):
    assert "ยังไม่ได้ผูกบัญชี LINE" in staff.get("/admin/line").get_data(as_text=True)
    code = new_code(staff)
    said = chat(webhook, fake_line, process, SOMCHAI_LINE, f"ผูกบัญชี {code}")
    assert said[-1]["text"] == texts.line_bound("สมชาย ใจดี")
    assert somchai(db).line_user_id == SOMCHAI_LINE and somchai(db).line_code_hash is None
    assert db.scalar(select(AuditLog.action).where(AuditLog.action == "line.bind")) == "line.bind"
    assert "ผูกไว้แล้ว" in staff.get("/admin/line").get_data(as_text=True)
    # single use: the same code from another account binds nothing
    assert chat(webhook, fake_line, process, OTHER_LINE, f"ผูกบัญชี {code}")[-1]["text"] == texts.LINE_CODE_WRONG
    assert somchai(db).line_user_id == SOMCHAI_LINE


def test_a_code_typed_with_thai_digits_and_a_particle_binds(staff, webhook, fake_line, process, db):
    code = new_code(staff)
    said = chat(webhook, fake_line, process, SOMCHAI_LINE, f"ผูกบัญชี {code.translate(THAI_DIGITS)} ครับ")
    assert said[-1]["text"] == texts.line_bound("สมชาย ใจดี") and somchai(db).line_user_id == SOMCHAI_LINE


def test_an_expired_code_or_one_typed_in_a_group_binds_nothing(staff, services, webhook, fake_line, process, db):
    code = new_code(staff)
    webhook.text(SOMCHAI_LINE, f"ผูกบัญชี {code}", group="C0000000000000000000000000000g01")
    process()
    assert fake_line.texts_to("C0000000000000000000000000000g01")[-1] == texts.LINE_CODE_PRIVATE
    with services.sessions() as session, session.begin():
        user = session.scalar(select(StaffUser).where(StaffUser.username == "somchai"))
        user.line_code_expires_at = utcnow() - timedelta(seconds=1)  # ten minutes went by
    assert chat(webhook, fake_line, process, SOMCHAI_LINE, f"ผูกบัญชี {code}")[-1]["text"] == texts.LINE_CODE_WRONG
    assert somchai(db).line_user_id is None


def test_guessing_codes_is_stopped_after_five_tries(staff, webhook, fake_line, process, db):
    code = new_code(staff)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        chat(webhook, fake_line, process, OTHER_LINE, f"ผูกบัญชี {wrong}")
    assert chat(webhook, fake_line, process, OTHER_LINE, f"ผูกบัญชี {code}")[-1]["text"] == texts.LINE_CODE_WRONG
    assert somchai(db).line_user_id is None  # even the right code, from the account that guessed
    assert chat(webhook, fake_line, process, SOMCHAI_LINE, f"ผูกบัญชี {code}")[-1]["text"] == texts.line_bound(
        "สมชาย ใจดี")
