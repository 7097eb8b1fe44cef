"""Guess from plain Thai what kind of request a message is, and fill in what it already says."""

from __future__ import annotations

import re

from bot.thai import answer_text, normalize, without_particles

BROKEN = ("เสีย", "พัง", "ซ่อม", "ใช้ไม่ได้", "เปิดไม่ติด", "ไม่ติด", "ดับ", "ไม่มีสัญญาณ", "ค้าง", "ไม่ออก", "กระพริบ")
EQUIPMENT_WORDS = {
    "ปริ้นเตอร์": ("ปริ้นเตอร์", "ปริ้นท์", "ปริ้น", "ปรินเตอร์", "ปริ๊น", "เครื่องพิมพ์", "printer"),
    "คอมพิวเตอร์": ("คอมพิวเตอร์", "คอม", "โน้ตบุ๊ก", "โน๊ตบุ๊ค", "notebook", "computer", "pc"),
    "อินเทอร์เน็ต/Wi-Fi": ("อินเทอร์เน็ต", "อินเตอร์เน็ต", "เน็ต", "wifi", "wi-fi", "ไวไฟ", "เราเตอร์", "router"),
    "โปรเจกเตอร์": ("โปรเจกเตอร์", "โปรเจคเตอร์", "projector"),
    "ชุดรับสัญญาณดาวเทียม DLTV": ("จานดาวเทียม", "ดาวเทียม", "กล่องรับสัญญาณ", "receiver"),
}
EQUIPMENT_CATEGORY = {"ปริ้นเตอร์": "computer", "คอมพิวเตอร์": "computer", "อินเทอร์เน็ต/Wi-Fi": "network",
                      "โปรเจกเตอร์": "other", "ชุดรับสัญญาณดาวเทียม DLTV": "dltv"}
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


def asks_if_possible(text: str) -> bool:
    """Say whether a message asks if something can be done through the bot ("…ผ่านบอทได้ไหม")."""
    return bool(CAN_I.search(without_particles(normalize(text))))


def guess(text: str) -> tuple[str, dict[str, str]] | None:
    """Return (flow, answers already given) for a message that reads like a request, else None."""
    value = normalize(text)
    if len(value) < 6:
        return None
    equipment = next((name for name, words in EQUIPMENT_WORDS.items() if any(w in value for w in words)), None)
    if equipment and any(word in value for word in BROKEN):
        known = {"kind": "repair", "equipment": equipment, "category": EQUIPMENT_CATEGORY[equipment],
                 "subject": answer_text(text)[:300]}
        place = LOCATION.search(answer_text(text))
        if place:  # Thai runs words together: "ห้องธุรการเสีย" → "ห้องธุรการ"
            location = place.group(1)
            cut = min((location.find(w) for w in BROKEN if location.find(w) > 0), default=len(location))
            known["location"] = location[:cut]
        return "repair", known
    category = next((key for key, words in CATEGORY_WORDS.items() if any(w in value for w in words)), None)
    if category and (len(value.split()) >= 2 or len(value) >= 15):
        return "consult", {"kind": "consult", "category": category, "subject": answer_text(text)[:300]}
    return None
