"""The requester's profile: asked before their first request, changed on request."""

from __future__ import annotations

from bot import conversation as conv
from bot import texts
from bot.handlers import on
from bot.handlers.context import Context
from bot.handlers.forms import apply, finishes, flows_for, private_only, requester_of
from bot.line.messages import text
from bot.storage.models import Requester


@on.text(texts.EDIT_PROFILE, "แก้ไขข้อมูลผู้แจ้ง", "แก้ข้อมูล", "แก้ไขโปรไฟล์", "เปลี่ยนโรงเรียน")
def edit_profile(ctx: Context) -> None:
    if private_only(ctx):
        requester = requester_of(ctx)
        flows = flows_for(ctx, requester)
        ctx.reply(text(texts.EDITING_PROFILE))
        apply(ctx, requester, flows, "profile", conv.start(flows["profile"], ctx.now))


@finishes("profile")
def save_profile(ctx: Context, requester: Requester, data: dict) -> None:
    """Keep the profile, then start the request it was asked for (if any)."""
    requester.name, requester.position = data["name"], data["position"]
    requester.school_code, requester.school_name = data["school"], data["school_name"]
    requester.phone = data.get("phone")
    requester.updated_at = ctx.now
    ctx.reply(text(f"{texts.PROFILE_SAVED}\n{requester.name} · {requester.position} · {data['school_name']}"))
    pending = data.get("then")
    if pending:
        flows = flows_for(ctx, requester)
        apply(ctx, requester, flows, pending["flow"], conv.start(flows[pending["flow"]], ctx.now, pending["data"]))
