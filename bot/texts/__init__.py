"""Every sentence the bot says to people, in Thai, in one place."""

from __future__ import annotations

MENU_CONSULT = "ขอคำปรึกษา/แจ้งปัญหา"
MENU_REPAIR = "แจ้งซ่อม"
MENU_FAQ = "คำถามที่พบบ่อย"
MENU_TRACK = "ติดตามเรื่อง"
MAIN_MENU = (MENU_CONSULT, MENU_REPAIR, MENU_FAQ, MENU_TRACK)

PRIVACY_NOTICE = (
    "🔒 ข้อมูลส่วนบุคคล (PDPA)\n"
    "เราเก็บชื่อที่แสดงใน LINE ตำแหน่ง โรงเรียน เบอร์โทร (ถ้าให้ไว้) และข้อความ/รูปที่ส่งมา "
    "เพื่อรับเรื่อง ตอบคำถาม ติดตามผล และจัดทำสถิติการให้บริการตามคู่มือของสำนักงานเขตฯ เท่านั้น "
    "ไม่เปิดเผยแก่ผู้อื่นนอกจากเจ้าหน้าที่ที่เกี่ยวข้อง "
    "ขอดูหรือขอลบข้อมูลของท่านได้โดยติดต่อกลุ่มส่งเสริมการศึกษาทางไกลฯ (DLICT) ของสำนักงานเขตฯ"
)


def welcome(display_name: str | None) -> str:
    """Greet someone who has just added the Official Account."""
    who = f"คุณ{display_name}" if display_name else "คุณครู"
    return (
        f"สวัสดีครับ {who} 🙏\n"
        "ที่นี่คือบริการช่วยเหลือด้าน ICT ของกลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร "
        "สำนักงานเขตพื้นที่การศึกษา\n\n"
        "พิมพ์เรื่องที่ต้องการได้เลย หรือเลือกจากเมนูด้านล่าง:\n"
        f"• {MENU_CONSULT} — ระบบ DMC, EMIS, B-OBEC, DLTV, อินเทอร์เน็ต ฯลฯ\n"
        f"• {MENU_REPAIR} — คอมพิวเตอร์ ปริ้นเตอร์ เครือข่าย จานดาวเทียม DLTV\n"
        f"• {MENU_FAQ} — คำตอบที่ถามกันบ่อย\n"
        f"• {MENU_TRACK} — ดูสถานะเรื่องที่แจ้งไว้"
    )


HELP_NON_TEXT = "ได้รับแล้วครับ 🙏 หากต้องการแจ้งเรื่อง เลือกจากเมนูด้านล่าง แล้วส่งรูปหรือไฟล์ประกอบได้ในขั้นตอนนั้นครับ"
GROUP_HELLO = (
    "สวัสดีครับทุกท่าน 🙏 บอทของกลุ่ม DLICT สำนักงานเขตฯ เข้าร่วมกลุ่มแล้ว\n"
    "บอทจะแจ้งเตือนกำหนดส่งข้อมูล (DMC, B-OBEC, EMIS) ในกลุ่มนี้ "
    "ส่วนการขอคำปรึกษาหรือแจ้งซ่อม กรุณาทักบอทในแชตส่วนตัวครับ"
)
GROUP_ID_KEYWORD = "รหัสกลุ่ม"


def group_id(chat_id: str) -> str:
    """Show a group's id so staff can set STAFF_GROUP_ID."""
    return f"รหัสของกลุ่มนี้คือ\n{chat_id}\n(ใส่ใน STAFF_GROUP_ID เพื่อให้กลุ่มนี้ได้รับแจ้งเรื่องใหม่)"


GROUP_PRIVATE = "เรื่องขอคำปรึกษาหรือแจ้งซ่อม กรุณาทักบอทในแชตส่วนตัวนะครับ เพื่อรักษาข้อมูลของท่าน 🙏"

# ---- the register: profile, requests, status ----
CANCELLED = "ยกเลิกแล้วครับ ไม่มีการบันทึกเรื่อง 🙏 ต้องการเริ่มใหม่เลือกจากเมนูได้เลยครับ"
EXPIRED = "แบบฟอร์มก่อนหน้าหมดเวลาแล้วเพราะไม่มีการตอบนานเกินไป จึงยกเลิกให้ครับ"
SKIPPED_NOTE = "(พิมพ์ \"ข้าม\" หากไม่มี)"
ASK_NAME = "ขอทราบชื่อ-นามสกุลของท่านครับ"
ASK_POSITION = "ตำแหน่งของท่านครับ"
POSITIONS = ("ครู", "ครูธุรการ/เจ้าหน้าที่ข้อมูล", "ผู้อำนวยการ", "รองผู้อำนวยการ", "อื่น ๆ")
ASK_SCHOOL = "อยู่โรงเรียนอะไรครับ (พิมพ์ชื่อหรือรหัสโรงเรียน)"
SCHOOL_NOT_FOUND = ("ไม่พบโรงเรียนนี้ในรายชื่อของเขตฯ ลองพิมพ์ชื่อใหม่ หรือรหัสโรงเรียน 10 หลักครับ "
                    "ถ้าเป็นหน่วยงานอื่นหรือไม่มีในรายชื่อ กด \"ไม่อยู่ในรายชื่อ\"")
ASK_UNLISTED_SCHOOL = "พิมพ์ชื่อโรงเรียนหรือหน่วยงานของท่านครับ เจ้าหน้าที่จะตรวจสอบให้"
SCHOOL_WHICH = "หมายถึงโรงเรียนไหนครับ เลือกจากปุ่มด้านล่าง"
ASK_PHONE = "เบอร์โทรติดต่อกลับ " + SKIPPED_NOTE
BAD_PHONE = "เบอร์โทรควรเป็นตัวเลข 9–10 หลัก เช่น 0812345678"
PROFILE_SAVED = "บันทึกข้อมูลของท่านแล้วครับ ✅"
PROFILE_UNCHANGED = "ยกเลิกแล้วครับ ใช้ข้อมูลผู้แจ้งเดิมต่อไป 🙏"
EDIT_PROFILE = "แก้ไขข้อมูล"

ASK_CATEGORY = "เรื่องที่ต้องการปรึกษาเกี่ยวกับระบบใดครับ"
ASK_SUBJECT = "สรุปเรื่องสั้น ๆ ในหนึ่งประโยคครับ"
ASK_DETAILS = "เล่ารายละเอียดเพิ่มเติมได้เลยครับ ส่งรูปหน้าจอประกอบได้ " + SKIPPED_NOTE
ASK_URGENCY = "ความเร่งด่วนของเรื่องนี้ครับ"
ASK_EQUIPMENT = "อุปกรณ์อะไรเสียครับ"
EQUIPMENT = ("คอมพิวเตอร์", "ปริ้นเตอร์", "อินเทอร์เน็ต/Wi-Fi", "โปรเจกเตอร์", "ชุดรับสัญญาณดาวเทียม DLTV",
             "อุปกรณ์ประชุมทางไกล", "อื่น ๆ")
ASK_ASSET = "เลขครุภัณฑ์ของอุปกรณ์ " + SKIPPED_NOTE
ASK_LOCATION = "อุปกรณ์อยู่ที่ไหนในโรงเรียนครับ (เช่น ห้องธุรการ, ห้องคอม 2)"
ASK_SYMPTOM = "อาการเป็นอย่างไรครับ"
ASK_PHOTOS = "ส่งรูปอุปกรณ์หรืออาการได้เลยครับ ส่งครบแล้วกด \"เสร็จแล้ว\""
PHOTOS_DONE = "เสร็จแล้ว"
PHOTOS_DONE_WORDS = (PHOTOS_DONE, "เสร็จ", "ครบแล้ว", "ส่งครบแล้ว", "หมดแล้ว", "แค่นี้", "done")
PHOTOS_DONE_PARTS = ("เสร็จ", "ครบ", "ส่งแล้ว", "เรียบร้อย", "หมดแล้ว", "แค่นี้", "done", "ok", "โอเค")
PHOTO_RECEIVED = "ได้รับรูป/ไฟล์แล้วครับ ({count} รายการ)"
ASK_REQUEST_SUBJECT = {
    "borrow": "ต้องการยืม/ใช้อุปกรณ์อะไร จำนวนเท่าไร และช่วงวันที่เท่าไรครับ",
    "access": "ต้องการสิทธิ์เข้าระบบใด สำหรับใคร (ชื่อ ตำแหน่ง) ครับ",
    "vconf": "ต้องการจองประชุมทางไกลวันที่ เวลาใด หัวข้ออะไรครับ",
}
REQUEST_KEYWORDS = {"borrow": "ขอยืมอุปกรณ์", "access": "ขอสิทธิ์เข้าระบบ", "vconf": "จองประชุมทางไกล"}
CONFIRM = "ยืนยัน"
CANCEL = "ยกเลิก"
CONFIRM_HINT = "กด \"ยืนยัน\" เพื่อส่งเรื่อง แตะ \"แก้…\" เพื่อแก้ข้อนั้น หรือ \"ยกเลิก\""
CHOOSE_BUTTON = "กรุณาเลือกจากปุ่มด้านล่างครับ"
SKIP = "ข้าม"
BACK = "ย้อนกลับ"
HANDOVER = "ให้เจ้าหน้าที่ดูต่อ"
WAY_ON = f"ถ้าตอบข้อนี้ไม่สะดวก กด \"{HANDOVER}\" บอทจะส่งเรื่องตามที่พิมพ์มาให้เจ้าหน้าที่ติดต่อกลับครับ"
FIRST_STEP = "นี่เป็นคำถามข้อแรกแล้วครับ (พิมพ์ \"ยกเลิก\" หากไม่ต้องการแจ้งเรื่องนี้)"
GOING_BACK = "ย้อนกลับไปข้อก่อนหน้าครับ"
REQUIRED_STEP = "ข้อนี้ต้องตอบครับ พิมพ์สั้น ๆ ได้เลย (พิมพ์ \"ยกเลิก\" หากไม่ต้องการแจ้งเรื่องนี้)"


def edit_label(field: str) -> str:
    """Name the review step's button that changes one answer."""
    return f"แก้{field}"


def editing(field: str) -> str:
    return f"แก้{field}ครับ พิมพ์ใหม่หรือเลือกจากปุ่มได้เลย"


# ---- what people type for commands, compared without particles, spaces or the softeners below ----
SOFTENERS = ("หน่อย", "ด้วย", "เลย", "แหน่")  # not "นะ" or "ที": "สถานะ", "นาที" end so; "แหน่" is Isan
LEADS = ("รบกวน", "อยากให้มา", "อยากให้", "ขอให้มา", "ขอให้", "ช่วยมา", "ขอ", "อยากจะ", "อยาก", "ต้องการ",
         "ช่วย")  # polite openings before a command
CANCEL_WORDS = ("ยกเลิก", "ยกเลิกเรื่อง", "ยกเลิกการแจ้ง", "ไม่เอาแล้ว", "ไม่ต้องแล้ว", "ไม่แจ้งแล้ว", "เลิกแจ้ง",
                "cancel", "บ่เอาแล้ว")
# A message that begins so cancels the form, whatever reason follows ("ไม่ต้องแล้วค่ะ ซ่อมได้เองแล้ว").
CANCEL_LEADS = ("เปลี่ยนใจ", "ไม่เอาแล้ว", "บ่เอาแล้ว", "ไม่ต้องแล้ว", "บ่ต้องแล้ว", "ไม่แจ้งแล้ว", "บ่แจ้งแล้ว", "ไม่ทำต่อ",
                "ยกเลิกเรื่องนี้", "ยกเลิกทั้งหมด", "ยกเลิกการแจ้ง", "ยกเลิกก่อน", "เลิกๆ", "พอก่อน", "พอแล้ว")
BACK_WORDS = (BACK, "ย้อน", "กลับ", "ถอยกลับ", "ย้อนกลับไป", "กลับไปข้อก่อน", "ข้อก่อนหน้า", "back")
BACK_LEADS = ("ย้อน", "กลับไปข้อ", "กลับไปแก้", "ข้อก่อนหน้า", "ข้อที่แล้ว", "ถอยกลับ")
SKIP_WORDS = (SKIP, "ไม่มี", "ไม่ทราบ", "ไม่รู้", "บ่มี", "บ่รู้", "บ่ทราบ", "ไม่มีเลข", "skip", "-")
# What may follow a skip word and still mean "skip" ("ไม่มีเลขครุภัณฑ์ค่ะ", "ข้ามไปเลย").
SKIP_FILLERS = ("เลขครุภัณฑ์", "ครุภัณฑ์", "เลข", "เบอร์โทรศัพท์", "เบอร์โทร", "เบอร์", "รายละเอียดเพิ่มเติม",
                "รายละเอียด", "เพิ่มเติม", "เพิ่ม", "ไป", "อะไร", "แล้ว", "ค่ะ")
URGENCY_WORDS = {"ไม่ด่วน": "normal", "บ่ด่วน": "normal", "ธรรมดา": "normal", "ไม่รีบ": "normal", "รอได้": "normal",
                 "normal": "normal", "เร่งด่วน": "urgent", "urgent": "urgent", "ด่วนที่สุด": "critical",
                 "ด่วนมากๆ": "critical", "ด่วนสุด": "critical"}
POSITION_WORDS = {"ผอ": "ผู้อำนวยการ", "ผอรร": "ผู้อำนวยการ", "ผู้อำนวยการโรงเรียน": "ผู้อำนวยการ",
                  "รองผอ": "รองผู้อำนวยการ", "รองผู้อำนวยการโรงเรียน": "รองผู้อำนวยการ",
                  "ครูธุรการ": "ครูธุรการ/เจ้าหน้าที่ข้อมูล", "ธุรการ": "ครูธุรการ/เจ้าหน้าที่ข้อมูล",
                  "ธุรการโรงเรียน": "ครูธุรการ/เจ้าหน้าที่ข้อมูล", "เจ้าหน้าที่ข้อมูล": "ครูธุรการ/เจ้าหน้าที่ข้อมูล",
                  "เจ้าหน้าที่ข้อมูลโรงเรียน": "ครูธุรการ/เจ้าหน้าที่ข้อมูล", "ครูผู้สอน": "ครู", "อื่นๆ": "อื่น ๆ"}
CONFIRM_WORDS = (CONFIRM, "ยืนยันส่ง", "ตกลง", "ok", "โอเค", "ใช่", "ถูกต้อง", "ส่ง", "ส่งเลย", "confirm")
# At the review step a message holding one of these, and no word of doubt, sends the request ("แม่นแล้วเด้อ").
CONFIRM_PARTS = ("ยืนยัน", "ถูกต้อง", "ถูกแล้ว", "แม่นแล้ว", "โอเค", "ok", "ส่งได้", "ส่งเลย", "ตกลง", "confirm")
DOUBT_WORDS = ("ไม่", "บ่", "แก้", "ผิด", "ยกเลิก", "เปลี่ยน", "?")
TRACK_WORDS = ("ติดตาม", "สถานะ", "เช็คสถานะ", "เช็กสถานะ", "ดูสถานะ", "สถานะเรื่อง", "ติดตามสถานะ",
               "ติดตามเรื่องที่แจ้ง", "เช็คเรื่อง", "ติดตามงาน")
CHANGE_WORDS = ("แก้", "เปลี่ยน", "ผิด")  # at the review step, with a field's name: change that answer
FIELD_WORDS = {"ที่ตั้ง": ("สถานที่", "ห้อง", "ที่อยู่", "location"), "อุปกรณ์": ("เครื่อง",),
               "เลขครุภัณฑ์": ("ครุภัณ",), "อาการ": ("ปัญหา",), "ความเร่งด่วน": ("เร่งด่วน", "ด่วน"),
               "ระบบ": ("หมวด",), "รายละเอียด": ()}
# Commands written inside a sentence ("รบกวนแจ้งซ่อมคอมหน่อยค่ะ"): after a polite opening the message starts with one
# of these (or ends with one of five letters or more) and asks no question (bot/register/intent.py).
COMMAND_PHRASES = {
    "repair": ("แจ้งซ่อม", "ซ่อม", "แจ้งเสีย", "repair"),
    "consult": ("ขอคำปรึกษา", "คำปรึกษา", "ปรึกษา", "คำแนะนำ", "แจ้งปัญหา", "สอบถามเรื่อง", "ถามเรื่อง", "สอบถาม",
                "มีเรื่องจะถาม", "มีเรื่องจะปรึกษา", "มีเรื่องปรึกษา", "consult"),
}
# Phrases that start a command only alone or with a system named ("ขอคำแนะนำเรื่องระบบ emis", not "…แผนการสอน").
WEAK_PHRASES = ("คำแนะนำ", "สอบถามเรื่อง", "ถามเรื่อง", "สอบถาม", "แจ้งปัญหา")
COMMAND_PHRASES |= {
    "track": ("ติดตามเรื่อง", "ติดตามสถานะ", "ติดตามงาน", "ตามเรื่อง", "เช็คสถานะ", "เช็กสถานะ", "ดูสถานะ",
              "ตรวจสอบสถานะ", "สถานะเรื่อง", "status"),
    "edit_profile": ("แก้ไขข้อมูล", "แก้ข้อมูล", "เปลี่ยนข้อมูล", "อัพเดทข้อมูล", "อัปเดตข้อมูล", "editprofile"),
    "faq": ("คำถามที่พบบ่อย", "คำถามพบบ่อย", "คำถามที่ถามบ่อย", "faq"),
    "borrow": ("ขอยืมอุปกรณ์", "ยืมอุปกรณ์", "ใช้อุปกรณ์", "ยืม"),
    "access": ("ขอสิทธิ์เข้าระบบ", "สิทธิ์เข้าระบบ", "ขอสิทธิ์", "สิทธิ์เข้าใช้"),
    "vconf": ("จองประชุมทางไกล", "จองห้องประชุมทางไกล", "จองห้องประชุม", "จองประชุม"),
}
QUESTION_WORDS = ("ไหม", "มั้ย", "มั๊ย", "ไม๊", "ยังไง", "อย่างไร", "ไง", "ไร", "กี่", "เมื่อไร", "เมื่อไหร่", "ทำไม",
                  "หรือเปล่า", "หรือไม่", "ไหน", "บ้าง", "ใคร", "ปะ", "ป่าว", "?")
# Requests a "…ได้ไหม" may start (the teacher asks to do it); other commands answer no "…ได้ไหม".
MAY_ASK = ("repair", "consult", "borrow", "access", "vconf")
FAQ_MENU_PARTS = ("พบบ่อย", "ถามบ่อย", "faq", "ถาม-ตอบ", "ถามตอบ")
# "ที่แจ้งไว้ถึงไหนแล้ว": an earlier request, and how it stands
EARLIER_REQUEST = ("ที่แจ้งไว้", "ที่แจ้งไป", "ที่แจ้งซ่อม", "ที่ปรึกษาไว้", "ที่ปรึกษาไป", "ที่ขอไว้", "แจ้งไว้", "แจ้งไป",
                   "แจ้งซ่อมไป", "แจ้งซ่อมไว้",
                   "ปรึกษาไว้", "เรื่องของฉัน", "เรื่องของผม", "เรื่องของหนู", "เรื่องของข่อย")
HOW_IT_STANDS = ("ถึงไหน", "ได้เรื่อง", "หรือยัง", "ยัง", "วันไหน", "คืบหน้า", "สถานะ")
# "ขอเปลี่ยนนามสกุลค่ะ": a change word right before a profile field, in a short message about the teacher
PROFILE_CHANGE = ("แก้ไข", "แก้", "เปลี่ยน", "อัพเดท", "อัปเดต")
PROFILE_FIELDS = ("ชื่อ", "นามสกุล", "ตำแหน่ง", "เบอร์", "โรงเรียน", "ข้อมูลส่วนตัว", "ข้อมูลของฉัน", "ข้อมูล", "โปรไฟล์")
NOT_PROFILE = ("นักเรียน", "dmc", "emis", "obec", "ระบบ", "รหัส", "อีเมล", "เว็บ", "ไฟล์", "ผู้ใช้", "user", "ครูคนอื่น",
               "เพจ", "ไลน์", "line", "oa", "แอดมิน", "เฟซ", "facebook", "สาย", "กพ7", "ก.พ.")
NOT_LISTED = "ไม่อยู่ในรายชื่อ"
NOT_LISTED_WORDS = (NOT_LISTED, "ไม่มีในรายชื่อ", "หน่วยงานอื่น", "ไม่มีในรายการ", "หาไม่เจอ", "ไม่เจอ", "ข้าม",
                    "ไม่มี")


def unlisted_school(name: str) -> str:
    """Mark a school typed by a teacher that is not on the office's list, for staff to check."""
    return f"{name} ⚠️ ไม่อยู่ในรายชื่อโรงเรียน (ผู้แจ้งพิมพ์เอง)"


HANDED_OVER_NOTE = "ผู้แจ้งกรอกแบบฟอร์มไม่ครบและให้เจ้าหน้าที่ดูต่อ ข้อความที่พิมพ์มาอยู่ในรายละเอียด"
YES_HERE = "ได้ครับ 🙂 ทำผ่านแชตนี้ได้เลย เริ่มกันเลยนะครับ"
EDITING_PROFILE = "แก้ไขข้อมูลผู้แจ้งครับ ✏️ ตอบใหม่ทีละข้อ (พิมพ์ \"ยกเลิก\" เพื่อใช้ข้อมูลเดิม)"


NO_OPEN_REQUESTS = "ตอนนี้ท่านไม่มีเรื่องที่กำลังดำเนินการครับ 🙂"
NOT_YOUR_REQUEST = "ไม่พบเรื่องเลขที่นี้ในรายการของท่านครับ"


SEND_STATES = {"queued": "ส่งแล้ว", "late": "ข้าม (เลยเวลา)", "quota": "ไม่ได้ส่ง (โควตาหมด)"}  # a reminder's record
UNDONE = "เลิกทำ"  # a staff member's undo, as the history shows it
# who did something, as a request's history shows it (staff by their name: "staff:สมชาย ใจดี" → "สมชาย ใจดี")
ACTORS = {"requester": "ผู้แจ้ง", "system:followup": "ระบบติดตามผล", "staff:-": "เจ้าหน้าที่"}

STAFF_ANSWER_HEAD = "💬 ตอบเรื่อง"
STAFF_PROGRESS_HEAD = "💬 ความคืบหน้าเรื่อง"
STAFF_ANSWER_ASK = "แก้ปัญหาได้แล้วหรือยังครับ กดปุ่มด้านล่างได้เลย"
STAFF_ANSWER_QUOTE = "เจ้าหน้าที่ตอบข้อความนี้ครับ 👇"  # quotes the teacher's message, just above the answer card


def staff_answer_alt(number: str, text: str, final: bool) -> str:
    """What a notification shows of a staff answer."""
    return f"{STAFF_ANSWER_HEAD if final else STAFF_PROGRESS_HEAD} {number}: {text[:80]}"


# What the teacher is told when staff change a record's status (other changes go unsaid): resolution at once,
# the others in the bot's next (free) reply to the teacher.
TOLD_NEXT_TIME = ("in_progress", "cancelled")
STATUS_NEWS = {
    "in_progress": "🔧 เจ้าหน้าที่กำลังดำเนินการเรื่อง {number} “{subject}” ครับ",
    "resolved": "✅ เรื่อง {number} “{subject}” ดำเนินการเสร็จแล้วครับ ใช้งานได้ตามปกติหรือยัง กดปุ่มด้านล่างได้เลย",
    "cancelled": "เรื่อง {number} “{subject}” ถูกยกเลิกแล้วครับ หากยังต้องการความช่วยเหลือ แจ้งใหม่ได้ตลอด",
}


def status_news(number: str, subject: str, status: str) -> str:
    return STATUS_NEWS[status].format(number=number, subject=subject)

WHICH_REQUEST = "ข้อความนี้เกี่ยวกับเรื่องไหนครับ แตะเลขเรื่องด้านล่าง หรือ \"เรื่องใหม่\""
WHICH_REQUEST_ASKS = ("ข้อความนี้เป็นเรื่องใหม่ คำถาม หรือเกี่ยวกับเรื่องที่แจ้งไว้ครับ "
                      "แตะเลขเรื่องเพื่อเพิ่มในเรื่องนั้น หรือเลือกด้านล่าง")
NEW_REQUEST = "เรื่องใหม่"
A_QUESTION = "เป็นคำถาม"


def thread_added(number: str) -> str:
    """Acknowledge a message added to an open request's thread."""
    return f"ส่งข้อความถึงเจ้าหน้าที่ในเรื่อง {number} แล้วครับ 🙏"

# ---- FAQ ----
FAQ_INTRO = "พิมพ์คำถามได้เลยครับ เช่น \"DMC เทอม 2 ส่งถึงวันไหน\" หรือเลือกหัวข้อที่ถามบ่อยด้านล่าง"
FAQ_HELPFUL = "คำตอบนี้ช่วยได้ไหมครับ"
FAQ_YES, FAQ_NO = "ช่วยได้", "ยังไม่ได้"
FAQ_CARD_HEAD = "💡 คำตอบจากคลังคำถาม"
FAQ_CALENDAR_TITLE = "ปฏิทินส่งข้อมูล"


def faq_source(category: str) -> str:
    return f"หมวด: {category} · กลุ่ม DLICT"
FAQ_THANKS = "ยินดีครับ 🙏"
FAQ_SORRY = "ขออภัยครับ จะส่งเรื่องให้เจ้าหน้าที่ช่วยดูต่อนะครับ กดปุ่มด้านล่างเพื่อเปิดเรื่องขอคำปรึกษา"
FAQ_SUGGEST = "ไม่แน่ใจว่าหมายถึงเรื่องไหน ลองเลือกหัวข้อด้านล่างครับ"
FAQ_NONE = "ยังไม่มีคำตอบสำหรับคำถามนี้ในคลังคำถามครับ ให้เจ้าหน้าที่ช่วยตอบไหม"
FAQ_OPEN_CONSULT = "ส่งให้เจ้าหน้าที่"
GREETING = "สวัสดีครับ 🙏 มีอะไรให้ช่วยไหมครับ พิมพ์คำถามหรือเลือกจากเมนูได้เลย"
THANKS_REPLY = "ยินดีครับ 🙏 มีอะไรเพิ่มเติมพิมพ์มาได้ตลอดนะครับ"


# ---- school groups and collection-round reminders ----
GROUP_ASK_SCHOOL = ("กลุ่มนี้เป็นกลุ่มของโรงเรียนใดครับ พิมพ์ชื่อหรือรหัสโรงเรียน (เช่น บ้านหนองบัว หรือ 1034150001) "
                    "เพื่อให้บอทแจ้งเตือนกำหนดส่งข้อมูล DMC, EMIS, B-OBEC ได้ถูกโรงเรียน\n"
                    "ถ้าเป็นกลุ่มรวมของเขตพื้นที่ กดปุ่ม \"กลุ่มรวมของเขต\"")
GROUP_AREA_WIDE = "กลุ่มรวมของเขต"
GROUP_SCHOOL_NOT_FOUND = "ไม่พบโรงเรียนนี้ในรายชื่อของเขตฯ ลองพิมพ์ชื่อให้ครบ หรือพิมพ์รหัสโรงเรียน 10 หลักครับ"
GROUP_NOT_LINKED = "กลุ่มนี้ยังไม่ได้ระบุโรงเรียน พิมพ์ชื่อหรือรหัสโรงเรียนก่อนนะครับ"


def group_linked(school: str) -> str:
    return (f"บันทึกแล้วครับ ✅ กลุ่มนี้คือกลุ่มของโรงเรียน{school}\n"
            "บอทจะแจ้งเตือนกำหนดส่งข้อมูลในกลุ่มนี้ เมื่อบันทึกข้อมูลเสร็จ พิมพ์ \"ส่งแล้ว\" ได้เลยครับ")


GROUP_LINKED_AREA = "บันทึกแล้วครับ ✅ กลุ่มนี้เป็นกลุ่มรวมของเขต จะได้รับแจ้งเตือนทุกรอบพร้อมความคืบหน้าของโรงเรียน"


def group_claim_pending(school: str) -> str:
    """Tell a group its claim to be a school's group waits for the office."""
    return (f"รับทราบครับ กลุ่มนี้แจ้งว่าเป็นกลุ่มของโรงเรียน{school} ⏳ รอเจ้าหน้าที่สำนักงานเขตฯ ยืนยันก่อน "
            "แล้วบอทจะเริ่มแจ้งเตือนกำหนดส่งข้อมูลในกลุ่มนี้ครับ")


GROUP_CLAIM_PENDING_AREA = ("รับทราบครับ กลุ่มนี้แจ้งว่าเป็นกลุ่มรวมของเขต ⏳ รอเจ้าหน้าที่สำนักงานเขตฯ ยืนยันก่อน "
                            "แล้วบอทจะเริ่มแจ้งเตือนในกลุ่มนี้ครับ")


def group_approved(school: str) -> str:
    """Tell a group the office confirmed which school it is."""
    return (f"สำนักงานเขตฯ ยืนยันแล้วครับ ✅ กลุ่มนี้คือกลุ่มของโรงเรียน{school}\n"
            "บอทจะแจ้งเตือนกำหนดส่งข้อมูลในกลุ่มนี้ เมื่อบันทึกข้อมูลเสร็จ พิมพ์ \"ส่งแล้ว\" ได้เลยครับ")


GROUP_APPROVED_AREA = "สำนักงานเขตฯ ยืนยันแล้วครับ ✅ กลุ่มนี้เป็นกลุ่มรวมของเขต จะได้รับแจ้งเตือนทุกรอบพร้อมความคืบหน้าของโรงเรียน"
GROUP_CLAIM_REJECTED = ("สำนักงานเขตฯ ยังไม่ยืนยันโรงเรียนของกลุ่มนี้ครับ บอทจึงยังไม่แจ้งเตือนในกลุ่มนี้ "
                        "หากเป็นกลุ่มของโรงเรียนจริง กรุณาติดต่อกลุ่ม DLICT ของสำนักงานเขตฯ")
GROUP_AWAITING_APPROVAL = ("กลุ่มนี้ยังรอสำนักงานเขตฯ ยืนยันโรงเรียนอยู่ครับ จึงยังบันทึกว่าส่งแล้วไม่ได้ "
                           "หากรอนาน กรุณาติดต่อกลุ่ม DLICT ของสำนักงานเขตฯ")
CLAIM_APPROVE, CLAIM_REJECT = "อนุมัติ", "ไม่อนุมัติ"
CLAIM_STAFF_ONLY = "ปุ่มนี้ใช้ได้เฉพาะในกลุ่มเจ้าหน้าที่ของสำนักงานเขตฯ ครับ"
CLAIM_ALREADY_APPROVED = "คำขอนี้อนุมัติไปแล้วครับ (แก้ไขได้ที่หน้าเว็บ กลุ่ม/โรงเรียน)"
CLAIM_STALE = "คำขอนี้ไม่เป็นปัจจุบันแล้วครับ (พิจารณาไปแล้ว หรือกลุ่มแจ้งใหม่) ดูสถานะล่าสุดที่หน้าเว็บ กลุ่ม/โรงเรียน"


def school_label(name: str, code: str) -> str:
    return f"โรงเรียน{name} ({code})"


def _claimed(school: str | None) -> str:
    """Name what a group claims to be: one school's group, or (None) the area-wide group."""
    return f"กลุ่มของ{school}" if school else GROUP_AREA_WIDE


def staff_group_claim(group: str, school: str | None, rivals: list[str]) -> str:
    """Ask staff to approve a group's claim; warn when other groups already have that school."""
    lines = [f"🏫 กลุ่ม LINE “{group}” แจ้งว่าเป็น{_claimed(school)} รอการอนุมัติ"]
    if rivals:
        lines.append(f"⚠️ {school} มีกลุ่มอยู่แล้ว: " + ", ".join(f"“{r}”" for r in rivals)
                     + " ตรวจสอบก่อนอนุมัติ เพราะกลุ่มที่อนุมัติแจ้ง \"ส่งแล้ว\" แทนโรงเรียนได้")
    lines.append("อนุมัติแล้วกลุ่มนี้จะได้รับแจ้งเตือนกำหนดส่งข้อมูล (กดปุ่มด้านล่าง หรือที่หน้าเว็บ กลุ่ม/โรงเรียน)")
    return "\n".join(lines)


def rival_group(name: str, approved: bool) -> str:
    return f"{name} ({'อนุมัติแล้ว' if approved else 'รออนุมัติ'})"


def claim_approved(group: str, school: str | None) -> str:
    return f"✅ อนุมัติแล้ว: กลุ่ม “{group}” เป็น{_claimed(school)} แจ้งกลุ่มแล้ว"


def claim_rejected(group: str, school: str | None) -> str:
    return f"❌ ไม่อนุมัติให้กลุ่ม “{group}” เป็น{_claimed(school)} แจ้งกลุ่มให้ติดต่อสำนักงานเขตฯ แล้ว"
ROUND_DONE_BUTTON = "บันทึกข้อมูลแล้ว"


def round_done(school: str, round_name: str) -> str:
    return f"รับทราบครับ ✅ โรงเรียน{school} บันทึก{round_name}เรียบร้อยแล้ว จะไม่แจ้งเตือนรอบนี้อีก ขอบคุณครับ 🙏"


def round_already_done(school: str, round_name: str) -> str:
    return f"โรงเรียน{school} แจ้งว่าบันทึก{round_name}แล้วครับ 👍"


NO_OPEN_ROUND = "ตอนนี้ไม่มีรอบการจัดเก็บข้อมูลที่เปิดอยู่ครับ"
WHICH_ROUND = "บันทึกข้อมูลของรอบไหนครับ"
ROUND_BUTTON_STALE = "ปุ่มนี้ใช้ไม่ได้แล้วครับ เมื่อบันทึกข้อมูลเสร็จ พิมพ์ \"ส่งแล้ว\" ในกลุ่มได้เลย"


def round_not_open(round_name: str, opens: str) -> str:
    return f"{round_name} ยังไม่เปิดให้บันทึกข้อมูลครับ (เปิด {opens}) จึงยังบันทึกว่าส่งแล้วไม่ได้"


def round_closed(round_name: str) -> str:
    return f"{round_name} ปิดรับข้อมูลไปแล้วครับ หากบันทึกไว้แล้ว แจ้งกลุ่ม DLICT ของสำนักงานเขตฯ ได้เลย"


def reminder(name: str, system: str, window: str, as_of: str | None, days_left: int, deadline: str,
             announcement: str, opening: bool, progress: tuple[int, int] | None) -> str:
    """Write one reminder of a collection round for a school group (progress: done, total for area groups)."""
    if opening:
        lead = f"📢 เปิดให้บันทึกข้อมูล {name} แล้ววันนี้"
    elif days_left <= 0:
        lead = f"⏰ วันนี้เป็นวันสุดท้ายของการบันทึกข้อมูล {name}"
    else:
        lead = f"⏳ อีก {days_left} วันจะถึงกำหนดส่ง {name} ({deadline})"
    lines = [lead, f"ระบบ {system} · บันทึกข้อมูลได้ {window}"]
    if as_of:
        lines.append(f"ข้อมูล ณ วันที่ {as_of}")
    if announcement:
        lines.append(announcement)
    if progress is not None:
        lines.append(f"ส่งแล้ว {progress[0]} จาก {progress[1]} โรงเรียน")
    else:
        lines.append("เมื่อบันทึกเสร็จ พิมพ์ \"ส่งแล้ว\" หรือกดปุ่ม \"บันทึกข้อมูลแล้ว\" ครับ")
    lines.append("(วันเวลาอาจเปลี่ยนตามประกาศของ สพฐ.)")
    return "\n".join(lines)


def quota_warning(round_name: str, month: str, needed: int, available: int) -> str:
    return (f"⚠️ โควตาข้อความ LINE เดือน{month} อาจไม่พอสำหรับการแจ้งเตือน {round_name}: "
            f"ต้องใช้ประมาณ {needed:,} ข้อความ เหลือ {available:,} ข้อความ "
            "(ข้อความในกลุ่มนับตามจำนวนสมาชิก) พิจารณาเพิ่มแพ็กเกจหรือลดรอบการแจ้งเตือน")


def quota_exhausted(until: str) -> str:
    return (f"⛔ LINE แจ้งว่าใช้ข้อความครบโควตาของเดือนนี้แล้ว บอทหยุดส่งข้อความแบบ push (แจ้งเตือน, ตอบกลับล่าช้า) "
            f"จนถึง {until} หรือจนกว่าจะเพิ่มโควตาแล้วสั่ง `bot reminders unblock` · การตอบทันทีด้วย reply ยังใช้ได้")


def reminders_skipped(round_name: str, when: str, count: int, reason: str) -> str:
    why = {"late": "เลยเวลาส่งเกินช่วงที่กำหนด (ระบบหยุดทำงานช่วงนั้น)",
           "quota": "โควตาข้อความ LINE ของเดือนนี้หมด"}.get(reason, reason)
    return f"⚠️ ไม่ได้ส่งแจ้งเตือน {round_name} รอบ {when} ไปยัง {count} กลุ่ม เพราะ{why}"


def report_ready(period: str, link: str) -> str:
    return f"📊 รายงานสถิติ{period} พร้อมแล้ว ดาวน์โหลดได้ที่ {link} (ต้องเข้าสู่ระบบเจ้าหน้าที่)"


# ---- follow-up and the satisfaction survey ----
FOLLOWUP_SOLVED, FOLLOWUP_PROBLEM = "solved", "problem"
FOLLOWUP_SOLVED_LABEL = "แก้ไขได้แล้ว"
FOLLOWUP_PROBLEM_LABEL = "ยังมีปัญหา"
# The same answers typed: a message that begins so answers the follow-up of the one request waiting for it.
TYPED_OUTCOMES = {
    FOLLOWUP_SOLVED: (FOLLOWUP_SOLVED_LABEL, "แก้ได้แล้ว", "ใช้ได้แล้ว", "ได้แล้ว", "หายแล้ว", "เรียบร้อยแล้ว",
                      "ดีแล้ว", "โอเคแล้ว", "ok แล้ว"),
    FOLLOWUP_PROBLEM: (FOLLOWUP_PROBLEM_LABEL, "ยังใช้ไม่ได้", "ยังเสีย", "ยังไม่หาย", "ยังเป็นอยู่",
                       "ยังเหมือนเดิม", "ไม่หาย", "ยังแก้ไม่ได้"),
}


def followup_question(items: list[tuple[str, str]]) -> str:
    """Ask how it went, for one or several requests answered a few days ago: items are (number, subject)."""
    if len(items) == 1:
        number, subject = items[0]
        return (f"สวัสดีครับ ติดตามผลเรื่อง {number} “{subject}” ที่เจ้าหน้าที่ได้ตอบไปแล้ว "
                "ตอนนี้เป็นอย่างไรบ้างครับ มีปัญหาหรืออุปสรรคอะไรไหม กดปุ่มด้านล่างได้เลยครับ")
    lines = "\n".join(f"• {number} {subject}" for number, subject in items)
    return f"สวัสดีครับ ติดตามผลเรื่องที่เจ้าหน้าที่ตอบไปแล้ว:\n{lines}\nแต่ละเรื่องเป็นอย่างไรบ้างครับ กดปุ่มด้านล่างได้เลย"


ASK_UNDERSTANDING = "คำแนะนำที่ได้รับ ท่านเข้าใจมากน้อยเพียงใดครับ"
ASK_SATISFACTION = "ความพึงพอใจต่อการให้บริการครั้งนี้ครับ"
ASK_COMMENT = "มีข้อเสนอแนะเพิ่มเติมไหมครับ พิมพ์มาได้เลย"
SURVEY_THANKS = "ขอบคุณสำหรับการประเมินครับ 🙏 ปิดเรื่องเรียบร้อยแล้ว หากมีปัญหาอีกทักมาได้ตลอดครับ"
COMMENT_THANKS = "ได้รับข้อเสนอแนะแล้ว ขอบคุณมากครับ 🙏"
FOLLOWUP_REOPENED = "รับทราบครับ เปิดเรื่องอีกครั้งแล้ว เจ้าหน้าที่จะติดต่อกลับโดยเร็ว เล่ารายละเอียดเพิ่มเติมในแชตนี้ได้เลยครับ"
FOLLOWUP_ALREADY = "เรื่องนี้ได้รับคำตอบของท่านไว้แล้วครับ ขอบคุณครับ 🙏"
FOLLOWUP_NOT_YOURS = "ไม่พบเรื่องนี้ในรายการของท่านครับ"


NOT_UNDERSTOOD = "ขออภัยที่อธิบายไม่ชัดครับ 🙏 ให้เจ้าหน้าที่ช่วยต่อแบบไหนดีครับ"
HELP_CHOICES = {"call": "ขอให้โทรกลับ", "explain": "ขอคำอธิบายเพิ่ม", "fine": "ไม่เป็นไร"}


def help_coming(call: bool, phone: str | None) -> str:
    """Tell a teacher who did not understand the answer what happens now."""
    if call and phone:
        return f"รับทราบครับ เปิดเรื่องอีกครั้งแล้ว เจ้าหน้าที่จะโทรกลับที่เบอร์ {phone} โดยเร็ว 📞"
    if call:
        return "รับทราบครับ เปิดเรื่องอีกครั้งแล้ว พิมพ์เบอร์โทรที่สะดวกไว้ในแชตนี้ได้เลย เจ้าหน้าที่จะโทรกลับครับ 📞"
    return "รับทราบครับ เปิดเรื่องอีกครั้งแล้ว พิมพ์ส่วนที่ยังไม่เข้าใจไว้ในแชตนี้ได้เลย เจ้าหน้าที่จะอธิบายเพิ่มครับ"


def staff_needs_help(number: str, subject: str, call: bool, phone: str | None) -> str:
    want = f"ขอให้โทรกลับ ({phone or 'ยังไม่ให้เบอร์'})" if call else "ขอคำอธิบายเพิ่ม"
    return f"🔁 {number} “{subject}”: ผู้ขอยังไม่เข้าใจคำแนะนำ {want} เปิดเรื่องอีกครั้งแล้ว"


def following_ended(number: str) -> str:
    return f"รับทราบครับ ข้อความต่อจากนี้จะไม่ส่งเข้าเรื่อง {number} แล้ว หากมีอะไรเพิ่มเติมพิมพ์เลขที่เรื่องได้ตลอดครับ"


def staff_reopened(number: str, subject: str) -> str:
    return f"🔁 {number} “{subject}”: ผู้ขอแจ้งว่ายังมีปัญหา เปิดเรื่องอีกครั้งแล้ว"


FOLLOWUP_CARD_HEAD = "ติดตามผลเรื่อง"
FOLLOWUP_CARD_ASK = "ตอนนี้เป็นอย่างไรบ้างครับ มีปัญหาหรืออุปสรรคอะไรไหม"


# ---- faults: nothing is dropped silently ----
EVENT_SET_ASIDE = ("ขออภัยครับ ระบบดำเนินการกับข้อความนี้ไม่ได้ แจ้งเจ้าหน้าที่ให้แล้ว "
                   "กรุณาลองพิมพ์ใหม่อีกครั้ง หรือเลือกจากเมนูด้านล่างครับ")


def event_set_aside(event_id: int, event_type: str, when: str, error: str) -> str:
    return (f"⚠️ ข้อความจาก LINE #{event_id} ({event_type}) เมื่อ {when} ประมวลผลไม่ได้ ({error}) "
            "จึงพักไว้และให้แชตนั้นทำงานต่อ ดูได้ที่ /healthz และคำสั่ง bot notices")


def line_unreachable(count: int, since: str) -> str:
    return (f"⚠️ LINE ไม่ตอบรับตั้งแต่ {since}: มีข้อความรอส่ง {count} รายการ "
            "ระบบจะส่งให้เองเมื่อ LINE กลับมา ไม่มีข้อความใดถูกทิ้ง")


# ---- what the bot is not for, and small talk ----
def not_ours(group: str | None, contact: str | None) -> str:
    """Say a question is another group's work, naming the group and how to reach it where known."""
    who = f"ของ{group}" if group else "ของกลุ่มงานอื่นในสำนักงานเขตฯ"
    reach = f" ติดต่อได้ที่ {contact}" if contact else " ติดต่อสำนักงานเขตฯ ได้โดยตรง"
    return (f"เรื่องนี้เป็นงาน{who} ไม่ใช่งานของกลุ่ม DLICT (ระบบสารสนเทศ เทคโนโลยี และการศึกษาทางไกล) "
            f"จึงตอบแทนไม่ได้ครับ{reach}")


CHAT_REPLY = "ยินดีครับ 😊 มีเรื่องระบบสารสนเทศ อุปกรณ์ หรือการส่งข้อมูลให้ช่วย พิมพ์มาได้เลยครับ"
REQUEST_STARTS = {
    "repair": "รับแจ้งซ่อมครับ 🛠",
    "consult": "รับเรื่องขอคำปรึกษาครับ 📝",
    "borrow": "รับเรื่องขอยืม/ขอใช้อุปกรณ์ครับ 📦",
    "access": "รับเรื่องขอสิทธิ์เข้าระบบสารสนเทศครับ 🔑",
    "vconf": "รับเรื่องจองห้องประชุมทางไกลครับ 🎥",
}
PROFILE_FIRST = "ขอข้อมูลผู้แจ้งก่อน (ครั้งแรกครั้งเดียว)"


def request_starts(kind: str, profile_first: bool) -> str:
    """Say which request has started (and that the profile comes first for a new teacher)."""
    return f"{REQUEST_STARTS[kind]} {PROFILE_FIRST}" if profile_first else REQUEST_STARTS[kind]


# ---- the rich menu (drawn by `bot richmenu install`) and what its buttons send ----
MENU_CALENDAR = "ปฏิทินส่งข้อมูล"
MENU_CONTACT = "ติดต่อเจ้าหน้าที่"
RICHMENU_CHAT_BAR = "เมนู"
RICHMENU_TEACHER = (("ขอคำปรึกษา", MENU_CONSULT), ("แจ้งซ่อม", MENU_REPAIR), ("คำถามที่พบบ่อย", MENU_FAQ),
                    ("ติดตามเรื่อง", MENU_TRACK), ("ปฏิทินส่งข้อมูล", MENU_CALENDAR), ("ติดต่อเจ้าหน้าที่", MENU_CONTACT))
NO_ROUNDS = "ตอนนี้ยังไม่มีรอบส่งข้อมูลที่กำลังจะถึงในปฏิทินครับ"


def calendar_list(rows: list[tuple[str, str, str, int | None]]) -> str:
    """List the coming collection rounds: name, opens, closes (BE dates), days left if open now."""
    lines = ["📅 ปฏิทินส่งข้อมูลที่กำลังจะถึง"]
    for name, opens, closes, left in rows:
        state = f" (เปิดอยู่ เหลือ {left} วัน)" if left is not None and left > 0 else \
            " (วันสุดท้ายวันนี้)" if left == 0 else ""
        lines.append(f"• {name}: {opens} – {closes}{state}")
    return "\n".join(lines)


def contact(name: str, phone: str, hours: str) -> str:
    """Tell a teacher how to reach the ICT staff."""
    return (f"ติดต่อ{name}\nโทร {phone}\nเวลาทำการ {hours}\n"
            "หรือพิมพ์เรื่องที่ต้องการไว้ในแชตนี้ได้เลย เจ้าหน้าที่จะตอบกลับทาง LINE ครับ")


# ---- Flex cards (their plain-text form is what logs and the CLI show) ----
CARD_RECEIVED = "รับเรื่องแล้ว ✅"
CARD_KIND = "ประเภท"
CARD_SUBJECT = "เรื่อง"
CARD_STATUS = "สถานะ"
CARD_RECEIVED_AT = "รับเรื่อง"
CARD_LAST_ANSWER = "คำตอบล่าสุด"
CARD_NEXT = "ขั้นตอนถัดไปตามคู่มือ"
CARD_TRACK_HINT = "พิมพ์เลขที่เรื่องเพื่อดูสถานะได้ตลอดครับ"


def receipt_alt(number: str) -> str:
    return f"รับเรื่องเลขที่ {number} แล้ว"


def request_alt(number: str) -> str:
    return f"สถานะเรื่องเลขที่ {number}"


def my_requests_alt(count: int) -> str:
    return f"เรื่องของท่านที่กำลังดำเนินการ {count} เรื่อง"


# ---- binding a staff member's LINE account (the code comes from the admin page) ----
LINE_CODE_WRONG = "รหัสไม่ถูกต้องหรือหมดอายุแล้วครับ ขอรหัสใหม่ได้ที่หน้าเว็บเจ้าหน้าที่ เมนู \"ผูก LINE\""
LINE_CODE_PRIVATE = "พิมพ์รหัสผูกบัญชีในแชต 1:1 กับบอทครับ ไม่ใช่ในกลุ่ม"


def line_bound(name: str) -> str:
    return f"ผูกบัญชี LINE นี้กับเจ้าหน้าที่ {name} แล้วครับ ✅"


# ---- the command line ----
FIRST_ADMIN_NAME = "ชื่อ"  # in the command `make run` prints while no staff account exists: the name to show
