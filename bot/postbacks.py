"""Every postback action the bot offers, and the one way to build its data (pure; the router reads it back)."""

from __future__ import annotations

from urllib.parse import urlencode

FAQ_SHOW, FAQ_HELPFUL, FAQ_CONSULT = "faq.show", "faq.helpful", "faq.consult"
FOLLOWUP_RESULT, FOLLOWUP_UNDERSTOOD = "followup.result", "followup.understood"
FOLLOWUP_RATE, FOLLOWUP_HELP = "followup.rate", "followup.help"
GROUP_LINK, GROUP_AREA, GROUP_APPROVE, GROUP_REJECT = "group.link", "group.area", "group.approve", "group.reject"
ROUND_DONE = "round.done"
STAFF_CLAIM, STAFF_SHOW, STAFF_STATUS = "staff.claim", "staff.show", "staff.status"
ACTIONS = (FAQ_SHOW, FAQ_HELPFUL, FAQ_CONSULT, FOLLOWUP_RESULT, FOLLOWUP_UNDERSTOOD, FOLLOWUP_RATE, FOLLOWUP_HELP,
           GROUP_LINK, GROUP_AREA, GROUP_APPROVE, GROUP_REJECT, ROUND_DONE, STAFF_CLAIM, STAFF_SHOW, STAFF_STATUS)


def data(action: str, **params: object) -> str:
    """Build postback data `action?key=value&…`, parameters in the order given (None ones left out)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown postback action {action!r}")
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{action}?{query}" if query else action
