"""The Flex cards the bot sends where a card reads better than text: receipts, requests, answers, follow-ups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot import texts
from bot.line import flex

WHITE = "#FFFFFF"


@dataclass(frozen=True)
class RequestView:
    """A request as a teacher sees it on a card."""

    number: str
    kind: str
    subject: str
    status: str
    received: str
    answer: str | None = None


def _header(title: str, number: str) -> list[dict[str, Any]]:
    return [flex.text(title, color=WHITE, size="sm"), flex.text(number, color=WHITE, size="xl", bold=True)]


def receipt(view: RequestView, targets: Sequence[str], quick: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """The card confirming a new request: its number, kind, subject, status and the manual's next steps."""
    body = [flex.row(texts.CARD_KIND, view.kind), flex.row(texts.CARD_SUBJECT, view.subject),
            flex.row(texts.CARD_STATUS, view.status), flex.separator(), flex.text(texts.CARD_NEXT, bold=True),
            *(flex.text(f"• {target}") for target in targets), flex.text(texts.CARD_TRACK_HINT, color=flex.GREY)]
    card = flex.bubble(_header(texts.CARD_RECEIVED, view.number), body,
                       [flex.message_button(texts.MENU_TRACK, texts.MENU_TRACK)])
    return flex.message(texts.receipt_alt(view.number), card, quick)


def request_bubble(view: RequestView) -> dict[str, Any]:
    """One request in "my requests": where it stands and the last answer."""
    body = [flex.row(texts.CARD_SUBJECT, view.subject), flex.row(texts.CARD_STATUS, view.status),
            flex.row(texts.CARD_RECEIVED_AT, view.received)]
    if view.answer:
        body += [flex.separator(), flex.text(texts.CARD_LAST_ANSWER, color=flex.GREY), flex.text(view.answer[:500])]
    return flex.bubble(_header(view.kind, view.number), body)


def my_requests(views: Sequence[RequestView], quick: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """A carousel of the teacher's open requests (the newest 12 at most, LINE's limit)."""
    return flex.message(texts.my_requests_alt(len(views)),
                        flex.carousel([request_bubble(v) for v in views[:flex.MAX_BUBBLES]]), quick)


def staff_answer(number: str, body: str, staff: str | None, outcomes: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """A staff answer as the teacher reads it; a final one has `outcomes` (label, postback data) as buttons."""
    final = bool(outcomes)
    head = texts.STAFF_ANSWER_HEAD if final else texts.STAFF_PROGRESS_HEAD
    lines = [flex.text(body, size="md")]
    if staff:
        lines.append(flex.text(f"— {staff}", color=flex.GREY))
    if final:
        lines += [flex.separator(), flex.text(texts.STAFF_ANSWER_ASK, color=flex.GREY)]
    buttons = [flex.postback_button(label, data, label, primary=first) for first, (label, data)
               in zip((True, False), outcomes, strict=False)]
    return flex.message(texts.staff_answer_alt(number, body, final), flex.bubble(_header(head, number), lines, buttons))


def followup_survey(question: str, items: Sequence[tuple[str, str, Sequence[tuple[str, str]]]]) -> dict[str, Any]:
    """Ask how answered requests went: a card per (number, subject, [(label, postback data)]), `question` as alt."""
    bubbles = [flex.bubble(_header(texts.FOLLOWUP_CARD_HEAD, number),
                           [flex.text(subject, bold=True), flex.text(texts.FOLLOWUP_CARD_ASK, color=flex.GREY)],
                           [flex.postback_button(label, data, f"{number} {label}" if len(items) > 1 else label,
                                                 primary=first)
                            for first, (label, data) in zip((True, False), choices, strict=False)])
               for number, subject, choices in items]
    return flex.message(question, bubbles[0] if len(bubbles) == 1 else flex.carousel(bubbles))


def reminder(written: str, done: tuple[str, str] | None, colour: str = "#B5651D") -> dict[str, Any]:
    """A collection reminder as a card: its first line as header, a school group's "done" button (label, data)."""
    lead, *rest = written.splitlines()
    footer = [flex.postback_button(done[0], done[1], done[0], primary=True)] if done else []
    card = flex.bubble([flex.text(lead, color=WHITE, size="md", bold=True)], [flex.text(line) for line in rest],
                       footer, colour=colour)
    return flex.message(written, card)


def faq_answer(title: str, body: str, source: str | None, helpful: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """An FAQ answer: the question it answers, the answer, where it comes from, and "did it help?" buttons."""
    footer = ([flex.text(source, size="xs", color=flex.GREY)] if source else []) + [
        flex.text(texts.FAQ_HELPFUL, color=flex.GREY),
        flex.box(*(flex.postback_button(label, data, label, primary=first)
                   for first, (label, data) in zip((True, False), helpful, strict=False)), layout="horizontal")]
    card = flex.bubble([flex.text(texts.FAQ_CARD_HEAD, color=WHITE), flex.text(title, color=WHITE, size="md",
                                                                               bold=True)],
                       [flex.text(body, size="md")], footer)
    return flex.message(f"{title}: {body}", card)
