"""Default collection rounds and Thai dates, tested without an app."""

from __future__ import annotations

from datetime import date

from bot.collection_calendar import render, rounds_around, thai_date, upcoming


def test_thai_date_uses_the_buddhist_era():
    assert thai_date(date(2027, 6, 10)) == "10 มิถุนายน 2570"


def test_upcoming_round_rolls_over_to_next_year():
    rounds = rounds_around(date(2026, 11, 23))
    assert upcoming(rounds, "dmc-2", date(2026, 11, 10)).closes == date(2026, 11, 10)  # still open today
    assert upcoming(rounds, "dmc-2", date(2026, 11, 11)).closes == date(2027, 11, 10)
    assert upcoming(rounds, "dmc-end", date(2026, 11, 23)).data_as_of == date(2027, 3, 31)


def test_render_fills_placeholders():
    today = date(2026, 11, 23)
    text = render("ส่งได้ {dmc-1.window} ข้อมูล ณ {dmc-1.as_of}; {bobec.name} ปิด {bobec.closes}",
                  rounds_around(today), today)
    assert text == ("ส่งได้ 16 พฤษภาคม 2570 – 10 มิถุนายน 2570 ข้อมูล ณ 10 มิถุนายน 2570; "
                    "B-OBEC ประจำปี ปิด 30 ตุลาคม 2570")
