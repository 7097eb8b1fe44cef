"""A declarative conversation engine: flows of steps, a JSON state any worker can resume, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.thai import normalize

CANCEL_WORDS = {"ยกเลิก", "cancel", "ยกเลิกเรื่อง"}
SKIP_WORD = "ข้าม"


class Invalid(ValueError):
    """The answer does not fit the step; the message says how to answer."""


@dataclass(frozen=True)
class Reply:
    """A message to send: text and the quick-reply choices that go with it."""

    text: str
    choices: tuple[str, ...] = ()


Data = dict[str, Any]
Text = str | Callable[[Data], str]
Choices = tuple[str, ...] | Callable[[Data], tuple[str, ...]]


def free_text(answer: str, data: Data) -> str:
    """Accept any non-empty text."""
    if not answer.strip():
        raise Invalid("")
    return answer.strip()


@dataclass(frozen=True)
class Step:
    """One question: what to ask, the choices to offer, and how to read the answer."""

    key: str
    ask: Text
    choices: Choices = ()
    parse: Callable[[str, Data], Any] = free_text
    optional: bool = False  # SKIP_WORD answers None
    max_length: int = 300  # a typed answer is cut to what its register field holds

    def prompt(self, data: Data, note: str = "") -> Reply:
        text = self.ask(data) if callable(self.ask) else self.ask
        choices = self.choices(data) if callable(self.choices) else self.choices
        if self.optional:
            choices = (*choices, SKIP_WORD)
        return Reply(f"{note}\n{text}".strip(), tuple(choices))


@dataclass(frozen=True)
class Flow:
    """An ordered set of steps that fills a dict of answers."""

    name: str
    steps: tuple[Step, ...]

    def next_step(self, data: Data) -> Step | None:
        return next((s for s in self.steps if s.key not in data), None)


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
    return Outcome(_state(flow, step, data, now), [step.prompt(data)])


def is_expired(state: Mapping[str, Any], now: datetime, idle: timedelta) -> bool:
    """Say whether a conversation has waited for an answer longer than `idle`."""
    return now - datetime.fromisoformat(state["updated_at"]) > idle


def answer(flows: Mapping[str, Flow], state: Data, text: str, now: datetime) -> Outcome:
    """Take the person's answer to the current step and move on."""
    flow = flows[state["flow"]]
    data = dict(state["data"])
    step = next(s for s in flow.steps if s.key == state["step"])
    if normalize(text) in CANCEL_WORDS:
        return Outcome(None, cancelled=True)
    if step.optional and normalize(text) == SKIP_WORD:
        value = None
    else:
        try:
            value = step.parse(text, data)
        except Invalid as exc:
            return Outcome(_state(flow, step, data, now), [step.prompt(data, str(exc))])
    if isinstance(value, Mapping):  # a step may fill several answers (or send the flow back a step)
        data.update(value)
    else:
        data[step.key] = value[: step.max_length].rstrip() if isinstance(value, str) else value
    following = flow.next_step(data)
    if following is None:
        return Outcome(None, finished=data)
    return Outcome(_state(flow, following, data, now), [following.prompt(data)])


def add_attachment(state: Data, ref: Mapping[str, Any], now: datetime) -> Data:
    """Keep a picture or file sent during the conversation with its answers."""
    data = dict(state["data"])
    data["attachments"] = [*data.get("attachments", []), dict(ref)]
    return {**state, "data": data, "updated_at": now.isoformat()}


def current_prompt(flows: Mapping[str, Flow], state: Data) -> Reply:
    """Return the question the conversation is waiting on."""
    flow = flows[state["flow"]]
    step = next(s for s in flow.steps if s.key == state["step"])
    return step.prompt(state["data"])


def _state(flow: Flow, step: Step, data: Data, now: datetime) -> Data:
    return {"flow": flow.name, "step": step.key, "data": data, "updated_at": now.isoformat()}
