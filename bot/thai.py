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


# ---- dates as Thai staff type them: 31/12/2569, 31-12-2569, ๓๑.๑๒.๒๕๖๙, 31 ธ.ค. 2569 (Buddhist era) ----
YEARS_BACK, YEARS_AHEAD = 20, 5  # years around this one a date on the admin page can mean; beyond lie typos
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)  # ASCII: int() would take other digits
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})", re.ASCII)
_MONTH_FIRST = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})", re.ASCII)
_NAMED_DAY = re.compile(r"(\d{1,2})\s*(\D+?)\s*(\d{4}|\d{2})", re.ASCII)
_NAMED_MONTH = re.compile(r"(\D+?)\s*(\d{4}|\d{2})", re.ASCII)
_SPOKEN_ENDS = ("คม", "ยน", "พันธ์")  # "ธันวา", "เมษา", "กุมภา": the month said without its ending


def _month_key(name: str) -> str:
    key = re.sub(r"[\s./-]", "", name)
    return key.removesuffix("พศ")  # "31 ธ.ค. พ.ศ. 2569"


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for number, (full, short) in enumerate(zip(MONTHS, MONTHS_SHORT, strict=True), 1):
        spoken = next((full[: -len(end)] for end in _SPOKEN_ENDS if full.endswith(end)), full)
        names.update(dict.fromkeys((full, _month_key(short), spoken), number))
    return names


MONTH_NUMBERS = _month_names()


class DateRefused(ValueError):
    """A typed date that cannot be meant: `reason` is form, no_such_day, western_year or far_year."""

    def __init__(self, reason: str, year: int | None = None, years: tuple[int, int] = (0, 0)) -> None:
        super().__init__(reason)
        self.reason, self.year, self.years = reason, year, years  # years: the Buddhist-era years allowed


def _plain(typed: str) -> str:
    return " ".join(INVISIBLE.sub("", strip_controls(typed)).translate(THAI_DIGITS).split())


def _common_era(year: int, today: date, year_first: bool) -> int:
    """Return a typed year in the Common Era, or refuse one typed in the wrong era or far from today."""
    first, last = today.year - YEARS_BACK, today.year + YEARS_AHEAD
    allowed = (first + BE_OFFSET, last + BE_OFFSET)
    if first <= year <= last:
        if year_first:  # ISO, as the CLI and the JSON import write it, is in the Common Era
            return year
        raise DateRefused("western_year", year, allowed)
    if first + BE_OFFSET <= year <= last + BE_OFFSET:
        return year - BE_OFFSET
    raise DateRefused("far_year", year, allowed)


def _full_year(typed: str) -> int:
    """Return a year typed with two digits in the Buddhist era's century ("31/12/69" is 2569)."""
    return int(typed) + (2500 if len(typed) == 2 else 0)


def _numbers(text: str, iso: re.Pattern[str], day_first: re.Pattern[str], named: re.Pattern[str],
             ) -> tuple[list[int], bool] | None:
    """Return [year, month, day?] read from the text and whether it was written year first, or None."""
    if found := iso.fullmatch(text):
        return [int(part) for part in found.groups()], True
    if found := day_first.fullmatch(text):
        parts = [int(part) for part in found.groups() if part not in "/.-"]
        return [_full_year(found.groups()[-1]), *parts[-2::-1]], False
    if found := named.fullmatch(text):
        *day, name, year = found.groups()
        if month := MONTH_NUMBERS.get(_month_key(name)):
            return [_full_year(year), month, *map(int, day)], False
    return None


def _read(typed: str, today: date, patterns: tuple[re.Pattern[str], ...]) -> tuple[int, int, list[int]] | None:
    """Return (year CE, month, [day]) typed in one of the forms `patterns` read; None when empty."""
    # the separator may be / - or ., digits Thai or Arabic, the month a Thai name ("31 ธ.ค. 2569")
    text = _plain(typed)
    if not text:
        return None
    found = _numbers(text, *patterns)
    if found is None:
        raise DateRefused("form")
    (year, month, *day), year_first = found
    if not (1 <= month <= 12 and all(1 <= d <= 31 for d in day)):
        raise DateRefused("no_such_day")
    return _common_era(year, today, year_first), month, day


def parse_date(typed: str, today: date) -> date | None:
    """Read a date as staff type it (วว/ดด/ปปปป in BE, or ISO YYYY-MM-DD); None when empty, DateRefused if wrong."""
    found = _read(typed, today, (_ISO_DAY, _DAY_FIRST, _NAMED_DAY))
    if found is None:
        return None
    year, month, (day,) = found
    try:
        return date(year, month, day)
    except ValueError:
        raise DateRefused("no_such_day") from None


def parse_month(typed: str, today: date) -> tuple[int, int] | None:
    """Read a month as staff type it (ดด/ปปปป in the Buddhist era, "พ.ย. 2569", or YYYY-MM); None when empty."""
    found = _read(typed, today, (_ISO_MONTH, _MONTH_FIRST, _NAMED_MONTH))
    return None if found is None else (found[0], found[1])


def be_date(day: date | None) -> str:
    """Format a date as staff type it back: 31/12/2569 (empty for None)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}" if day else ""


def be_month(year: int, month: int) -> str:
    """Format a Common-era month as staff type it: 11/2569."""
    return f"{month:02d}/{year + BE_OFFSET}"
