"""The groups page: claims made in LINE wait there for staff to approve or reject; links staff set are in force."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import utcnow
from bot.storage import groups_repo, register_repo
from bot.storage.models_admin import AuditLog


@pytest.fixture
def claims(services):
    """Two LINE groups claim the same school; neither is approved."""
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "1034150001", "name": "บ้านหนองบัว"}])
        for group_id, name in (("Cclaim1", "กลุ่มครูหนองบัว"), ("Cclaim2", "กลุ่มแปลกหน้า")):
            group = groups_repo.joined(session, group_id, utcnow(), name)
            groups_repo.link(session, group, "1034150001", "Ustranger", utcnow())


def claim_of(page: str, group_id: str) -> str:
    """Return the claim the page's approve form for a group carries."""
    found = re.search(rf'action="/admin/groups/{group_id}/approve".*?name="claim" value="([^"]+)"', page, re.S)
    assert found, f"no approve form for {group_id}"
    return found.group(1)


def audit_actions(db):
    db.rollback()
    return [(a.action, a.target) for a in db.scalars(select(AuditLog).order_by(AuditLog.id)) if a.action != "login"]


def test_pending_claims_are_shown_with_both_groups_of_a_school(staff, claims):
    page = staff.get("/admin/groups").get_data(as_text=True)
    pending = page.split('class="card pending"')[1].split("</section>")[0]
    assert "รออนุมัติ" in pending and "กลุ่มครูหนองบัว" in pending and "กลุ่มแปลกหน้า" in pending
    assert 'action="/admin/groups/Cclaim1/reject"' in pending and "⚠️" in pending  # the school has two claims
    assert 'name="csrf_token"' in pending


def test_approve_on_the_page_tells_the_group_once_and_is_audited(staff, claims, db, process, fake_line):
    claim = claim_of(staff.get("/admin/groups").get_data(as_text=True), "Cclaim1")
    done = staff.post("/admin/groups/Cclaim1/approve", {"claim": claim}, follow_redirects=True)
    assert texts.claim_approved("กลุ่มครูหนองบัว", texts.school_label("บ้านหนองบัว", "1034150001")) in \
        done.get_data(as_text=True)
    process()
    assert fake_line.texts_to("Cclaim1") == [texts.group_approved("บ้านหนองบัว")]
    db.rollback()
    group = groups_repo.get(db, "Cclaim1")
    assert not groups_repo.pending(group) and group.approved_by == "staff:somchai"
    again = staff.post("/admin/groups/Cclaim1/approve", {"claim": claim}, follow_redirects=True)
    assert texts.CLAIM_ALREADY_APPROVED in again.get_data(as_text=True)
    process()
    assert len(fake_line.texts_to("Cclaim1")) == 1
    assert audit_actions(db) == [("group.approve", "Cclaim1"), ("group.approve", "Cclaim1")]


def test_reject_on_the_page_unlinks_and_tells_the_group(staff, claims, db, process, fake_line):
    claim = claim_of(staff.get("/admin/groups").get_data(as_text=True), "Cclaim2")
    stale = staff.post("/admin/groups/Cclaim2/reject", {"claim": "1034150001-1"}, follow_redirects=True)
    assert texts.CLAIM_STALE in stale.get_data(as_text=True)
    staff.post("/admin/groups/Cclaim2/reject", {"claim": claim})
    process()
    assert fake_line.texts_to("Cclaim2") == [texts.GROUP_CLAIM_REJECTED]
    db.rollback()
    assert groups_repo.awaiting_link(groups_repo.get(db, "Cclaim2"))
    assert groups_repo.pending(groups_repo.get(db, "Cclaim1"))
    assert audit_actions(db) == [("group.reject", "Cclaim2"), ("group.reject", "Cclaim2")]
    assert staff.post("/admin/groups/Cnothere/reject", {"claim": claim}).status_code == 404


def test_a_link_staff_set_on_the_page_is_in_force_at_once(staff, claims, db):
    staff.post("/admin/groups/Cclaim1/link", {"school": "1034150001"})
    staff.post("/admin/groups/Cclaim2/link", {"school": "area"})
    db.rollback()
    assert [(t.group_id, t.area_wide) for t in groups_repo.reminder_targets(db)] == [("Cclaim1", False),
                                                                                      ("Cclaim2", True)]
    assert groups_repo.get(db, "Cclaim2").approved_by == "staff:somchai"


def test_the_school_box_is_visible_and_offers_every_school(staff, claims):
    page = staff.get("/admin/groups").get_data(as_text=True)
    box = re.search(r'<form method="post" action="/admin/groups/Cclaim1/link".*?</form>', page, re.S).group(0)
    assert '<label class="sr">' not in box  # the box itself is not hidden off-screen (only the group's name)
    assert '<input name="school" list="school-list" value="1034150001 บ้านหนองบัว"' in box  # the claimed school
    school_list = page.split('<datalist id="school-list">')[1].split("</datalist>")[0]
    assert '<option value="1034150001 บ้านหนองบัว">' in school_list and "กลุ่มรวมของเขต" in school_list


@pytest.mark.parametrize(("typed", "school", "area"), [
    ("1034150001 บ้านหนองบัว", "1034150001", False),  # as the list offers it
    ("1034150001", "1034150001", False),
    ("โรงเรียนบ้านหนองบัว", "1034150001", False),
    ("  บ้านหนองบัว ", "1034150001", False),
    ("กลุ่มรวมของเขต", None, True),
    ("", None, False),
])
def test_a_group_is_relinked_by_what_is_typed_in_the_school_box(staff, claims, db, typed, school, area):
    done = staff.post("/admin/groups/Cclaim2/link", {"school": typed}, follow_redirects=True)
    assert "บันทึกโรงเรียนของกลุ่ม กลุ่มแปลกหน้า แล้ว" in done.get_data(as_text=True)
    db.rollback()
    group = groups_repo.get(db, "Cclaim2")
    assert (group.school_code, group.area_wide) == (school, area)


@pytest.mark.parametrize("typed", ["บ้านหนองบัวใหม่", "1034159999 บ้านหนองบัว", "<b>x</b>"])
def test_an_unknown_school_is_refused_with_what_was_typed_kept(staff, claims, db, typed):
    refused = staff.post("/admin/groups/Cclaim2/link", {"school": typed})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "ไม่พบโรงเรียน" in page and "เลือกจากรายการ" in page
    shown = typed.replace("<", "&lt;").replace(">", "&gt;")
    assert f'<input name="school" list="school-list" value="{shown}"' in page and "<b>x</b>" not in page
    assert re.search(r'action="/admin/groups/Cclaim2/link".*?aria-invalid="true"', page, re.S)
    db.rollback()
    assert groups_repo.pending(groups_repo.get(db, "Cclaim2"))  # unchanged: still the claim made in LINE
    assert audit_actions(db) == []
