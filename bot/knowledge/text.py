"""Normalise Thai questions for matching: digits, abbreviations, transliterations, word segmentation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.thai import PARTICLES, THAI_DIGITS, quiet_pythainlp, squeeze

# Expanded before anything else, while the dots are still there.
ABBREVIATIONS = {
    "ม.ค.": "มกราคม", "ก.พ.": "กุมภาพันธ์", "มี.ค.": "มีนาคม", "เม.ย.": "เมษายน", "พ.ค.": "พฤษภาคม",
    "มิ.ย.": "มิถุนายน", "ก.ค.": "กรกฎาคม", "ส.ค.": "สิงหาคม", "ก.ย.": "กันยายน", "ต.ค.": "ตุลาคม",
    "พ.ย.": "พฤศจิกายน", "ธ.ค.": "ธันวาคม", "ร.ร.": "โรงเรียน", "รร.": "โรงเรียน", "ผอ.": "ผู้อำนวยการ",
    "สพป.": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา", "สพม.": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา",
    "สพท.": "สำนักงานเขตพื้นที่การศึกษา", "ปีงบฯ": "ปีงบประมาณ", "พ.ร.บ.": "พระราชบัญญัติ",
}
# Thai spellings of system names and loanwords, folded to one Latin token.
TRANSLITERATIONS = {
    "ดีเอ็มซี": "dmc", "ดีเอมซี": "dmc", "บีโอเบค": "bobec", "บีโอเบ็ค": "bobec", "เอ็มโอเบค": "mobec",
    "เอ็มโอเบ็ค": "mobec", "อีมิส": "emis", "อีมิช": "emis", "ดีแอลทีวี": "dltv", "ดีแอลไอที": "dlit",
    "ดีลิท": "dlit", "ไวไฟ": "wifi", "วายฟาย": "wifi", "พาสเวิร์ด": "password", "อีเมล์": "อีเมล",
    "เมล์": "อีเมล", "ปริ้นเตอร์": "printer", "ปริ้น": "printer", "ปรินเตอร์": "printer", "เครื่องพิมพ์": "printer",
    "ซูม": "zoom", "เว็บไซต์": "website", "เว็บไซท์": "website", "เวปไซต์": "website", "เว็ปไซต์": "website",
    "เว็บ": "website", "เว็ป": "website", "เวป": "website", "เวบ": "website", "ลิ้งค์": "ลิงก์", "ลิงค์": "ลิงก์",
    "ลิ้งก์": "ลิงก์", "ลิ้ง": "ลิงก์", "link": "ลิงก์", "เน้ต": "เน็ต", "อินเตอร์เน็ต": "อินเทอร์เน็ต",
    "คอมพ์": "คอม", "พาสเวิด": "password", "รหัสพาส": "password",
}
# Ordinal words and synonyms folded so "เทอมแรก", "ภาคเรียนที่ 1" and "เทอม 1" read the same.
SYNONYMS = {"ภาคเรียนที่": "เทอม", "ภาคเรียน": "เทอม", "เทอมแรก": "เทอม 1", "เทอมหนึ่ง": "เทอม 1",
            "เทอมสอง": "เทอม 2", "เทอมที่": "เทอม", "เทอม หนึ่ง": "เทอม 1", "เทอม สอง": "เทอม 2", "ย่อมาจาก": "คือ"}
LATIN_FORMS = {"b-obec": "bobec", "b obec": "bobec", "m-obec": "mobec", "m obec": "mobec", "wi-fi": "wifi",
               "e-mail": "อีเมล", "email": "อีเมล", "pdpa": "pdpa"}
STOPWORDS = frozenset((
    "ครับ", "คับ", "ค่ะ", "คะ", "ค่า", "นะ", "นะคะ", "นะครับ", "จ้า", "จ้ะ", "หน่อย", "ด้วย", "ได้", "ไหม",
    "มั้ย", "มั๊ย", "ไม๊", "อย่างไร", "ยังไง", "อะไร", "บ้าง", "ที่", "ของ", "คือ", "การ", "ให้", "จะ", "ต้อง",
    "ทำ", "ว่า", "แล้ว", "และ", "หรือ", "กับ", "ใน", "เป็น", "มี", "อยู่", "ไป", "มา", "ก็", "ครับผม", "รบกวน",
    "ขอ", "สอบถาม", "ถาม", "ลอง", "ท่าน", "เรา", "ผม", "ฉัน", "ดิฉัน", "หนู",
    # chat openings and fillers that say nothing about the topic
    "สวัสดี", "อยาก", "ทราบ", "ช่วย", "เลย", "ดี", "ไง", "นี้", "นี่", "มัน", "แต่", "ตอนนี้", "เพิ่ง", "เผื่อ",
    "เนี่ย", "อ่ะ", "อะ", "จ้ะ", "ค่ะ", "เอ่อ", "พอดี", "คือว่า", "แบบ", "ครู", "พี่", "น้อง", "ใช่ไหม", "ป่าว",
    "เปล่า", "งั้น", "ซึ่ง", "เนื่องจาก", "เพราะ", "ถ้า", "ค่ะ", "ครับ", "หน่อยนะ", "ที", "เลยค่ะ", "ล่ะ",
    "ด่วน",  # urgency is about the teacher's day, not the topic
))
COMMON_PIVOT = 5000  # a word seen this often in the corpus is half "everyday", half topical
# Polite particles glued to the word before confuse the segmenter ("ไหนคะ" → "ไห", "นคะ"): set them apart.
_PARTICLE = re.compile(f"({PARTICLES.pattern})")
_PUNCT = re.compile(r"[\s\"'“”‘’?!.,:;()\[\]{}<>/\\|~`^*+=_#@$%&-]+")


def normalize(text: str) -> str:
    """Return the text with Thai digits, abbreviations, transliterations and Latin forms folded."""
    value = squeeze(text).translate(THAI_DIGITS).casefold()
    for short, full in ABBREVIATIONS.items():
        value = value.replace(short, f" {full} ")
    for latin, canonical in LATIN_FORMS.items():
        value = value.replace(latin, f" {canonical} ")
    for thai, canonical in sorted(TRANSLITERATIONS.items(), key=lambda kv: -len(kv[0])):
        value = value.replace(thai, f" {canonical} ")
    for word, canonical in SYNONYMS.items():
        value = value.replace(word, f" {canonical} ")
    value = _PARTICLE.sub(r" \1", value)
    return " ".join(value.split())


class WordSet:
    """pythainlp's word dictionary as a set, answering the segmenter's `prefixes` question like its Trie does.

    pythainlp's Trie is a node per letter: about 0.4 s to build for its 62,000 words (more on a busy machine),
    most of the app's start-up. A frozenset with the word lengths per first two letters builds in 0.02 s and
    segments the same way (tests compare both).
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in (word.strip() for word in words) if w)
        lengths: dict[str, set[int]] = {}
        for word in self.words:
            lengths.setdefault(word[:2], set()).add(len(word))
        self._lengths = {head: tuple(sorted(sizes)) for head, sizes in lengths.items()}
        self._letters = frozenset(w for w in self.words if len(w) == 1)

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """List the dictionary words that start at `start` in `text`, shortest first."""
        found = [text[start]] if text[start:start + 1] in self._letters else []
        room = len(text) - start
        for size in self._lengths.get(text[start:start + 2], ()):
            if size > room:
                break
            if size > 1 and text[start:start + size] in self.words:
                found.append(text[start:start + size])
        return found


@lru_cache(maxsize=1)
def _dictionary() -> WordSet:
    quiet_pythainlp()
    from pythainlp.corpus import thai_words

    return WordSet(thai_words())


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    words = _dictionary()
    from pythainlp.tokenize import word_tokenize

    return lambda text: word_tokenize(text, custom_dict=words, engine="newmm", keep_whitespace=False)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    quiet_pythainlp()
    from pythainlp.corpus.tnc import word_freqs

    return dict(word_freqs())


def commonness(word: str) -> float:
    """Return how common a word is in everyday Thai (Thai National Corpus): 0 for rare or unknown, toward 1."""
    count = _frequencies().get(word, 0)
    return count / (count + COMMON_PIVOT)


def is_word(word: str) -> bool:
    """Say whether a word is spelled right: in the Thai dictionary, or Latin (too short to judge)."""
    return word in _dictionary() or (word.isascii() and len(word) < 5)


_KNOWN: dict[str, tuple[str, ...]] = {}  # texts segmented ahead of time (the knowledge base's, see `remember`)


def remember(segmented: dict[str, str]) -> None:
    """Take segmentations made ahead of time (text → words joined by spaces), so start-up need not segment."""
    _KNOWN.update((text, tuple(joined.split())) for text, joined in segmented.items())


def segment(text: str) -> tuple[str, ...]:
    """Segment a text (folded, without punctuation), remembered ahead of time or cached."""
    known = _KNOWN.get(text)
    return known if known is not None else _segmented(text)


@lru_cache(maxsize=512)
def _segmented(text: str) -> tuple[str, ...]:
    # the router, the matcher and the entry model all read the same message: segment it once
    return tuple(w for w in (_PUNCT.sub("", word) for word in _tokenizer()(normalize(text))) if w)


def words(text: str) -> list[str]:
    """Return every word of a message (segmented, folded, without punctuation), filler words included."""
    return list(segment(text))


def tokens(text: str) -> list[str]:
    """Return the meaningful words of a question: segmented Thai, Latin words whole, no filler words."""
    return [word for word in segment(text) if word not in STOPWORDS and not word.startswith("ๆ")]


def warm_up() -> None:
    """Load the segmentation dictionary now rather than on the first question."""
    tokens("ทดสอบการตัดคำ")
