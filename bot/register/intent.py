"""Guess from plain Thai what kind of request a message is, and fill in what it already says."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot import texts
from bot.conversation import key, without_lead
from bot.thai import answer_text, normalize, without_particles

BROKEN = ("เสีย", "พัง", "ซ่อม", "ใช้ไม่ได้", "เปิดไม่ติด", "ไม่ติด", "ดับ", "ไม่มีสัญญาณ", "ค้าง", "ไม่ออก", "กระพริบ")
EQUIPMENT_WORDS = {
    "ปริ้นเตอร์": ("ปริ้นเตอร์", "ปริ้นท์", "ปริ้น", "ปรินเตอร์", "ปริ๊น", "เครื่องพิมพ์", "printer"),
    "คอมพิวเตอร์": ("คอมพิวเตอร์", "คอม", "โน้ตบุ๊ก", "โน๊ตบุ๊ค", "notebook", "computer", "pc"),
    "อินเทอร์เน็ต/Wi-Fi": ("อินเทอร์เน็ต", "อินเตอร์เน็ต", "เน็ต", "wifi", "wi-fi", "ไวไฟ", "เราเตอร์", "router"),
    "โปรเจกเตอร์": ("โปรเจกเตอร์", "โปรเจคเตอร์", "โปรเจ็คเตอร์", "โปรเจ็กเตอร์", "โปรเจค", "projector"),
    "ชุดรับสัญญาณดาวเทียม DLTV": ("จานดาวเทียม", "ดาวเทียม", "กล่องรับสัญญาณ", "receiver"),
    "อุปกรณ์ประชุมทางไกล": ("ประชุมทางไกล", "กล้องประชุม", "ลำโพงประชุม"),
}
EQUIPMENT_CATEGORY = {"ปริ้นเตอร์": "computer", "คอมพิวเตอร์": "computer", "อินเทอร์เน็ต/Wi-Fi": "network",
                      "โปรเจกเตอร์": "other", "ชุดรับสัญญาณดาวเทียม DLTV": "dltv", "อุปกรณ์ประชุมทางไกล": "vconf"}
CATEGORY_WORDS = {
    "dmc": ("dmc", "ดีเอ็มซี", "ข้อมูลนักเรียน"),
    "emis": ("emis", "อีมิส"),
    "bobec": ("b-obec", "bobec", "บีโอเบค", "สิ่งก่อสร้าง"),
    "mobec": ("m-obec", "mobec", "เอ็มโอเบค", "ครุภัณฑ์"),
    "dltv": ("dltv", "ดีแอลทีวี"),
    "dlit": ("dlit", "ดีลิต"),
    "account": ("รหัสผ่าน", "password", "อีเมล", "email", "บัญชี", "ล็อกอิน", "login"),
    "website": ("เว็บไซต์", "เว็บ", "website"),
    "vconf": ("ประชุมทางไกล", "zoom", "ซูม", "conference"),
    "security": ("ไวรัส", "แฮก", "แฮ็ก", "virus", "ransomware"),
    "network": ("อินเทอร์เน็ต", "อินเตอร์เน็ต", "เน็ต", "wifi", "ไวไฟ"),
}
# A room or building, with its number when one follows: "ห้องคอม 2", "อาคาร 3".
LOCATION = re.compile(r"(ห้อง\S+(?:\s?\d+)?|อาคาร\s?\S+)")
# "…ผ่านบอทได้ไหม", "แจ้งซ่อมทางไลน์ได้มั้ยคะ": asks whether it can be done here before doing it.
CAN_I = re.compile(r"(ผ่าน|ทาง|ใน|ที่)\s?(บอท|ไลน์|line|แชท|แชต|ที่นี่|นี่|นี้).*ได้\s?(ไหม|มั้ย|มั๊ย|ไม๊|หรือไม่|ป่าว)|"
                   r"^(ขอ|จอง|แจ้ง|ยืม).*ได้\s?(ไหม|มั้ย|มั๊ย|หรือไม่)$")


# Every command phrase with its command, longest first (a longer phrase is the better reading).
PHRASES = tuple(sorted(((p, name) for name, ps in texts.COMMAND_PHRASES.items() for p in ps), key=lambda x: -len(x[0])))
MAY_I = re.compile(r"ได้\s?(ไหม|มั้ย|มั๊ย|ไม๊|หรือไม่|ป่าว)\s*\??$")


def asks_if_possible(text: str) -> bool:
    """Say whether a message asks if something can be done through the bot ("…ผ่านบอทได้ไหม")."""
    return bool(CAN_I.search(without_particles(normalize(text))))


def guess(text: str) -> tuple[str, dict[str, str]] | None:
    """Return (flow, answers already given) for a message that reads like a request, else None."""
    value = normalize(text)
    if len(value) < 6:
        return None
    place = LOCATION.search(answer_text(text))
    location = None
    if place:  # Thai runs words together: "ห้องธุรการเสีย" → "ห้องธุรการ"
        location = place.group(1)
        cut = min((location.find(w) for w in BROKEN if location.find(w) > 0), default=len(location))
        location = location[:cut]
    named = normalize(value.replace(normalize(location), " ")) if location else value  # "ห้องคอม" is a room
    equipment = next((name for name, words in EQUIPMENT_WORDS.items() if any(w in named for w in words)), None)
    if equipment and any(word in value for word in BROKEN):
        known = {"kind": "repair", "equipment": equipment, "category": EQUIPMENT_CATEGORY[equipment],
                 "subject": answer_text(text)[:300]}
        if location:
            known["location"] = location
        return "repair", known
    category = next((key for key, words in CATEGORY_WORDS.items() if any(w in value for w in words)), None)
    if category and (len(value.split()) >= 2 or len(value) >= 15):
        return "consult", {"kind": "consult", "category": category, "subject": answer_text(text)[:300]}
    return None


def command(text: str) -> str | None:
    """Return the command a message gives in a sentence ("ขอแจ้งซ่อมคอมหน่อยค่ะ" → "repair"), or None.

    A question ("ซ่อมเองได้ไหม") gives none, unless it asks whether it can be done here ("…ผ่านบอทได้ไหม").
    """
    folded, whole = without_lead(key(text)), without_particles(normalize(text))
    core = MAY_I.sub("", whole)  # "แจ้งซ่อมผ่านไลน์ได้ไหม" asks no more than that; "…ได้ทางไหนบ้าง" does
    standing = core
    for word in texts.HOW_IT_STANDS:  # "ถึงไหน", "วันไหน" ask where it stands, not how
        standing = standing.replace(word, " ")
    how = any(w in standing for w in texts.QUESTION_WORDS)
    if any(part in folded for part in texts.FAQ_MENU_PARTS):
        return "faq"
    if any(w in folded for w in texts.EARLIER_REQUEST) and any(w in folded for w in texts.HOW_IT_STANDS) \
            and not how and core == whole:  # where it stands, not how to look it up ("ดูยังไง", "เช็คในบอทได้ไหม")
        return "track"
    asks = core != whole or any(w in core for w in texts.QUESTION_WORDS)
    if asks and not (asks_if_possible(text) and not any(w in core for w in texts.QUESTION_WORDS)):
        return None
    found = _phrase(folded) or _profile(folded)
    return None if found is None or (asks and found not in texts.MAY_ASK) else found


def _phrase(folded: str) -> str | None:
    for phrase, name in PHRASES:
        if folded.startswith(phrase):
            rest = folded[len(phrase):]
        elif len(phrase) >= 5 and folded.endswith(phrase):
            rest = folded[: -len(phrase)]
        else:
            continue
        if phrase in texts.WEAK_PHRASES and rest and not any(w in rest for ws in CATEGORY_WORDS.values() for w in ws):
            continue
        return name
    close = [(fuzz.ratio(folded, phrase), name) for phrase, name in PHRASES if len(phrase) >= 5]
    best = max(close, default=(0.0, None))
    return best[1] if best[0] >= 85 else None


def _profile(folded: str) -> str | None:
    if len(folded) > 45 or any(w in folded for w in texts.NOT_PROFILE):
        return None
    right_after = any(f"{change}{field}" in folded.replace("ไขข้อมูล", "ไข") or f"{change}{field}" in folded
                      for change in texts.PROFILE_CHANGE for field in texts.PROFILE_FIELDS)
    return "edit_profile" if right_after else None


def asks(text: str) -> bool:
    """Say whether a message asks something ("DMC ปิดยังครับ", "เดือนนี้ต้องส่งอะไรบ้าง") rather than tells."""
    value = without_particles(normalize(text))
    return any(w in value for w in texts.QUESTION_WORDS) or value.endswith(("ยัง", "หรือยัง", "เหรอ", "หรอ"))
