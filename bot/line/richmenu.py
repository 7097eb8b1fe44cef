"""The rich menus the bot installs: their areas, what each sends, and their images drawn with a Thai font."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from bot import texts
from bot.texts import staff as staff_texts

FONT = Path(__file__).with_name("fonts") / "Loma-Bold.ttf"
NAME_PREFIX = "helpdesk:"  # every menu the bot creates is named so: installing again finds and replaces them
MAX_IMAGE_BYTES = 1024 * 1024  # LINE refuses a rich menu image over 1 MB
BAND = 200  # the office's name across the top; not a button


@dataclass(frozen=True)
class RichMenu:
    """A grid of buttons under an office band: each sends its text as if the teacher typed it."""

    kind: str
    width: int
    height: int
    columns: int
    rows: int
    buttons: tuple[tuple[str, str], ...]  # (label drawn, text sent)
    chat_bar: str
    band_note: str = ""  # after the office's name on the band ("เจ้าหน้าที่" on the staff menu)

    @property
    def name(self) -> str:
        return f"{NAME_PREFIX}{self.kind}"

    def bounds(self) -> list[tuple[int, int, int, int]]:
        """Return each button's (x, y, width, height) in the image, row by row."""
        xs = [self.width * col // self.columns for col in range(self.columns + 1)]  # the last takes the remainder
        ys = [BAND + (self.height - BAND) * row // self.rows for row in range(self.rows + 1)]
        return [(xs[col], ys[row], xs[col + 1] - xs[col], ys[row + 1] - ys[row])
                for row in range(self.rows) for col in range(self.columns)][: len(self.buttons)]

    def body(self) -> dict[str, Any]:
        """Return the rich menu object LINE's API takes."""
        areas = [{"bounds": {"x": x, "y": y, "width": w, "height": h},
                  "action": {"type": "message", "label": label[:20], "text": sent}}
                 for (x, y, w, h), (label, sent) in zip(self.bounds(), self.buttons, strict=True)]
        return {"size": {"width": self.width, "height": self.height}, "selected": True, "name": self.name,
                "chatBarText": self.chat_bar, "areas": areas}


TEACHER_MENU = RichMenu("teacher", 2500, 1686, 3, 2, texts.RICHMENU_TEACHER, texts.RICHMENU_CHAT_BAR)
# linked per user to staff who bound their LINE account (a per-user menu beats the default)
STAFF_MENU = RichMenu("staff", 2500, 843, 4, 1, staff_texts.RICHMENU_STAFF, staff_texts.RICHMENU_STAFF_CHAT_BAR,
                      staff_texts.RICHMENU_STAFF_BAND)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    # raqm places Thai vowels and tone marks; without it they would stack wrongly
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONT), size, layout_engine=engine)


def _fitted(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """Return the largest font up to `size` in which `text` fits `width`."""
    while size > 24 and draw.textlength(text, font=_font(size)) > width:
        size -= 4
    return _font(size)


def render(menu: RichMenu, office_name: str, colour: str) -> bytes:
    """Draw the menu: the office's name on a band of its colour, then one tile per button; return a PNG."""
    base = ImageColor.getrgb(colour)[:3]
    light = tuple(round(c + (255 - c) * 0.88) for c in base)
    image = Image.new("RGB", (menu.width, menu.height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, menu.width, BAND), fill=base)
    band = f"{office_name} ({menu.band_note})" if menu.band_note else office_name
    draw.text((menu.width / 2, BAND / 2), band, fill="white", anchor="mm",
              font=_fitted(draw, band, 80, menu.width - 120))
    gap = 14
    tiles = list(zip(menu.bounds(), menu.buttons, strict=True))
    # one size for every label, the largest in which the longest fits: a row of buttons reads evenly
    font = min((_fitted(draw, label, 120, w - 80) for (_, _, w, _), (label, _) in tiles), key=lambda f: f.size)
    for (x, y, w, h), (label, _) in tiles:
        draw.rounded_rectangle((x + gap, y + gap, x + w - gap, y + h - gap), radius=40, fill=light,
                               outline=base, width=8)
        draw.text((x + w / 2, y + h / 2), label, fill=base, anchor="mm", font=font)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
