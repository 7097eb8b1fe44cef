"""The teacher rich menu: a valid LINE object whose buttons reach handlers, drawn with Thai text that fits."""

from __future__ import annotations

import io

from linebot.v3.messaging import RichMenuRequest
from PIL import Image, features

from bot import texts
from bot.handlers import load
from bot.handlers.registry import FALLBACK
from bot.line.richmenu import BAND, MAX_IMAGE_BYTES, TEACHER_MENU, render
from bot.simulator.fake_richmenu import problems


def test_the_menu_is_a_valid_line_object_with_the_six_buttons_the_issue_names():
    body = TEACHER_MENU.body()
    assert RichMenuRequest.from_dict(body).size.height == 1686
    assert problems(body) == []
    assert [a["action"]["label"] for a in body["areas"]] == ["ขอคำปรึกษา", "แจ้งซ่อม", "คำถามที่พบบ่อย",
                                                           "ติดตามเรื่อง", "ปฏิทินส่งข้อมูล", "ติดต่อเจ้าหน้าที่"]


def test_the_buttons_tile_the_grid_without_overlapping():
    cells = TEACHER_MENU.bounds()
    assert len(cells) == 6 and len(set(cells)) == 6
    assert sum(w * h for _, _, w, h in cells) == 2500 * (1686 - BAND)  # every point below the band is a button
    assert all(x + w <= 2500 and y + h <= 1686 and y >= BAND for x, y, w, h in cells)


def test_every_button_sends_a_text_a_handler_owns():
    router = load()
    fallback = router.resolve({"type": "message", "message": {"type": "text", "text": "?" * 40}})
    for _, sent in TEACHER_MENU.buttons:
        handler = router.keyword(sent)
        assert handler is not None and handler is not fallback, sent
    assert ("text", FALLBACK) in router.routes()


def test_the_image_has_the_menus_size_fits_lines_limit_and_shows_the_office_colour():
    data = render(TEACHER_MENU, "สพป.อุบลราชธานี เขต 1", "#0B6E4F")
    assert len(data) < MAX_IMAGE_BYTES
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (2500, 1686)
    assert image.getpixel((20, 20)) == (11, 110, 79)  # the band
    for x, y, w, h in TEACHER_MENU.bounds():  # each tile has its label drawn in the colour near its centre
        tile = image.crop((x + w // 4, y + h // 3, x + 3 * w // 4, y + 2 * h // 3))
        assert (11, 110, 79) in {colour for _, colour in tile.getcolors(1 << 16)}


def test_thai_is_shaped_not_drawn_letter_by_letter():
    assert features.check("raqm")  # Pillow's wheels bundle it: vowels and tone marks sit where they belong


def test_a_long_office_name_is_shrunk_to_fit_the_band():
    name = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอุบลราชธานี เขต 1 กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศ"
    image = Image.open(io.BytesIO(render(TEACHER_MENU, name, "#123456"))).convert("RGB")
    band = image.crop((0, 0, 2500, BAND))
    white = [x for x in range(2500) if any(band.getpixel((x, y)) == (255, 255, 255) for y in range(40, 160, 4))]
    assert white and min(white) > 0 and max(white) < 2499  # drawn, and inside the image
    assert TEACHER_MENU.body()["chatBarText"] == texts.RICHMENU_CHAT_BAR
