"""`bot schools import` and `bot register …` against a real database, with answers reaching the fake LINE."""

from __future__ import annotations

import json

from bot import texts
from bot.line import flex
from tests.helpers.dialogue import PROFILE, TEACHER, chat


def test_schools_import(cli, tmp_path, db):
    path = tmp_path / "schools.csv"
    path.write_text("school_code,name,district\n1034150001,บ้านหนองบัว,เมือง\n1034150003,บ้านโนนสูง,วาริน\n",
                    encoding="utf-8-sig")
    result = cli("schools", "import", str(path))
    assert result.exit_code == 0 and "imported 2 schools" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("code,title\n1,x\n", encoding="utf-8")
    result = cli("schools", "import", str(bad))
    assert result.exit_code != 0 and "missing column" in result.output


def test_register_list_show_reply_set_status(cli, webhook, fake_line, process, db):
    from bot.storage import register_repo

    with db.begin():
        register_repo.import_schools(db, [{"school_code": "1034150003", "name": "บ้านโนนสูง", "district": ""}])
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "DMC", "ยืนยันข้อมูลไม่ได้", "ข้าม",
         "ปกติ", "ยืนยัน")
    listed = json.loads(cli("register", "list", "--status", "received", "--json").output)
    [record] = listed
    number = record["number"]
    assert record["subject"] == "ยืนยันข้อมูลไม่ได้" and record["channel"] == "line"
    interim = cli("register", "reply", number, "กำลังตรวจสอบให้ครับ", "--interim")
    assert interim.exit_code == 0 and "quickReply" not in fake_line.sent_to(TEACHER)[-1]
    assert json.loads(cli("register", "show", number, "--json").output)["status"] == "in_progress"
    result = cli("register", "reply", number, "กดปุ่มยืนยันที่เมนูรายงาน แล้วรอ 5 นาทีครับ", "--staff", "สมชาย")
    assert result.exit_code == 0 and "1 sent" in result.output
    answer = fake_line.texts_to(TEACHER)[-1]
    assert number in answer and "รอ 5 นาที" in answer and "สมชาย" in answer
    shown = json.loads(cli("register", "show", number.lower(), "--json").output)
    assert shown["status"] == "answered" and shown["first_response_at"]
    assert [h["kind"] for h in shown["history"]] == ["created", "message_out", "status", "message_out", "status"]
    assert cli("register", "set-status", number, "resolved").exit_code == 0
    refused = cli("register", "set-status", number, "received")
    assert refused.exit_code != 0 and "cannot become" in refused.output
    missing = cli("register", "show", "ICT-2570-9999")
    assert missing.exit_code != 0 and "no request numbered" in missing.output


def test_register_show_names_the_school_and_the_requester(cli, webhook, fake_line, process, db):
    from bot.clock import utcnow
    from bot.storage import register_repo
    from bot.storage.models import Requester

    with db.begin():
        register_repo.import_schools(db, [{"school_code": "1034150003", "name": "บ้านโนนสูง", "district": ""}])
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "DMC", "ยืนยันข้อมูลไม่ได้", "ข้าม",
         "ปกติ", "ยืนยัน")
    [listed] = json.loads(cli("register", "list", "--json").output)
    shown = json.loads(cli("register", "show", listed["number"], "--json").output)
    assert shown["school_code"] == "1034150003" and shown["school_name"] == "บ้านโนนสูง"  # the list's name
    assert (shown["requester_name"], shown["requester_position"]) == ("ครูสมหญิง ใจงาม", "ครู")
    assert shown["requester_phone"].replace("-", "") == "0812345678"
    printed = cli("register", "show", listed["number"]).output
    assert "school_name: บ้านโนนสูง" in printed and "requester_name: ครูสมหญิง ใจงาม" in printed
    assert "requester_position: ครู" in printed and "requester_phone: " in printed
    with db.begin():  # a school not on the list keeps the name as the requester typed it
        walk_in = Requester(name="ครูมานี มีนา", position="ครูธุรการ", school_name="โรงเรียนวัดใหม่ (ไม่อยู่ในรายชื่อ)",
                            phone="0899999999", created_at=utcnow(), updated_at=utcnow())
        db.add(walk_in)
        db.flush()
        number = register_repo.create_ticket(db, walk_in, {"kind": "consult", "subject": "ขอรหัส"}, "ICT", utcnow(),
                                             channel="phone").number
    shown = json.loads(cli("register", "show", number, "--json").output)
    assert shown["school_code"] is None and shown["school_name"] == "โรงเรียนวัดใหม่ (ไม่อยู่ในรายชื่อ)"
    assert (shown["requester_name"], shown["requester_phone"]) == ("ครูมานี มีนา", "0899999999")
    assert "requester_position: ครูธุรการ" in cli("register", "show", number).output


def test_categories_are_editable_and_offered_to_teachers(cli, webhook, fake_line, process, db):
    from bot.storage import register_repo

    with db.begin():
        register_repo.import_schools(db, [{"school_code": "1034150003", "name": "บ้านโนนสูง", "district": ""}])
    assert cli("categories", "set", "sgs", "SGS (ระบบวัดผล)").exit_code == 0
    assert cli("categories", "remove", "security").exit_code == 0
    assert cli("categories", "remove", "nope").exit_code != 0
    listed = cli("categories", "list").output
    assert "sgs\tSGS (ระบบวัดผล)" in listed and "security" not in listed
    asked = chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE)
    labels = [i["action"]["label"] for i in asked[-1]["quickReply"]["items"]]
    assert "SGS (ระบบวัดผล)" in labels and "ความปลอดภัยไซเบอร์" not in labels
    chat(webhook, fake_line, process, TEACHER, "SGS (ระบบวัดผล)", "บันทึกคะแนนไม่ได้", "ข้าม", "ปกติ", "ยืนยัน")
    [record] = json.loads(cli("register", "list", "--json").output)
    assert record["category"] == "sgs"


def test_faq_import_and_add_phrasing_change_what_the_bot_answers(cli, tmp_path, webhook, fake_line, process):
    exported = tmp_path / "faq.json"
    assert cli("faq", "export", str(exported)).exit_code == 0
    entries = json.loads(exported.read_text(encoding="utf-8"))
    assert len(entries) >= 40
    office = next(e for e in entries if e["id"] == "office-hours")
    office["answer"] = "เจ้าหน้าที่อยู่ 07:30–17:00 น. ทุกวันทำการ"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps([office], ensure_ascii=False), encoding="utf-8")
    assert "imported 1 entries" in cli("faq", "import", str(edited)).output
    webhook.text("Ufaq", "เจ้าหน้าที่ทำงานกี่โมงครับ")
    process()
    answer = fake_line.sent_to("Ufaq")[0]  # the FAQ card, its body the edited answer: no restart needed
    assert flex.body_text(answer) == "เจ้าหน้าที่อยู่ 07:30–17:00 น. ทุกวันทำการ"
    question = "เขตมีระบบคลาวด์ให้โรงเรียนเก็บไฟล์ไหม"
    before = json.loads(cli("faq", "ask", question, "--json").output)
    assert before["entry"] != "who-dlict"
    assert cli("faq", "add-phrasing", "who-dlict", question).exit_code == 0
    after = json.loads(cli("faq", "ask", question, "--json").output)
    assert (after["action"], after["entry"]) == ("answer", "who-dlict")
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "x"}]', encoding="utf-8")
    result = cli("faq", "import", str(bad))
    assert result.exit_code != 0 and "nothing imported" in result.output


def test_faq_ask_explains_its_decision_and_eval_prints_four_figures(cli, tmp_path):
    explained = json.loads(cli("faq", "ask", "ลิงก์เข้าระบบ B-OBEC คืออะไรคะ", "--explain").output)
    assert {"kinds", "words that counted", "candidates", "thresholds", "action", "confidence"} <= set(explained)
    assert explained["candidates"][0]["entry"].startswith("bobec")
    questions = tmp_path / "q.tsv"
    questions.write_text("# today: 2026-11-30\nต้องเก็บ log อินเทอร์เน็ตกี่วันคะ\tanswer\t90 วัน\tx\n"
                         "วันนี้ฝนตกไหม\tout\t\tfar\n", encoding="utf-8")
    printed = cli("faq", "eval", str(questions)).output
    assert "direct right 100.0%" in printed and "confidently wrong 0.0%" in printed and "refused 100.0%" in printed
