"""The simulator's chat history survives a restart of `make run`: the app built again on the same instance."""

from __future__ import annotations

import shutil

from bot import create_app
from bot.settings import Settings
from bot.simulator import events as ev
from bot.simulator.history import KEEP
from bot.simulator.page import PEOPLE

TEACHER = next(iter(PEOPLE))


def started(database):
    """Build the web app as `make run` does without LINE credentials, on this SQLite file."""
    app = create_app(Settings(database_url=f"sqlite:///{database}", background_workers=0))
    assert app.extensions["helpdesk"].fake_line is not None
    return app


def stopped(app):
    app.extensions["helpdesk"].engine.dispose()


def transcript(app, chat=TEACHER):
    return app.test_client().get("/dev/line/transcript", query_string={"chat": chat}).json


def test_the_chat_history_is_there_after_a_restart(tmp_path, sqlite_template):
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(sqlite_template, instance / "helpdesk.sqlite3")
    first = started(instance / "helpdesk.sqlite3")
    fake = first.extensions["helpdesk"].fake_line
    fake.user_event("message", TEACHER, message=ev.text_message("ปริ้นเตอร์เสียครับ"))
    answer = fake.handle("POST", "/v2/bot/message/push", {"Authorization": f"Bearer {fake.access_token}"},
                         {"to": TEACHER, "messages": [{"type": "text", "text": "รับแจ้งซ่อมครับ"}]})
    assert answer.status == 200
    fake.user_event("postback", TEACHER, display="แก้ไขได้แล้ว", postback={"data": "followup=solved"})
    before = transcript(first)
    assert [e["message"].get("text") or e["message"].get("display") for e in before] == [
        "ปริ้นเตอร์เสียครับ", "รับแจ้งซ่อมครับ", "แก้ไขได้แล้ว"]
    stopped(first)
    with (instance / "simulator-chats.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"chat": "U1", "entry": {"fr')  # the process was killed in the middle of a line
    again = started(instance / "helpdesk.sqlite3")
    assert transcript(again) == before  # same messages, same order, the button's text as shown
    stopped(again)


def test_the_history_keeps_the_last_entries_of_each_chat(tmp_path, sqlite_template):
    database = tmp_path / "helpdesk.sqlite3"
    shutil.copy(sqlite_template, database)
    first = started(database)
    fake = first.extensions["helpdesk"].fake_line
    for number in range(2 * KEEP + 30):
        fake.user_event("message", TEACHER, message=ev.text_message(f"ข้อความที่ {number}"))
    other = next(iter(PEOPLE.keys() - {TEACHER}))
    fake.user_event("message", other, message=ev.text_message("สวัสดีครับ"))
    assert len(transcript(first)) == KEEP
    stopped(first)
    lines = (tmp_path / "simulator-chats.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= KEEP + 31  # rewritten as it grows, not one line per message for ever (431)
    again = started(database)
    shown = [e["message"]["text"] for e in transcript(again)]
    assert len(shown) == KEEP and shown[0] == f"ข้อความที่ {KEEP + 30}" and shown[-1] == f"ข้อความที่ {2 * KEEP + 29}"
    assert [e["message"]["text"] for e in transcript(again, other)] == ["สวัสดีครับ"]
    assert len((tmp_path / "simulator-chats.jsonl").read_text(encoding="utf-8").splitlines()) == KEEP + 1
    stopped(again)


def test_a_trial_without_secret_key_keeps_one_so_logins_survive_restarts_and_workers(tmp_path, sqlite_template):
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(sqlite_template, instance / "helpdesk.sqlite3")
    first, second = started(instance / "helpdesk.sqlite3"), started(instance / "helpdesk.sqlite3")
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] and len(first.config["SECRET_KEY"]) == 64
    assert (instance / "simulator-secret-key").stat().st_mode & 0o077 == 0  # readable by its owner only
    stopped(first)
    stopped(second)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(sqlite_template, other / "helpdesk.sqlite3")
    third = started(other / "helpdesk.sqlite3")
    assert third.config["SECRET_KEY"] != first.config["SECRET_KEY"]  # each installation its own
    stopped(third)
