"""Thai text helpers: the one normaliser for what people type, digits, and Buddhist-era dates (pure functions)."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BE_OFFSET = 543  # Buddhist era = Common era + 543
# C0 control characters other than tab and line breaks (Word pastes them; XML, so XLSX, and PostgreSQL refuse
# some), and halves of surrogate pairs that JSON can smuggle in but no UTF-8 text can hold
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
          "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


# Characters a phone keyboard or a copy from the web slips in, which no one sees: zero-width spaces and joiners,
# the word joiner, the byte-order mark and the soft hyphen.
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
# Polite particles and their playful spellings, at the end of a word: they say who is talking, not what about.
PARTICLE_WORDS = ("ครับผม", "ครับ", "คร้าบ", "คับ", "ค้าบ", "ค่ะ", "คะ", "ค่า", "ค๊ะ", "จ้า", "จ้ะ", "จ๊ะ", "ฮะ", "งับ",
                  "เด้อ", "เด้")  # the last two: Isan
# Words that end like a particle but are not one: "บังคับ", "คุณค่า", "ระงับ".
NOT_PARTICLES = ("บังคับ", "มูลค่า", "คุณค่า", "ไร้ค่า", "ระงับ", "คับแคบ")
_PARTICLE = "(?:นะ)?(?:" + "|".join(
    "".join(f"(?<!{word[: -len(end)]})" for word in NOT_PARTICLES if word.endswith(end)) + end
    for end in PARTICLE_WORDS) + ")"
PARTICLES = re.compile(_PARTICLE + r"(?=$|[\s?!.,ๆ~]|[0-9])")
_TRAILING = re.compile(r"(?:\s*" + _PARTICLE + r"[\s?!.,~]*)+$")
# A Thai letter held down for emphasis ("มากกกก", "ด่วนนนนค่ะ"), at the end of a word only: "แบบบันทึก" and
# "ต่อออนไลน์" have three letters alike across two words, "ธุรการรร." an abbreviation after one.
_EMPHASIS = re.compile(r"([\u0e01-\u0e2e])\1{2,}(?=$|[^\u0e01-\u0e4e.]|ๆ|ครับ|คับ|ค่ะ|คะ|ค่า|นะ|จ้า)")
_MARKS = re.compile(r"([\u0e30-\u0e3a\u0e45-\u0e4e])\1+")  # a vowel or tone mark twice is a slip: "คะะ"


def squeeze(text: str) -> str:
    """Return the text with letters held down said once, doubled marks once, "เเ" as "แ" and "ํา" as "ำ"."""
    return _MARKS.sub(r"\1", _EMPHASIS.sub(r"\1", text.replace("เเ", "แ").replace("\u0e4d\u0e32", "\u0e33")))


def tidy(text: str) -> str:
    """Return typed text as it is kept: no invisible characters, Arabic digits, emphasis once, single spaces.

    Line breaks in a long answer stay; each line is tidied on its own.
    """
    lines = squeeze(INVISIBLE.sub("", strip_controls(text))).translate(THAI_DIGITS).splitlines()
    return "\n".join(kept for kept in (" ".join(line.split()) for line in lines) if kept)


def normalize(text: str) -> str:
    """Fold typed text for comparing: tidy it, and lower-case Latin letters."""
    return " ".join(tidy(text).split()).casefold()


def without_particles(text: str) -> str:
    """Return the text without polite particles and with letters repeated for emphasis said once."""
    return " ".join(PARTICLES.sub(" ", squeeze(text)).split())


def answer_text(text: str) -> str:
    """Return an answer as the register keeps it: tidied, without polite particles (line breaks stay)."""
    lines = (" ".join(PARTICLES.sub(" ", _TRAILING.sub("", line)).split()) for line in tidy(text).splitlines())
    return "\n".join(line for line in lines if line)


def command_key(text: str, softeners: tuple[str, ...] = ()) -> str:
    """Fold a message to compare it with a command: no particles, no spaces, no softening words at its end."""
    value = "".join(without_particles(normalize(text)).split()).rstrip("?!.,~")
    for _ in range(3):  # "ติดตามเรื่องหน่อยนะ"
        word = next((w for w in softeners if value.endswith(w) and len(value) > len(w)), None)
        if word is None:
            break
        value = value[: -len(word)]
    return value


def strip_controls(text: str) -> str:
    """Drop control characters that no one means to type (tab and line breaks stay)."""
    return CONTROLS.sub("", text)


def short_datetime(moment: datetime) -> str:
    """Format as '23 พ.ย. 2569 14:05' in the moment's own time zone (pass Bangkok time)."""
    return f"{moment.day} {MONTHS_SHORT[moment.month - 1]} {moment.year + BE_OFFSET} {moment:%H:%M}"


def long_date(day: date) -> str:
    """Format a date as official Thai text reads it: 10 มิถุนายน 2570."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year + BE_OFFSET}"


def short_label(text: str, limit: int = 20) -> str:
    """Cut a button label to `limit` characters at a word boundary (LINE's quick-reply limit is 20)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    quiet_pythainlp()
    from pythainlp.tokenize import word_tokenize  # only a label too long needs words (the dictionary loads once)

    kept = ""
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if len(kept) + len(word) > limit - 1:
            break
        kept += word
    kept = kept.rstrip()
    return f"{kept}…" if kept else text[: limit - 1] + "…"


def quiet_pythainlp() -> None:
    """Keep pythainlp offline and its data folder out of the user's home (it writes one on import)."""
    os.environ.setdefault("PYTHAINLP_DATA", os.path.join(os.getcwd(), "instance", "pythainlp-data"))
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


def age_text(delta: timedelta) -> str:
    """Say an age the way staff read it: 40 นาที, 5 ชม., 3 วัน."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} นาที"
    if minutes < 24 * 60:
        return f"{minutes // 60} ชม."
    return f"{minutes // (24 * 60)} วัน"
