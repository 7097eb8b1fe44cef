"""Choose the FAQ's thresholds by simulated outcomes: a right answer, then a suggestion, never a wrong one (pure)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.knowledge import grading
from bot.knowledge.decide import Decision, Evidence, calendar_may_answer, settle

# What a teacher feels: a wrong answer is worse than a suggestion, a suggestion worse than a right answer, and
# buttons that lead nowhere are a small nuisance.
COST_WRONG, VALUE_ONE_TAP, COST_NOISE = 2.0, 0.25, 0.1
# The limits are 2 % wrong answers and 3 % of out-of-scope questions answered; thresholds are chosen
# with some room below them, since questions no one has seen yet will do a little worse.
MAX_WRONG, MAX_ANSWERED = 0.015, 0.02
TARGETS = {"direct": 0.90, "one_tap": 0.97, "wrong": 0.02, "refused": 0.97}


@dataclass(frozen=True)
class TuningQuestion:
    """A labelled development question, with the day it is asked on."""

    case: grading.Case
    today: date


@dataclass
class Scored:
    """One development question as the decision sees it."""

    question: TuningQuestion
    evidence: Evidence
    right: dict[str, bool]  # for each candidate: does its answer have the question's facts
    dated: bool  # answered from the calendar before the FAQ is asked


def outcome(s: Scored, decision: Decision) -> str:
    """Grade a simulated decision the way grading.judge grades the chat."""
    expect = s.question.case.expect
    if s.dated and expect == "answer" and calendar_may_answer(decision):
        return "dated"
    if expect in grading.OUT_OF_DOMAIN:
        if decision.action in ("answer", "request"):
            return "answered"
        return "refused (with buttons)" if decision.action == "suggest" else "refused"
    if decision.action == "request":
        return "right" if decision.request == expect else "wrong"
    if decision.action == "answer":
        return "right" if s.right.get(decision.entry or "", False) else "wrong"
    if decision.action == "suggest":
        return "one-tap" if any(s.right.get(e, False) for e in decision.suggestions) else "noise"
    return "missed"


def simulate(scored: Sequence[Scored], judged: Sequence[list[tuple[str, float]]],
             thresholds: dict[str, float]) -> dict[str, int]:
    """Count outcomes of the decision with these thresholds, using out-of-fold probabilities."""
    counts: dict[str, int] = {}
    for s, candidates_judged in zip(scored, judged, strict=True):
        result = outcome(s, settle(s.evidence, candidates_judged, thresholds))
        counts[result] = counts.get(result, 0) + 1
    return counts


def objective(counts: dict[str, int]) -> float:
    """Score outcomes; thresholds that break the limits on wrong answers and answered strangers never win."""
    inside = sum(counts.get(k, 0) for k in ("right", "one-tap", "wrong", "missed", "noise", "dated"))
    outside = sum(counts.get(k, 0) for k in ("answered", "refused", "refused (with buttons)"))
    if counts.get("wrong", 0) > MAX_WRONG * inside or counts.get("answered", 0) > MAX_ANSWERED * outside:
        return float("-inf")
    return (counts.get("right", 0) + VALUE_ONE_TAP * counts.get("one-tap", 0)
            - COST_WRONG * (counts.get("wrong", 0) + counts.get("answered", 0))
            - COST_NOISE * (counts.get("noise", 0) + counts.get("refused (with buttons)", 0)))


GRID = {"request": (0.35, 0.45, 0.55, 0.65), "other": (0.4, 0.5, 0.6, 0.7), "chat": (0.4, 0.5, 0.6),
        "answer": (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95), "out": (0.3, 0.4, 0.5, 0.6),
        "suggest": (0.02, 0.05, 0.1, 0.2)}


def shortfall(counts: dict[str, int]) -> float:
    """Return how far simulated outcomes fall short of the issue's targets, in shares summed (0 when they meet
    them; an answer from the calendar counts as right)."""
    inside = sum(counts.get(k, 0) for k in ("right", "one-tap", "wrong", "missed", "noise", "dated")) or 1
    outside = sum(counts.get(k, 0) for k in ("answered", "refused", "refused (with buttons)")) or 1
    right = (counts.get("right", 0) + counts.get("dated", 0)) / inside
    one_tap = right + counts.get("one-tap", 0) / inside
    wrong, refused = counts.get("wrong", 0) / inside, 1 - counts.get("answered", 0) / outside
    return (max(0.0, TARGETS["direct"] - right) + max(0.0, TARGETS["one_tap"] - one_tap)
            + max(0.0, wrong - TARGETS["wrong"]) + max(0.0, TARGETS["refused"] - refused))


def choose_thresholds(scored: Sequence[Scored], judged: Sequence[list[tuple[str, float]]],
                      checked: Sequence[int] = ()) -> tuple[dict[str, float], dict[str, int]]:
    """Pick the thresholds that serve teachers best on all the questions, among those that meet the targets on
    each of the files the suite checks (`checked`: their sizes, the last questions in order); when none do, among
    those that come closest."""
    best: tuple[float, dict[str, float], dict[str, int]] | None = None
    keys = tuple(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        thresholds = dict(zip(keys, values, strict=True))
        counts = simulate(scored, judged, thresholds)
        value = objective(counts)
        start = len(scored) - sum(checked)
        for size in checked:
            value -= 1e6 * shortfall(simulate(scored[start:start + size], judged[start:start + size], thresholds))
            start += size
        if best is None or value > best[0] or (value == best[0] == float("-inf")):
            best = (value, thresholds, counts)
    assert best is not None
    return best[1], best[2]
