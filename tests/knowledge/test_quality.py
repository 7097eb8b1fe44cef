"""Measured quality of the shipped knowledge base on labelled teacher questions (issue 4's bar: 90%)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli_faq import evaluate, read_tsv
from bot.knowledge import base, matcher

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def figures():
    rows = read_tsv(DATA / "faq_eval.tsv")
    assert len(rows) >= 150 and sum(1 for _, label in rows if label == "none") >= 20
    return evaluate(matcher.build(base.load()), rows)


def test_in_domain_top1_at_least_90_percent(figures):
    assert figures["top1"] >= 0.90, figures


def test_out_of_domain_refused_at_least_90_percent(figures):
    assert figures["refused"] >= 0.90, figures


def test_labels_name_real_entries():
    ids = {entry.id for entry in base.load()}
    for name in ("faq_eval.tsv", "faq_heldout.tsv", "faq_heldout2.tsv"):
        unknown = {label for _, label in read_tsv(DATA / name) if label != "none"} - ids
        assert not unknown, (name, unknown)


def test_shipped_base_covers_every_topic():
    entries = base.load()
    assert len(entries) >= 40
    assert {"dmc", "emis", "bobec", "mobec", "dltv", "dlit", "network", "computer", "account", "website", "vconf",
            "security", "other"} <= {entry.category for entry in entries}
