"""POST /callback: check LINE's signature, store the events, answer 200 at once."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, current_app, request
from linebot.v3.webhook import SignatureValidator

from bot import logs

log = logging.getLogger(__name__)
bp = Blueprint("webhook", __name__)
MAX_DEPTH = 32  # LINE's events nest a handful of levels; a body nested hundreds deep is not from LINE


def depth(value: Any) -> int:
    """Return how deeply a parsed JSON value nests (without recursion, so no depth can crash it)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def _refuse(status: int, reason: str) -> tuple[str, int]:
    log.warning("webhook refused from %s: %s", request.remote_addr, reason)
    return reason, status


@bp.post("/callback")
def callback() -> tuple[str, int] | tuple[str, int, dict[str, str]]:
    """Accept a webhook delivery from LINE."""
    services = current_app.extensions["helpdesk"]
    signature = request.headers.get("x-line-signature")
    if not signature:
        return _refuse(400, "missing x-line-signature")
    raw = request.get_data(cache=False)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _refuse(400, "body is not UTF-8")
    # The signature covers the raw bytes: check it before parsing, never on re-serialised JSON.
    if not SignatureValidator(services.settings.channel_secret).validate(body, signature):
        return _refuse(400, "bad signature")
    try:
        payload = json.loads(body)
        events = payload["events"]
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise TypeError("events is not a list of objects")
        if depth(payload) > MAX_DEPTH:
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    except RecursionError:
        return _refuse(400, "malformed webhook body: nested too deeply")
    except (ValueError, KeyError, TypeError) as exc:
        return _refuse(400, f"malformed webhook body: {str(exc)[:200]}")
    if not events:  # the Verify button in the LINE console
        return "OK", 200
    try:
        new = services.intake.store(events)
    except Exception as exc:
        # Not storing means not acknowledging: LINE redelivers what got no 2xx.
        logs.failure(log, "webhook could not store %s events; asking LINE to redeliver", exc, len(events))
        return "database unavailable", 503, {"Retry-After": "5"}
    if new:
        services.pump.wake()
    log.info("webhook stored %s of %s events", new, len(events))
    return "OK", 200
