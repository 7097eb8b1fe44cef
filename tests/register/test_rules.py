"""Register rules and school matching, tested without an app."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.register import rules
from bot.register.schools import SchoolRef, find

SCHOOLS = [
    SchoolRef("1034150001", "บ้านหนองบัว", "เมือง"),
    SchoolRef("1034150002", "บ้านหนองบัวแดง", "เมือง"),
    SchoolRef("1034150003", "บ้านโนนสูง", "วารินชำราบ"),
    SchoolRef("1034150004", "ชุมชนบ้านดอนกลาง", "พิบูลมังสาหาร"),
    SchoolRef("1034150005", "อนุบาลวารินชำราบ", "วารินชำราบ"),
]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("บ้านหนองบัว", "1034150001"),
        ("รร.บ้านหนองบัว", "1034150001"),
        ("โรงเรียนบ้านหนองบัว", "1034150001"),
        ("ร.ร. บ้านหนองบัว", "1034150001"),
        ("บ้านโนนสุง", "1034150003"),  # typo
        ("ชุมชนบ้านดอนกลาง ", "1034150004"),
        ("1034150005", "1034150005"),
        ("๑๐๓๔๑๕๐๐๐๕", "1034150005"),  # Thai digits
        ("อนุบาลวารินฯ", "1034150005"),
    ],
)
def test_school_found(typed, code):
    match = find(typed, SCHOOLS)
    assert match.school is not None and match.school.code == code, match


def test_close_names_are_asked_about():
    match = find("บ้านหนองบัวแ", SCHOOLS)
    assert match.school is None
    assert {s.code for s in match.candidates} >= {"1034150001", "1034150002"}


@pytest.mark.parametrize("typed", ["", "   ", "โรงพยาบาลศูนย์", "xyz"])
def test_nothing_close_finds_nothing(typed):
    match = find(typed, SCHOOLS)
    assert match.school is None and match.candidates == ()


@pytest.mark.parametrize(
    ("moment", "year"),
    [(date(2026, 9, 30), 2569), (date(2026, 10, 1), 2570), (date(2027, 9, 30), 2570),
     (datetime(2026, 9, 30, 17, 30, tzinfo=UTC), 2570)],  # 00:30 on 1 Oct in Bangkok
)
def test_fiscal_year(moment, year):
    assert rules.fiscal_year_be(moment) == year


def test_number_format():
    assert rules.format_number("ICT", 2570, 1) == "ICT-2570-0001"
    assert rules.format_number("DLICT", 2570, 12345) == "DLICT-2570-12345"


@pytest.mark.parametrize(("current", "new"), [("received", "in_progress"), ("answered", "reopened"),
                                              ("closed", "reopened"), ("resolved", "followed_up")])
def test_allowed_transitions(current, new):
    assert rules.check_transition(current, new) is None  # no TransitionError: the move is allowed


@pytest.mark.parametrize(("current", "new"), [("cancelled", "received"), ("closed", "answered"), ("received", "x")])
def test_refused_transitions(current, new):
    with pytest.raises(rules.TransitionError):
        rules.check_transition(current, new)
