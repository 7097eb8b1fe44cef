"""Helpers for tests against a live server: waiting for it, and every admin URL."""

from __future__ import annotations

import re
import time

SAMPLE_VALUES = {"number": "ICT-2570-0001", "entry_id": "dmc-what", "round_id": "1", "group_id": "C1",
                 "attachment_id": "1", "miss_id": "1", "filename": "admin.css"}


def wait_for(predicate, seconds=15.0):
    """Poll until `predicate` returns something truthy (the live server answers in its own threads)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def admin_urls(app):
    """Every URL of the admin blueprint, filled with sample values, with its methods."""
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or rule.endpoint == "admin.static":
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_VALUES[m.group(1)], rule.rule)
        yield rule.endpoint, url, sorted(rule.methods - {"HEAD", "OPTIONS"})
