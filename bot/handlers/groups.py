"""School LINE groups: which school a group is, leaving, and schools saying they entered their data."""

from __future__ import annotations

import logging
import re

from bot import texts
from bot.clock import BANGKOK
from bot.collection_calendar import Round, open_rounds
from bot.handlers import on
from bot.handlers.context import Context
from bot.line.client import LineError
from bot.line.messages import quick_postback, text
from bot.register import schools
from bot.storage import calendar_repo, groups_repo, register_repo, reminders_repo
from bot.storage.models import School, SchoolGroup
from bot.thai import normalize

log = logging.getLogger(__name__)

# "ส่งแล้ว", "บันทึกข้อมูล DMC เรียบร้อยแล้วค่ะ", "กรอกเสร็จแล้ว" … (after normalising: Latin lower-case)
DONE = re.compile(
    r"(?:ส่ง|บันทึก|กรอก|คีย์)\s*(?:ข้อมูล)?\s*(?P<system>dmc|emis|b-?obec|m-?obec|ดีเอ็มซี|อีมิส|บีโอเบค)?"
    r"\s*(?:ครบ|เรียบร้อย|เสร็จ)?\s*แล้ว\s*(?:นะ)?\s*(?:ครับ|ค่ะ|คะ|คับ|จ้า|จ้ะ)?\s*[!.ๆ]*"
)
SYSTEMS = {"ดีเอ็มซี": "dmc", "อีมิส": "emis", "บีโอเบค": "bobec"}
# Typed answers that are meant as a school: a prefix or a school code, not ordinary chat.
SCHOOLISH = re.compile(r"^(?:โรงเรียน|ร\.?ร\.?)|\d{6,}")
DONE_GRACE_DAYS = 7  # a school may still say it finished shortly after the deadline


@on.event("join")
def join(ctx: Context) -> None:
    """Greet a group the Official Account was invited into, and ask which school it is."""
    name = None
    if ctx.source_type == "group":
        try:
            name = ctx.line.group_summary(ctx.chat_id).get("groupName")
        except LineError as exc:  # the greeting matters more than the name
            log.warning("summary of group %s unavailable: %s", ctx.chat_id, exc)
    group = groups_repo.joined(ctx.session, ctx.chat_id, ctx.now, name)
    if groups_repo.awaiting_link(group):
        ctx.reply(text(texts.GROUP_HELLO), ask_school())
    else:
        ctx.reply(text(texts.GROUP_HELLO), text(linked_text(ctx, group)))


@on.event("leave")
def leave(ctx: Context) -> None:
    """Stop reminding a group the Official Account was removed from."""
    groups_repo.left(ctx.session, ctx.chat_id, ctx.now)


def system_key(name: str) -> str:
    """Fold a system's name for comparing: "B-OBEC", "b obec" and "bobec" are one."""
    return re.sub(r"[^a-z]", "", name.casefold())


def ask_school() -> dict:
    return text(texts.GROUP_ASK_SCHOOL, quick=[quick_postback(texts.GROUP_AREA_WIDE, "group.area",
                                                              texts.GROUP_AREA_WIDE)])


def linked_text(ctx: Context, group: SchoolGroup) -> str:
    if group.area_wide or group.school_code is None:
        return texts.GROUP_LINKED_AREA
    school = ctx.session.get(School, group.school_code)
    return texts.group_linked(school.name if school else group.school_code)


def group_of(ctx: Context) -> SchoolGroup:
    """Return this group's record, creating it for a group the bot was in before it kept records."""
    return groups_repo.get(ctx.session, ctx.chat_id) or groups_repo.joined(ctx.session, ctx.chat_id, ctx.now)


def group_text(ctx: Context) -> None:
    """Handle text in a group: the school's name while unlinked, "ส่งแล้ว", else quiet unless mentioned."""
    group = group_of(ctx)
    typed = ctx.text_without_mentions
    if groups_repo.awaiting_link(group):
        if not link_from_text(ctx, group, typed) and ctx.mentions_bot:
            ctx.reply(ask_school())
        return
    done = DONE.fullmatch(normalize(typed))
    if done:
        system = done.group("system")
        complete(ctx, group, system=SYSTEMS.get(system, system_key(system)) if system else None)
    elif ctx.mentions_bot:
        ctx.reply(text(texts.GROUP_PRIVATE))


def link_from_text(ctx: Context, group: SchoolGroup, typed: str) -> bool:
    """Link the group to the school typed; ask when several fit; return whether the bot answered.

    Ordinary chat in a group that has not said its school must not set the bot off: only a clear match, or
    text that looks meant as a school (a prefix, a code, a mention of the bot), gets an answer.
    """
    if not typed:
        return False
    found = schools.find(typed, register_repo.school_refs(ctx.session))
    if found.school is not None:
        groups_repo.link(ctx.session, group, found.school.code, ctx.user_id, ctx.now)
        ctx.reply(text(texts.group_linked(found.school.name)))
        return True
    if not SCHOOLISH.search(normalize(typed)):
        return False
    if found.candidates:
        buttons = [quick_postback(s.name, f"group.link?school={s.code}", s.name) for s in found.candidates]
        ctx.reply(text(texts.SCHOOL_WHICH, quick=buttons))
    else:
        ctx.reply(text(texts.GROUP_SCHOOL_NOT_FOUND))
    return True


@on.postback("group.link")
def link_chosen(ctx: Context) -> None:
    """Link the group to the school a member picked from the choices."""
    group, school = group_of(ctx), ctx.params.get("school", "")
    if not ctx.in_group or not groups_repo.awaiting_link(group) or ctx.session.get(School, school) is None:
        return  # already linked (someone was quicker) or a stale button: nothing to change
    groups_repo.link(ctx.session, group, school, ctx.user_id, ctx.now)
    ctx.reply(text(linked_text(ctx, group)))


@on.postback("group.area")
def link_area(ctx: Context) -> None:
    """Mark the group as an area-wide group (not one school's)."""
    group = group_of(ctx)
    if ctx.in_group and groups_repo.awaiting_link(group):
        groups_repo.link(ctx.session, group, None, ctx.user_id, ctx.now)
        ctx.reply(text(texts.GROUP_LINKED_AREA))


@on.postback("round.done")
def round_done(ctx: Context) -> None:
    """Mark the round on the button as done for the group's school."""
    round_id = ctx.params.get("round", "")
    if ctx.in_group and round_id.isdigit():
        complete(ctx, group_of(ctx), round_id=int(round_id))


def complete(ctx: Context, group: SchoolGroup, round_id: int | None = None, system: str | None = None) -> None:
    """Record that the group's school entered its data for a round; ask which round when several are open."""
    if group.area_wide:
        return  # an area-wide group has no one school to mark
    if group.school_code is None:
        ctx.reply(ask_school())
        return
    rounds = calendar_repo.rounds(ctx.session)
    if round_id is not None:
        candidates = [r for r in rounds if r.id == round_id]
    else:
        today = ctx.now.astimezone(BANGKOK).date()
        candidates = [r for r in open_rounds(rounds, today, DONE_GRACE_DAYS)
                      if system in (None, system_key(r.system))]
    if not candidates:
        ctx.reply(text(texts.NO_OPEN_ROUND))
        return
    done = reminders_repo.completions(ctx.session, [r.id for r in candidates if r.id is not None])
    pending = [r for r in candidates if (r.id, group.school_code) not in done]
    if len(pending) > 1:
        ctx.reply(text(texts.WHICH_ROUND, quick=[quick_postback(r.name, f"round.done?round={r.id}", r.name)
                                                 for r in pending[:13]]))
        return
    mark(ctx, group, pending[0] if pending else candidates[0])


def mark(ctx: Context, group: SchoolGroup, round_: Round) -> None:
    assert group.school_code is not None and round_.id is not None
    school = ctx.session.get(School, group.school_code)
    name = school.name if school else group.school_code
    if reminders_repo.mark_done(ctx.session, round_.id, group.school_code, ctx.user_id, group.group_id, ctx.now):
        ctx.reply(text(texts.round_done(name, round_.name)))
    else:
        ctx.reply(text(texts.round_already_done(name, round_.name)))
