"""The register's conversations: profile, consultation, repair and other requests (declarative, pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import texts
from bot.conversation import Choice, Data, Flow, Invalid, Step, free_text, key, pick, said
from bot.register import intent, rules
from bot.register.schools import SchoolRef, find
from bot.thai import normalize, short_label

URGENCY_BY_LABEL = {**{label: urgency for urgency, label in rules.URGENCIES.items()}, **texts.URGENCY_WORDS}
# Words that name a category or a piece of equipment inside a longer answer ("คอมพิวเตอร์เสียค่ะ", "m-obec ครุภัณฑ์").
CATEGORY_PARTS = {**intent.CATEGORY_WORDS, "computer": ("คอม", "ปริ้น", "printer", "เครื่องพิมพ์", "โน้ตบุ๊ก")}
EQUIPMENT_PARTS = {word: name for name, words in intent.EQUIPMENT_WORDS.items() for word in (name, *words)}
_position = pick({**{p: p for p in texts.POSITIONS}, **texts.POSITION_WORDS}, leading=False, typed_ok=True)
_equipment = pick({e: e for e in texts.EQUIPMENT}, parts=EQUIPMENT_PARTS, leading=False, typed_ok=True)


def _category(categories: dict[str, str]):  # type: ignore[no-untyped-def]
    parts = {word: k for k, words in CATEGORY_PARTS.items() if k in categories for word in words}
    return pick({label: k for k, label in categories.items()}, parts=parts)
# What each typed answer may hold: the sizes of its columns in bot/storage/models.py (a test keeps them in step).
FIELD_SIZES = {"name": 200, "position": 100, "school_name": 200, "equipment": 100, "asset_number": 100,
               "location": 200, "subject": 300, "details": 2000, "comment": 2000}


def _phone(answer: str, data: Data) -> str:
    digits = re.sub(r"\D", "", normalize(answer))
    if not 9 <= len(digits) <= 10:
        raise Invalid(texts.BAD_PHONE)
    return digits


def _name(answer: str, data: Data) -> str:
    name = free_text(answer, data)
    return name.removeprefix("ชื่อ").strip() or name  # "ชื่อสมศรี ใจดีค่ะ"


def _unlisted(typed: str) -> Data:
    """Go on with a school (or another office) that is not on the list, as typed; staff are told."""
    return {"school": None, "school_name": typed[: FIELD_SIZES["school_name"]], "school_choices": [],
            "school_unlisted": True}


def _school(schools: Sequence[SchoolRef]):  # type: ignore[no-untyped-def]
    def parse(answer: str, data: Data) -> Data:
        if not schools:  # the office has not imported its list yet: keep what was typed
            return {"school": None, "school_name": free_text(answer, data)[: FIELD_SIZES["school_name"]],
                    "school_choices": []}
        if data.get("school_unlisted") == "asked":  # the teacher said it is not on the list: take it as typed
            return _unlisted(free_text(answer, data))
        if said(answer, texts.NOT_LISTED_WORDS):
            typed = data.get("school_typed")
            return _unlisted(typed) if typed else {"school_unlisted": "asked", "school_choices": []}
        chosen = {s.name: s for s in schools}.get(answer.strip())  # a tap on one of the offered names
        match = find(answer, schools) if chosen is None else None
        school = chosen or (match.school if match else None)
        if school is not None:
            return {"school": school.code, "school_name": school.name, "school_choices": [],
                    "school_unlisted": False}
        if match and match.candidates:  # ask again, with buttons
            return {"school_choices": [s.name for s in match.candidates], "school_typed": answer.strip()}
        raise Invalid(texts.SCHOOL_NOT_FOUND, keep={"school_typed": answer.strip()})

    return parse


def _school_prompt(data: Data) -> str:
    if data.get("school_unlisted") == "asked":
        return texts.ASK_UNLISTED_SCHOOL
    return texts.SCHOOL_WHICH if data.get("school_choices") else texts.ASK_SCHOOL


def _school_choices(data: Data) -> tuple[str, ...]:
    if data.get("school_unlisted") == "asked":
        return ()
    offered = tuple(data.get("school_choices") or ())
    return (*offered, texts.NOT_LISTED) if offered or data.get("school_typed") else ()




def _agreed(parts: tuple[str, ...], exact: tuple[str, ...], hint: str):  # type: ignore[no-untyped-def]
    """Read a yes: a word of `exact` (or a slip of one), or a message holding one of `parts` and no doubt."""
    labels = pick(dict.fromkeys(exact, True), hint, leading=False)

    def parse(answer: str, data: Data) -> bool:
        folded = key(answer)
        if any(key(p) in folded for p in parts) and not any(d in folded for d in texts.DOUBT_WORDS):
            return True
        return labels(answer, data)

    return parse


_confirm = _agreed(texts.CONFIRM_PARTS, texts.CONFIRM_WORDS, texts.CHOOSE_BUTTON)  # the summary ends with the hint
_photos = _agreed(texts.PHOTOS_DONE_PARTS, texts.PHOTOS_DONE_WORDS, texts.ASK_PHOTOS)


def ticket_choice(number: str, subject: str) -> Choice:
    """A button naming an open request by its number's last part and its subject; it sends the whole number."""
    return Choice(short_label(f"{number.rsplit('-', 1)[-1]} {subject}"), number)


def _which(answer: str, data: Data) -> str:
    typed = answer.strip().upper()
    numbers = [number for number, _ in data["open"]]
    if typed in numbers:
        return typed
    by_tail = [n for n in numbers if typed.lstrip("#0") and n.rsplit("-", 1)[-1].lstrip("0") == typed.lstrip("#0")]
    if len(by_tail) == 1:  # "0001" or "1", as the buttons show it
        return by_tail[0]
    for word in (texts.NEW_REQUEST, texts.A_QUESTION):
        if said(answer, (word,)):
            return word
    raise Invalid(texts.CHOOSE_BUTTON)


def _which_choices(data: Data) -> tuple[str | Choice, ...]:
    tickets = tuple(ticket_choice(number, subject) for number, subject in data["open"][:10])
    return (*tickets, texts.NEW_REQUEST, *((texts.A_QUESTION,) if data.get("asks") else ()))


def _which_prompt(data: Data) -> str:
    listed = "\n".join(f"• {number} {subject}" for number, subject in data["open"][:10])
    return f"{texts.WHICH_REQUEST_ASKS if data.get('asks') else texts.WHICH_REQUEST}\n{listed}"


def summarize(data: Data, categories: dict[str, str]) -> str:
    """Show what will be registered, for the confirm step."""
    lines = [f"ประเภท: {rules.KINDS[data['kind']]}"]
    if data.get("category"):
        lines.append(f"ระบบ: {categories.get(data['category']) or rules.CATEGORIES.get(data['category'], '-')}")
    subject = "อาการ" if data["kind"] == "repair" else "เรื่อง"
    for field, label in (("equipment", "อุปกรณ์"), ("asset_number", "เลขครุภัณฑ์"), ("location", "ที่ตั้ง"),
                         ("subject", subject), ("details", "รายละเอียด")):
        if data.get(field):
            lines.append(f"{label}: {data[field]}")
    if data.get("attachments"):
        lines.append(f"ไฟล์แนบ: {len(data['attachments'])} รายการ")
    lines.append(f"ความเร่งด่วน: {rules.URGENCIES[data.get('urgency') or 'normal']}")
    return "ตรวจสอบข้อมูลก่อนส่งครับ\n" + "\n".join(lines) + "\n\n" + texts.CONFIRM_HINT


URGENCY = Step("urgency", texts.ASK_URGENCY, tuple(rules.URGENCIES.values()), pick(URGENCY_BY_LABEL),
               label="ความเร่งด่วน")


# After a request was reopened: what the teacher writes next goes to it, as written (handlers/threads.py).
MORE = Flow("more", (Step("text", ""),))
# After the satisfaction rating: one optional free-text question, the comment on the service.
COMMENT = Flow("comment", (Step("comment", texts.ASK_COMMENT, optional=True, max_length=FIELD_SIZES["comment"]),))


def build(schools: Sequence[SchoolRef], display_name: str | None, categories: dict[str, str]) -> dict[str, Flow]:
    """Return every flow, given the office's schools, the person's LINE name and the category list."""
    confirmation = Step("confirmed", lambda data: summarize(data, categories), (texts.CONFIRM,), _confirm)
    name_choices = (Choice(short_label(display_name), display_name),) if display_name else ()
    profile = Flow("profile", (
        Step("name", texts.ASK_NAME, name_choices, _name, max_length=FIELD_SIZES["name"]),
        Step("position", texts.ASK_POSITION, texts.POSITIONS, _position, max_length=FIELD_SIZES["position"]),
        Step("school", _school_prompt, _school_choices, _school(schools),
             fills=("school_name", "school_choices", "school_typed", "school_unlisted"), skip_means=True),
        Step("phone", texts.ASK_PHONE, parse=_phone, optional=True),
    ))
    consult = Flow("consult", (
        Step("category", texts.ASK_CATEGORY, tuple(categories.values()), _category(categories), label="ระบบ"),
        Step("subject", texts.ASK_SUBJECT, label="เรื่อง"),
        Step("details", texts.ASK_DETAILS, optional=True, max_length=FIELD_SIZES["details"], label="รายละเอียด"),
        URGENCY,
        confirmation,
    ), review="confirmed", handover=True)
    repair = Flow("repair", (
        Step("equipment", texts.ASK_EQUIPMENT, texts.EQUIPMENT, _equipment, max_length=FIELD_SIZES["equipment"],
             label="อุปกรณ์"),
        Step("asset_number", texts.ASK_ASSET, optional=True, max_length=FIELD_SIZES["asset_number"],
             label="เลขครุภัณฑ์"),
        Step("location", texts.ASK_LOCATION, max_length=FIELD_SIZES["location"], label="ที่ตั้ง"),
        Step("subject", texts.ASK_SYMPTOM, label="อาการ"),
        Step("photos", texts.ASK_PHOTOS, (texts.PHOTOS_DONE,), _photos, optional=True),
        URGENCY,
        confirmation,
    ), review="confirmed", handover=True)
    request = Flow("request", (
        Step("subject", lambda d: texts.ASK_REQUEST_SUBJECT[d["kind"]], label="เรื่อง"),
        Step("details", texts.ASK_DETAILS, optional=True, max_length=FIELD_SIZES["details"], label="รายละเอียด"),
        URGENCY,
        confirmation,
    ), review="confirmed", handover=True)
    thread = Flow("thread", (Step("ticket", _which_prompt, _which_choices, _which),))
    return {flow.name: flow for flow in (profile, consult, repair, request, thread, COMMENT)}
