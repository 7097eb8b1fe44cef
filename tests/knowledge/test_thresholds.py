"""Thresholds are chosen by the outcomes teachers would meet (pure)."""

from __future__ import annotations

import pytest

from bot.knowledge import thresholds


def test_thresholds_are_judged_by_how_far_they_fall_short_of_the_targets():
    at_targets = {"right": 90, "one-tap": 7, "wrong": 2, "missed": 1, "refused": 97, "answered": 3}
    assert thresholds.shortfall(at_targets) == pytest.approx(0.0, abs=1e-9)
    one_more_wrong = {**at_targets, "wrong": 3, "missed": 0}
    two_more_wrong = {**at_targets, "wrong": 4, "missed": 0, "one-tap": 6}
    assert 0 < thresholds.shortfall(one_more_wrong) < thresholds.shortfall(two_more_wrong)
