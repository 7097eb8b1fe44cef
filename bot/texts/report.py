"""The statistics report's Thai headings: the manual's form names, the summary's sections, the register's columns."""

from __future__ import annotations

# Seed 004, forms 7.2 of the processes "สนับสนุนและให้คำปรึกษา แนะนำ…" and "ดำเนินการศึกษา วิเคราะห์ วางแผน และ
# ปฏิบัติงานระบบคอมพิวเตอร์…" (the manuals name the forms; they print no form, so no headings inside them).
CONSULT_REPORT = "สรุปรายงานสถิติการให้คำปรึกษาด้านระบบข้อมูลสารสนเทศและเทคโนโลยีดิจิทัลเพื่อการศึกษา"
SERVICE_REPORT = "รายงานข้อมูลสถิติการให้บริการด้านระบบคอมพิวเตอร์และเทคโนโลยีสารสนเทศและการสื่อสาร"
SUMMARY_SHEET, REGISTER_SHEET = "สรุป", "ทะเบียน"  # a sheet's name may not hold "/" and has at most 31 characters

# The summary's sections; the manual's own words where it has them (seed 004: step 5 "จำแนกประเภทการให้คำปรึกษา
# คำแนะนำ", the process table's column "เวลาดำเนินงาน", step 5.5 and step 6, the forms แบบบันทึกการขอรับบริการ,
# แบบแจ้งซ่อมวัสดุอุปกรณ์ and แบบประเมินความพึงพอใจ).
TOTAL = "จำนวนเรื่องทั้งหมด"
BY_CATEGORY = "ประเภทการให้คำปรึกษา คำแนะนำ"
BY_CHANNEL = "ช่องทางการให้คำปรึกษา แนะนำ"
TIMES = "เวลาดำเนินงาน"
UNDERSTANDING = "ประเมินความเข้าใจของผู้ขอรับคำปรึกษา"
FOLLOWUP = "ติดตามผลการให้คำปรึกษา แนะนำ"
FAQ = "คำตอบจากคลังคำถาม (FAQ)"
UNANSWERED = "คำถามที่ยังตอบไม่ได้ (บ่อยที่สุด)"
BY_KIND = "ประเภทการขอรับบริการ"
BY_EQUIPMENT = "แจ้งซ่อมวัสดุอุปกรณ์ (ตามอุปกรณ์)"
BY_STATUS = "ตามสถานะ"
BY_SCHOOL = "ตามโรงเรียน"
BY_DISTRICT = "ตามอำเภอ"
SATISFACTION = "ผลการประเมินความพึงพอใจ"

COUNT = "จำนวน"
ALL = "รวม"
NO_DATA = "ไม่มีข้อมูล"
MEAN = "ค่าเฉลี่ย (1–5)"
RATED = "จำนวนผู้ประเมิน"


def generated(when: str) -> str:
    return f"จัดทำ {when}"


def others(count: int) -> str:
    """Label the row that sums up what a short table leaves out."""
    return f"อื่น ๆ ({count} รายการ)"


def times(first_days: int, resolve_days: int) -> list[str]:
    """Label the time figures, in the order `sections` gives them."""
    return ["ตอบครั้งแรก: มัธยฐาน (ชั่วโมง)", "ตอบครั้งแรก: เปอร์เซ็นไทล์ที่ 90 (ชั่วโมง)",
            f"ตอบภายใน {first_days} วันทำการตามคู่มือ (%)", "แก้ไขเสร็จ: มัธยฐาน (ชั่วโมง)",
            "แก้ไขเสร็จ: เปอร์เซ็นไทล์ที่ 90 (ชั่วโมง)", f"แก้ไขเสร็จภายใน {resolve_days} วันทำการ (%)"]


# The register's columns, by the field they show.
COLUMNS = {
    "order": "ลำดับ", "number": "เลขที่", "received_at": "วันที่รับเรื่อง", "channel": "ช่องทาง", "kind": "ประเภท",
    "category": "หมวด", "subject": "เรื่อง", "details": "รายละเอียด", "equipment": "อุปกรณ์",
    "asset_number": "เลขครุภัณฑ์", "location": "ห้อง/ที่ตั้ง", "requester": "ผู้ขอ", "position": "ตำแหน่ง",
    "phone": "โทร", "school_code": "รหัสโรงเรียน", "school": "โรงเรียน", "district": "อำเภอ",
    "urgency": "ความเร่งด่วน", "status": "สถานะ", "assigned_to": "ผู้รับผิดชอบ", "first_response_at": "ตอบครั้งแรก",
    "resolved_at": "แก้ไขเสร็จ", "closed_at": "ปิดเรื่อง", "followup_result": "ผลการติดตาม",
    "understanding": "ความเข้าใจ", "satisfaction": "ความพึงพอใจ (1–5)", "comment": "ความคิดเห็น",
}
