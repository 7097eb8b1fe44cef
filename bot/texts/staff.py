"""What the bot says to ICT staff in LINE: the staff group's cards, their buttons, answers to staff commands."""

from __future__ import annotations

# ---- the commands (typed, or sent by the staff rich menu's buttons) ----
BACKLOG = "งานค้าง"
MINE = "เรื่องของฉัน"
NEXT = "รับเรื่องถัดไป"
TODAY = "สรุปวันนี้"
HELP = "คำสั่งเจ้าหน้าที่"
RICHMENU_STAFF = ((BACKLOG, BACKLOG), (MINE, MINE), (NEXT, NEXT), (TODAY, TODAY))
RICHMENU_STAFF_CHAT_BAR = "เมนูงาน ICT"
RICHMENU_STAFF_BAND = "เมนูเจ้าหน้าที่"
# verbs before a request number: "ตอบ ICT-2570-0001 ข้อความ", "ปิด ICT-2570-0001"
ANSWER_VERBS = ("ตอบ",)
PROGRESS_VERBS = ("คืบหน้า", "แจ้งความคืบหน้า")
VERB_STATUS = {"ดำเนินการ": "in_progress", "กำลังดำเนินการ": "in_progress", "เสร็จ": "done", "แก้ไขแล้ว": "done",
               "ปิด": "closed", "ปิดเรื่อง": "closed"}
CLAIM_VERBS = ("รับ", "รับเรื่อง")
SHOW_VERBS = ("ดู", "ดูรายละเอียด")

# ---- buttons on the cards ----
CLAIM = "รับเรื่อง"
SHOW = "ดูรายละเอียด"
SET_IN_PROGRESS = "กำลังดำเนินการ"
SET_DONE = {"repair": "แก้ไขแล้ว", "other": "ตอบแล้ว"}
SET_CLOSED = "ปิดเรื่อง"
CONFIRM_CLOSE = "ยืนยันปิดเรื่อง"
KEEP_OPEN = "ยังไม่ปิด"

# ---- the cards ----
NEW_HEAD = "📥 เรื่องใหม่"
DETAIL_HEAD = "📄 รายละเอียดเรื่อง"
SCHOOL = "โรงเรียน"
REQUESTER = "ผู้แจ้ง"
KIND = "ประเภท"
SUBJECT = "เรื่อง"
DETAILS = "รายละเอียด"
EQUIPMENT = "อุปกรณ์"
ASSET = "เลขครุภัณฑ์"
ROOM = "สถานที่"
URGENCY = "ความเร่งด่วน"
STATUS = "สถานะ"
ASSIGNED = "ผู้รับผิดชอบ"
NOBODY = "ยังไม่มีผู้รับ"
AGE = "รอมาแล้ว"
THREAD = "ข้อความล่าสุด"
TEACHER = "ครู"  # who wrote a thread line, beside the staff member's name
LATE = "เลยกำหนดตอบ"
ANSWER_HINT = "ตอบครู: กดค้างที่การ์ดนี้แล้วเลือก \"ตอบกลับ\" หรือพิมพ์ ตอบ {number} ข้อความ"
BACKLOG_EMPTY = "ไม่มีงานค้างครับ 🎉"
MINE_EMPTY = "ไม่มีเรื่องที่คุณรับผิดชอบค้างอยู่ครับ"
NEXT_NONE = "ไม่มีเรื่องที่ยังไม่มีผู้รับครับ 🎉"
BACKLOG_MORE = "และอีก {count} เรื่อง ดูทั้งหมดที่หน้าเว็บเจ้าหน้าที่"
STAFF_ONLY_HERE = "คำสั่งนี้ใช้ได้ในกลุ่มเจ้าหน้าที่ หรือแชต 1:1 ของเจ้าหน้าที่ที่ผูกบัญชีแล้วครับ"
NOT_BOUND = ("บัญชี LINE นี้ยังไม่ได้ผูกกับบัญชีเจ้าหน้าที่ จึงรับหรือตอบเรื่องจากกลุ่มไม่ได้ครับ\n"
             "ผูกได้ที่หน้าเว็บเจ้าหน้าที่ เมนู \"ผูก LINE\" แล้วพิมพ์รหัสในแชต 1:1 กับบอท")
NOT_BOUND_NOTICE = "มีสมาชิกในกลุ่มเจ้าหน้าที่ที่ยังไม่ได้ผูกบัญชี LINE พยายามรับหรือตอบเรื่องจากกลุ่ม"
NOT_FOUND = "ไม่พบเรื่องเลขที่นี้ครับ"
STALE = "การ์ดนี้เก่าแล้ว หรือเรื่องถูกลบไปแล้วครับ"
EMPTY_ANSWER = "พิมพ์คำตอบต่อท้ายเลขที่เรื่องด้วยครับ เช่น ตอบ {number} ข้อความ"
KEPT_OPEN = "ยังไม่ปิดเรื่อง {number} ครับ"
HELP_TEXT = ("คำสั่งเจ้าหน้าที่ 🛠\n• งานค้าง · เรื่องของฉัน · รับเรื่องถัดไป · สรุปวันนี้\n"
             "• ตอบ ICT-2570-0001 ข้อความ (หรือกดค้างที่การ์ดแล้ว \"ตอบกลับ\")\n"
             "• คืบหน้า ICT-2570-0001 ข้อความ (แจ้งความคืบหน้า ยังไม่ปิดงาน)\n"
             "• ดำเนินการ / เสร็จ / ปิด ICT-2570-0001\n• ดู ICT-2570-0001")


def new_alt(number: str, school: str, subject: str) -> str:
    """What a notification shows of a new request."""
    return f"เรื่องใหม่ {number} {school}: {subject[:80]}"


def detail_alt(number: str) -> str:
    return f"รายละเอียดเรื่อง {number}"


def backlog_alt(count: int) -> str:
    return f"งานค้าง {count} เรื่อง"


def backlog_head(count: int, late: int) -> str:
    return f"งานค้าง {count} เรื่อง" + (f" · เลยกำหนด {late}" if late else "")


def mine_head(count: int, late: int) -> str:
    return f"เรื่องของฉัน {count} เรื่อง" + (f" · เลยกำหนด {late}" if late else "")


def answer_by(when: str) -> str:
    return f"ตอบภายใน {when}"


def claimed(name: str, number: str) -> str:
    return f"✅ {name} รับเรื่อง {number} แล้ว"


def claimed_by_other(name: str, number: str) -> str:
    return f"เรื่อง {number} มีผู้รับไปแล้ว: {name}"


def already_yours(number: str) -> str:
    return f"คุณรับเรื่อง {number} ไว้แล้วครับ"


def not_open(number: str, status: str) -> str:
    return f"เรื่อง {number} อยู่ในสถานะ \"{status}\" แล้ว รับเรื่องไม่ได้ครับ"


def answered(number: str, status: str, to_line: bool) -> str:
    where = "ส่งคำตอบถึงผู้แจ้งทาง LINE แล้ว" if to_line else "บันทึกคำตอบแล้ว (ผู้แจ้งไม่ได้ติดต่อทาง LINE: แจ้งทางช่องทางเดิม)"
    return f"💬 {number}: {where} · สถานะ: {status}"


def progress_sent(number: str, to_line: bool) -> str:
    where = "ส่งความคืบหน้าถึงผู้แจ้งแล้ว" if to_line else "บันทึกความคืบหน้าแล้ว"
    return f"💬 {number}: {where}"


def status_set(number: str, status: str, name: str) -> str:
    return f"{number}: เปลี่ยนสถานะเป็น \"{status}\" แล้ว ({name})"


def status_refused(number: str, current: str, wanted: str) -> str:
    return f"{number} อยู่ในสถานะ \"{current}\" เปลี่ยนเป็น \"{wanted}\" ไม่ได้ครับ"


def confirm_close(number: str) -> str:
    return f"ปิดเรื่อง {number} ใช่ไหมครับ? ปิดแล้วผู้แจ้งจะไม่ได้รับการติดตามผลอีก"


def today(day: str, new: int, answered_: int, closed: int, open_: int, late: int, mine: int) -> str:
    """Summarise the day for staff."""
    return (f"📊 สรุปวันนี้ {day}\n• เรื่องใหม่ {new}\n• ตอบแล้ว {answered_}\n• ปิดเรื่อง {closed}\n"
            f"• ค้างอยู่ทั้งหมด {open_} (เลยกำหนดตอบ {late})\n• ของคุณ {mine}")
