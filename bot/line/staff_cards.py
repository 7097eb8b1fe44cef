"""The Flex cards staff get in LINE: a new request (รับเรื่อง / ดูรายละเอียด), its details, what waits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot import postbacks
from bot.line import flex
from bot.texts import staff as st

WHITE, GREEN, RED = "#FFFFFF", "#0B6E4F", "#B3261E"
MAX_ROWS = 10  # requests listed on one "งานค้าง" card; the rest are on the admin page


@dataclass(frozen=True)
class StaffView:
    """A request as staff see it on a card (every field already in words)."""

    ticket_id: int
    number: str
    kind: str
    subject: str
    school: str
    requester: str
    urgency: str
    urgent: bool
    status: str
    assignee: str | None
    age: str
    due: str  # when it must be answered, or that it is late
    late: bool
    details: str | None = None
    equipment: str | None = None
    asset: str | None = None
    location: str | None = None
    note: str | None = None  # e.g. the teacher handed an unfinished form over
    thread: tuple[str, ...] = ()
    statuses: tuple[tuple[str, str], ...] = ()  # (button label, status) the register allows next


def _header(title: str, view: StaffView) -> list[dict[str, Any]]:
    return [flex.text(title, color=WHITE, size="sm"), flex.text(view.number, color=WHITE, size="xl", bold=True)]


def _claim(view: StaffView) -> dict[str, Any]:
    return flex.postback_button(st.CLAIM, postbacks.data(postbacks.STAFF_CLAIM, t=view.ticket_id),
                                f"{st.CLAIM} {view.number}", primary=True)


def _show(view: StaffView) -> dict[str, Any]:
    return flex.postback_button(st.SHOW, postbacks.data(postbacks.STAFF_SHOW, t=view.ticket_id),
                                f"{st.SHOW} {view.number}")


def _colour(view: StaffView) -> str:
    return RED if view.urgent or view.late else GREEN


def new_request(view: StaffView) -> dict[str, Any]:
    """The card that tells the staff group of a new request, with "รับเรื่อง" and "ดูรายละเอียด"."""
    body = [flex.row(st.SCHOOL, view.school), flex.row(st.REQUESTER, view.requester), flex.row(st.KIND, view.kind),
            flex.row(st.SUBJECT, view.subject), flex.row(st.URGENCY, view.urgency)]
    if view.note:
        body.append(flex.text(f"⚠️ {view.note}", color=RED))
    body.append(flex.text(view.due, color=flex.GREY))
    card = flex.bubble(_header(st.NEW_HEAD, view), body, [_claim(view), _show(view)], colour=_colour(view))
    return flex.message(st.new_alt(view.number, view.school, view.subject), card)


def detail(view: StaffView) -> dict[str, Any]:
    """Everything staff need to act on a request, with the buttons the register allows now."""
    body = [flex.row(st.STATUS, view.status), flex.row(st.ASSIGNED, view.assignee or st.NOBODY),
            flex.row(st.AGE, f"{view.age} · {view.due}"), flex.separator(),
            flex.row(st.SCHOOL, view.school), flex.row(st.REQUESTER, view.requester), flex.row(st.KIND, view.kind),
            flex.row(st.SUBJECT, view.subject)]
    body += [flex.row(label, value) for label, value in ((st.DETAILS, view.details), (st.EQUIPMENT, view.equipment),
                                                         (st.ASSET, view.asset), (st.ROOM, view.location)) if value]
    if view.note:
        body.append(flex.text(f"⚠️ {view.note}", color=RED))
    if view.thread:
        body += [flex.separator(), flex.text(st.THREAD, color=flex.GREY),
                 *(flex.text(line[:300]) for line in view.thread)]
    body += [flex.separator(), flex.text(st.ANSWER_HINT.format(number=view.number), size="xs", color=flex.GREY)]
    footer = [] if view.assignee else [_claim(view)]
    footer += [flex.postback_button(label, postbacks.data(postbacks.STAFF_STATUS, t=view.ticket_id, s=status),
                                    f"{label} {view.number}") for label, status in view.statuses]
    card = flex.bubble(_header(st.DETAIL_HEAD, view), body, footer, colour=_colour(view))
    return flex.message(st.detail_alt(view.number), card)


def waiting(head: str, views: Sequence[StaffView], total: int) -> dict[str, Any]:
    """A list of requests waiting (late first, then the longest waiting); a tap on one shows its details."""
    rows = []
    for view in views[:MAX_ROWS]:
        due = flex.text(f"{view.due}{' · ' + view.assignee if view.assignee else ''}",
                        size="xs", color=RED if view.late else flex.GREY)
        rows.append(flex.box(flex.text(f"{view.number} · {view.age}", bold=True),
                             flex.text(f"{view.school} · {view.subject}"[:120], size="xs"), due, spacing="none",
                             action={"type": "postback", "label": st.SHOW,
                                     "data": postbacks.data(postbacks.STAFF_SHOW, t=view.ticket_id),
                                     "displayText": f"{st.SHOW} {view.number}"}))
    if total > MAX_ROWS:
        rows.append(flex.text(st.BACKLOG_MORE.format(count=total - MAX_ROWS), size="xs", color=flex.GREY))
    header = [flex.text(head, color=WHITE, size="md", bold=True)]
    card = flex.bubble(header, rows, [flex.message_button(st.NEXT, st.NEXT, primary=True)],
                       colour=RED if any(v.late for v in views) else GREEN)
    return flex.message(head, card)
