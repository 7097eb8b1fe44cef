"""A declarative conversation engine: flows of steps, a JSON state any worker can resume, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rapidfuzz import fuzz

from bot import texts
from bot.thai import answer_text, command_key

LEADS = tuple(sorted(texts.LEADS, key=len, reverse=True))
MISSES_BEFORE_HELP = 2  # after this many answers the bot cannot use, it offers a way on
TYPO_SCORE, TYPO_MARGIN = 75.0, 8.0  # a typed choice this close to one label, and clearly closer than the rest


class Invalid(ValueError):
    """The answer does not fit the step; the message says how to answer, `keep` what to remember of it."""

    def __init__(self, message: str = "", keep: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.keep = dict(keep or {})


@dataclass(frozen=True)
class Choice:
    """A button: the label shown (at most 20 characters) and the text it sends."""

    label: str
    text: str


@dataclass(frozen=True)
class Reply:
    """A message to send: text and the quick-reply choices that go with it."""

    text: str
    choices: tuple[str | Choice, ...] = ()


Data = dict[str, Any]
Text = str | Callable[[Data], str]
Choices = tuple[str | Choice, ...] | Callable[[Data], tuple[str | Choice, ...]]


def key(text: str) -> str:
    """Fold what someone typed for comparing with a command or a button: no particles, spaces or softeners."""
    return command_key(text, texts.SOFTENERS)


def said(text: str, words: tuple[str, ...]) -> bool:
    """Say whether a message is one of `words`, however it was typed."""
    return key(text) in {key(word) for word in words}


def without_lead(folded: str) -> str:
    """Drop the polite openings of a folded message ("รบกวนขอยกเลิก" → "ยกเลิก"), longest first."""
    for lead in LEADS:
        if folded.startswith(lead) and len(folded) > len(lead):
            folded = folded[len(lead):]
    return folded


def _typo_of(folded: str, words: tuple[str, ...]) -> bool:
    return len(folded) >= 4 and any(fuzz.ratio(folded, key(w)) >= 85 for w in words)


def form_command(text: str, optional: bool) -> str | None:
    """Read "cancel", "back" or (on an optional step) "skip" however it was typed; None for an answer."""
    folded = without_lead(key(text))
    if folded in {key(w) for w in texts.CANCEL_WORDS} or folded.startswith(tuple(texts.CANCEL_LEADS)) \
            or _typo_of(folded, texts.CANCEL_WORDS):
        return "cancel"
    if folded in {key(w) for w in texts.BACK_WORDS} or folded.startswith(tuple(texts.BACK_LEADS)) \
            or _typo_of(folded, (texts.BACK,)):
        return "back"
    if optional and _skipped(folded):
        return "skip"
    return None


def _skipped(folded: str) -> bool:
    words = {key(w) for w in texts.SKIP_WORDS}
    if folded in words or folded.endswith(key(texts.SKIP)):  # "หาเลขไม่เจอ ข้ามเลย"
        return True
    lead = next((w for w in sorted(words, key=len, reverse=True) if w and folded.startswith(w)), None)
    if lead is None:
        return False
    rest = folded[len(lead):]
    for filler in texts.SKIP_FILLERS:
        rest = rest.replace(filler, "")
    return not rest


def free_text(answer: str, data: Data) -> str:
    """Accept any non-empty text."""
    if not answer.strip():
        raise Invalid("")
    return answer.strip()


def pick(mapping: Mapping[str, Any], hint: str = texts.CHOOSE_BUTTON, parts: Mapping[str, Any] | None = None,
         leading: bool = True, typed_ok: bool = False) -> Callable[[str, Data], Any]:
    """Read a choice typed or tapped: its label however typed, a label followed by a reason, a small typo.

    `parts` maps words to values: a message holding the words of exactly one value means that value. Without
    `leading`, a label at the start of a longer answer does not count ("ครูอัตราจ้าง" is not "ครู"); with
    `typed_ok`, an answer that is no choice is kept as typed.
    """
    by_key = {key(label).replace(".", ""): value for label, value in mapping.items()}
    by_part = {key(word): value for word, value in (parts or {}).items()}

    def parse(answer: str, data: Data) -> Any:
        typed = key(answer).replace(".", "")
        if typed in by_key:
            return by_key[typed]
        best: dict[Any, float] = {}  # each value's closest label: labels that mean the same do not compete
        for label, value in by_key.items():
            best[value] = max(best.get(value, 0.0), fuzz.ratio(typed, label))
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if ranked and ranked[0][1] >= TYPO_SCORE and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= TYPO_MARGIN):
            return ranked[0][0]
        first = next((k for k in sorted(by_key, key=len, reverse=True) if len(k) >= 2 and typed.startswith(k)),
                     None) if leading else None
        if first is not None:  # "ด่วนมากค่ะ พรุ่งนี้ต้องใช้สอน"
            return by_key[first]
        named = {value for word, value in by_part.items() if word in typed}
        if len(named) == 1:
            return named.pop()
        if typed_ok:
            return free_text(answer, data)
        raise Invalid(hint)

    return parse


@dataclass(frozen=True)
class Step:
    """One question: what to ask, the choices to offer, and how to read the answer."""

    key: str
    ask: Text
    choices: Choices = ()
    parse: Callable[[str, Data], Any] = free_text
    optional: bool = False  # "ข้าม" (or "ไม่มี") answers None
    max_length: int = 300  # a typed answer is cut to what its register field holds
    fills: tuple[str, ...] = ()  # other answers this step sets: forgotten with it on going back or editing
    label: str = ""  # the field's name on the review step, where it can be changed ("" when it cannot)
    skip_means: bool = False  # a required step whose parse reads "ข้าม" itself (else "ข้าม" is refused there)

    def prompt(self, data: Data, note: str = "", extra: tuple[str | Choice, ...] = ()) -> Reply:
        text = self.ask(data) if callable(self.ask) else self.ask
        choices = self.choices(data) if callable(self.choices) else self.choices
        if self.optional:
            choices = (*choices, texts.SKIP)
        return Reply(f"{note}\n{text}".strip(), (*choices[: 13 - len(extra)], *extra))  # LINE shows 13 at most


@dataclass(frozen=True)
class Flow:
    """An ordered set of steps that fills a dict of answers."""

    name: str
    steps: tuple[Step, ...]
    review: str | None = None  # the key of the step that shows every answer and lets one be changed
    handover: bool = False  # whether the teacher may hand the request to staff as typed so far

    def next_step(self, data: Data) -> Step | None:
        return next((s for s in self.steps if s.key not in data), None)

    def step(self, step_key: str) -> Step:
        return next(s for s in self.steps if s.key == step_key)

    def prompt(self, step: Step, data: Data, note: str = "", misses: int = 0, back: bool = False) -> Reply:
        """Ask a step: the review step offers to change each answer, a step answered badly twice a way on."""
        extra: tuple[str | Choice, ...] = ()
        if step.key == self.review:  # change one answer, or cancel (the last button)
            extra = (*(Choice(texts.edit_label(s.label), texts.edit_label(s.label))
                       for s in self.steps if s.label and s.key in data), texts.CANCEL)
        else:
            if misses >= MISSES_BEFORE_HELP and self.handover:
                note = f"{note}\n{texts.WAY_ON}".strip()
                extra = (texts.HANDOVER,)
            if back:  # the teacher answered a question before this one
                extra = (*extra, texts.BACK)
        return step.prompt(data, note, extra)


@dataclass
class Outcome:
    """What happened: the state to keep (None ends the conversation), replies, and the finished answers."""

    state: Data | None
    replies: list[Reply] = field(default_factory=list)
    finished: Data | None = None
    cancelled: bool = False
    expired: bool = False


def start(flow: Flow, now: datetime, data: Data | None = None) -> Outcome:
    """Begin a flow; answers already known (from the first message) skip their steps."""
    data = dict(data or {})
    step = flow.next_step(data)
    if step is None:
        return Outcome(None, finished=data)
    return Outcome(_state(flow, step, data, now), [flow.prompt(step, data)])


def is_expired(state: Mapping[str, Any], now: datetime, idle: timedelta) -> bool:
    """Say whether a conversation has waited for an answer longer than `idle`."""
    return now - datetime.fromisoformat(state["updated_at"]) > idle


def answer(flows: Mapping[str, Flow], state: Data, text: str, now: datetime) -> Outcome:
    """Take the person's answer to the current step and move on (or back, or to the field they want to change)."""
    flow = flows[state["flow"]]
    data = dict(state["data"])
    step = flow.step(state["step"])
    asked = list(state.get("asked", []))
    command = form_command(text, step.optional)
    if command == "cancel":
        return Outcome(None, cancelled=True)
    if command == "back":
        return _back(flow, step, data, asked, now)
    if flow.handover and said(text, (texts.HANDOVER,)):
        return Outcome(None, finished={**data, "handed_over": True})
    edited = _edit_target(flow, step, data, text)
    if edited is not None:
        data = _forget(data, edited)
        return Outcome(_state(flow, edited, data, now, asked=asked),
                       [flow.prompt(edited, data, texts.editing(edited.label))])
    typed = answer_text(text)
    if command == "skip":
        value = None
    elif not step.optional and not step.skip_means and said(text, texts.SKIP_WORDS):
        return Outcome(_state(flow, step, data, now, asked=asked),
                       [flow.prompt(step, data, texts.REQUIRED_STEP, back=bool(asked))])
    else:
        try:
            value = step.parse(typed, data)
        except Invalid as exc:
            data.update(exc.keep)
            if typed:
                data["as_typed"] = [*data.get("as_typed", []), typed][-3:]
            misses = int(state.get("misses", 0)) + 1
            return Outcome(_state(flow, step, data, now, misses, asked),
                           [flow.prompt(step, data, str(exc), misses, back=bool(asked))])
    data.pop("as_typed", None)  # what could not be used is kept only while its step waits for an answer
    if isinstance(value, Mapping):  # a step may fill several answers (or ask itself again with new choices)
        data.update(value)
    else:
        data[step.key] = value[: step.max_length].rstrip() if isinstance(value, str) else value
    following = flow.next_step(data)
    if following is None:
        return Outcome(None, finished=data)
    asked = [*(k for k in asked if k != step.key), step.key]
    return Outcome(_state(flow, following, data, now, asked=asked), [flow.prompt(following, data, back=True)])


def _back(flow: Flow, step: Step, data: Data, asked: list[str], now: datetime) -> Outcome:
    """Go back to the question the teacher answered last, forgetting that answer (and this step's half-answer)."""
    data = {k: v for k, v in data.items() if k not in step.fills}  # e.g. the school buttons offered a moment ago
    earlier = [k for k in asked if k != step.key]
    if not earlier:
        return Outcome(_state(flow, step, data, now, asked=asked), [flow.prompt(step, data, texts.FIRST_STEP)])
    target = flow.step(earlier[-1])
    data = _forget(data, target)
    return Outcome(_state(flow, target, data, now, asked=earlier[:-1]),
                   [flow.prompt(target, data, texts.GOING_BACK, back=len(earlier) > 1)])


def _edit_target(flow: Flow, step: Step, data: Data, text: str) -> Step | None:
    """Return the step whose answer the teacher asked to change at the review step, if that is what they did.

    A tap sends "แก้<field>"; typed, it may read "ขอแก้ที่ตั้งหน่อยค่ะ" or "เปลี่ยนห้องเป็น…": a change word and one field.
    """
    if step.key != flow.review:
        return None
    wanted = key(text)
    editable = [s for s in flow.steps if s.label and s.key in data]
    slip = [s for s in editable if fuzz.ratio(wanted, key(texts.edit_label(s.label))) >= 85]  # "แกอาการ"
    if len(slip) == 1:
        return slip[0]
    if not any(word in wanted for word in texts.CHANGE_WORDS):
        return None
    found = []  # (where the field is named, the step): the field named first is the one ("แก้ที่ตั้งอุปกรณ์")
    for s in flow.steps:
        places = [wanted.find(key(name)) for name in (s.label, *texts.FIELD_WORDS.get(s.label, ()))]
        places = [p for p in places if p >= 0]
        if s.label and s.key in data and places:
            found.append((min(places), s))
    return min(found, key=lambda item: item[0])[1] if found else None


def _forget(data: Data, step: Step) -> Data:
    return {k: v for k, v in data.items() if k not in (step.key, *step.fills)}


def add_attachment(state: Data, ref: Mapping[str, Any], now: datetime) -> Data:
    """Keep a picture or file sent during the conversation with its answers."""
    data = dict(state["data"])
    data["attachments"] = [*data.get("attachments", []), dict(ref)]
    return {**state, "data": data, "updated_at": now.isoformat()}


def current_prompt(flows: Mapping[str, Flow], state: Data) -> Reply:
    """Return the question the conversation is waiting on."""
    flow = flows[state["flow"]]
    return flow.prompt(flow.step(state["step"]), state["data"], back=bool(state.get("asked")))


def _state(flow: Flow, step: Step, data: Data, now: datetime, misses: int = 0, asked: list[str] | None = None) -> Data:
    """Build the JSON state: the step waited on, the answers, and the steps the teacher answered (for "back")."""
    state = {"flow": flow.name, "step": step.key, "data": data, "updated_at": now.isoformat(), "asked": asked or []}
    return {**state, "misses": misses} if misses else state
