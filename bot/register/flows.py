"""The register's conversations: profile, consultation, repair and other requests (declarative, pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import texts
from bot.conversation import Data, Flow, Invalid, Step, free_text
from bot.register import rules
from bot.register.schools import School, find
from bot.thai import normalize

URGENCY_BY_LABEL = {label: key for key, label in rules.URGENCIES.items()}
# What each typed answer may hold: the sizes of its columns in bot/storage/models.py (a test keeps them in step).
FIELD_SIZES = {"name": 200, "position": 100, "school_name": 200, "equipment": 100, "asset_number": 100,
               "location": 200, "subject": 300, "details": 2000, "comment": 2000}


def _pick(mapping: dict[str, str]):  # type: ignore[no-untyped-def]
    def parse(answer: str, data: Data) -> str:
        value = mapping.get(answer.strip())
        if value is None:
            raise Invalid(texts.CHOOSE_BUTTON)
        return value

    return parse


def _phone(answer: str, data: Data) -> str:
    digits = re.sub(r"\D", "", normalize(answer))
    if not 9 <= len(digits) <= 10:
        raise Invalid(texts.BAD_PHONE)
    return digits


def _school(schools: Sequence[School]):  # type: ignore[no-untyped-def]
    def parse(answer: str, data: Data) -> Data:
        if not schools:  # the office has not imported its list yet: keep what was typed
            return {"school": None, "school_name": free_text(answer, data)[: FIELD_SIZES["school_name"]],
                    "school_choices": []}
        chosen = {s.name: s for s in schools}.get(answer.strip())  # a tap on one of the offered names
        match = find(answer, schools) if chosen is None else None
        school = chosen or (match.school if match else None)
        if school is not None:
            return {"school": school.code, "school_name": school.name, "school_choices": []}
        if match and match.candidates:
            return {"school_choices": [s.name for s in match.candidates]}  # ask again, with buttons
        raise Invalid(texts.SCHOOL_NOT_FOUND)

    return parse


def _school_prompt(data: Data) -> str:
    return texts.SCHOOL_WHICH if data.get("school_choices") else texts.ASK_SCHOOL


def _photos(answer: str, data: Data) -> str:
    if answer.strip() != texts.PHOTOS_DONE:
        raise Invalid(texts.ASK_PHOTOS)
    return "done"


def _confirm(answer: str, data: Data) -> bool:
    if answer.strip() != texts.CONFIRM:
        raise Invalid(texts.CONFIRM_HINT)
    return True


def _which(answer: str, data: Data) -> str:
    if answer.strip().upper() not in (*data["numbers"], texts.NEW_REQUEST):
        raise Invalid(texts.CHOOSE_BUTTON)
    return answer.strip().upper() if answer.strip() != texts.NEW_REQUEST else texts.NEW_REQUEST


def summarize(data: Data, categories: dict[str, str]) -> str:
    """Show what will be registered, for the confirm step."""
    lines = [f"ประเภท: {rules.KINDS[data['kind']]}"]
    if data.get("category"):
        lines.append(f"ระบบ: {categories.get(data['category']) or rules.CATEGORIES.get(data['category'], '-')}")
    for key, label in (("equipment", "อุปกรณ์"), ("asset_number", "เลขครุภัณฑ์"), ("location", "ที่ตั้ง"),
                       ("subject", "เรื่อง"), ("details", "รายละเอียด")):
        if data.get(key):
            lines.append(f"{label}: {data[key]}")
    if data.get("attachments"):
        lines.append(f"ไฟล์แนบ: {len(data['attachments'])} รายการ")
    lines.append(f"ความเร่งด่วน: {rules.URGENCIES[data.get('urgency') or 'normal']}")
    return "ตรวจสอบข้อมูลก่อนส่งครับ\n" + "\n".join(lines) + "\n\n" + texts.CONFIRM_HINT


URGENCY = Step("urgency", texts.ASK_URGENCY, tuple(rules.URGENCIES.values()), _pick(URGENCY_BY_LABEL))


# After the satisfaction rating: one optional free-text question, the comment on the service.
COMMENT = Flow("comment", (Step("comment", texts.ASK_COMMENT, optional=True, max_length=FIELD_SIZES["comment"]),))


def build(schools: Sequence[School], display_name: str | None, categories: dict[str, str]) -> dict[str, Flow]:
    """Return every flow, given the office's schools, the person's LINE name and the category list."""
    confirmation = Step("confirmed", lambda data: summarize(data, categories), (texts.CONFIRM, texts.CANCEL),
                        _confirm)
    name_choices = (display_name[:20],) if display_name else ()
    profile = Flow("profile", (
        Step("name", texts.ASK_NAME, name_choices, max_length=FIELD_SIZES["name"]),
        Step("position", texts.ASK_POSITION, texts.POSITIONS, max_length=FIELD_SIZES["position"]),
        Step("school", _school_prompt, lambda d: tuple(d.get("school_choices") or ()), _school(schools)),
        Step("phone", texts.ASK_PHONE, parse=_phone, optional=True),
    ))
    consult = Flow("consult", (
        Step("category", texts.ASK_CATEGORY, tuple(categories.values())[:13],
             _pick({label: key for key, label in categories.items()})),
        Step("subject", texts.ASK_SUBJECT),
        Step("details", texts.ASK_DETAILS, optional=True, max_length=FIELD_SIZES["details"]),
        URGENCY,
        confirmation,
    ))
    repair = Flow("repair", (
        Step("equipment", texts.ASK_EQUIPMENT, texts.EQUIPMENT, max_length=FIELD_SIZES["equipment"]),
        Step("asset_number", texts.ASK_ASSET, optional=True, max_length=FIELD_SIZES["asset_number"]),
        Step("location", texts.ASK_LOCATION, max_length=FIELD_SIZES["location"]),
        Step("subject", texts.ASK_SYMPTOM),
        Step("photos", texts.ASK_PHOTOS, (texts.PHOTOS_DONE,), _photos, optional=True),
        URGENCY,
        confirmation,
    ))
    request = Flow("request", (
        Step("subject", lambda d: texts.ASK_REQUEST_SUBJECT[d["kind"]]),
        Step("details", texts.ASK_DETAILS, optional=True, max_length=FIELD_SIZES["details"]),
        URGENCY,
        confirmation,
    ))
    thread = Flow("thread", (
        Step("ticket", texts.WHICH_REQUEST, lambda d: (*d["numbers"][:12], texts.NEW_REQUEST), _which),
    ))
    return {flow.name: flow for flow in (profile, consult, repair, request, thread, COMMENT)}
