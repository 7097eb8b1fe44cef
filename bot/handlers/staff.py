"""What ICT staff do in LINE: bind their LINE account to their staff account with the admin page's code."""

from __future__ import annotations

import logging

from bot import texts
from bot.handlers import on
from bot.handlers.context import Context
from bot.line.messages import text
from bot.storage import staff_repo
from bot.thai import tidy

log = logging.getLogger(__name__)
BIND_PATTERN = r"(?:ผูกบัญชี|ผูก line|ผูกไลน์)\s*(\d{6})"


@on.text(pattern=BIND_PATTERN)
def bind(ctx: Context) -> None:
    """Bind this LINE account to the staff member whose one-time code it is (in a 1:1 chat only)."""
    if ctx.in_group or not ctx.user_id:
        ctx.reply(text(texts.LINE_CODE_PRIVATE))
        return
    code = "".join(ch for ch in tidy(ctx.text) if ch.isdigit())[-6:]  # tidy folds Thai digits
    user = staff_repo.bind_line(ctx.session, code, ctx.user_id, ctx.now)
    if user is None:
        ctx.reply(text(texts.LINE_CODE_WRONG))
        return
    staff_repo.audit(ctx.session, user, "line.bind", ctx.now)
    log.info("a staff account was bound to a LINE account")
    ctx.reply(text(texts.line_bound(user.display_name)))
