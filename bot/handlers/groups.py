"""School LINE groups: which school a group is, leaving, and schools saying they entered their data."""

from __future__ import annotations

import logging
import re

from bot import postbacks, texts
from bot.clock import BANGKOK
from bot.collection_calendar import Round, open_rounds
from bot.handlers import on
from bot.handlers.context import Context
from bot.line.messages import quick_postback, text
from bot.register import schools
from bot.storage import calendar_repo, groups_repo, register_repo, reminders_repo
from bot.storage.models import School, SchoolGroup
from bot.thai import long_date, normalize
from bot.usecases import group_claims

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
    name = ctx.group_name(ctx.chat_id) if ctx.source_type == "group" else None  # a nicety: may be None
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
    return text(texts.GROUP_ASK_SCHOOL, quick=[quick_postback(texts.GROUP_AREA_WIDE, postbacks.GROUP_AREA,
                                                              texts.GROUP_AREA_WIDE)])


def linked_text(ctx: Context, group: SchoolGroup) -> str:
    name = group_claims.school_name(ctx.session, group)
    if groups_repo.pending(group):
        return texts.GROUP_CLAIM_PENDING_AREA if name is None else texts.group_claim_pending(name)
    return texts.GROUP_LINKED_AREA if name is None else texts.group_linked(name)


def claim(ctx: Context, group: SchoolGroup, school_code: str | None) -> None:
    """Link the group as a member says, pending until staff approve it; tell the group and ask staff."""
    # anyone can invite the bot and type a school's name: only staff can make that link count
    groups_repo.link(ctx.session, group, school_code, ctx.user_id, ctx.now)
    ctx.reply(text(linked_text(ctx, group)))
    note, kind, quick = group_claims.ask_staff(ctx.session, group)
    ctx.tell_staff(note, key=f"group-claim:{group.group_id}:{group_claims.claim_id(group)}", kind=kind, quick=quick)


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
        claim(ctx, group, found.school.code)
        return True
    if not SCHOOLISH.search(normalize(typed)):
        return False
    if found.candidates:
        buttons = [quick_postback(s.name, postbacks.data(postbacks.GROUP_LINK, school=s.code), s.name)
                   for s in found.candidates]
        ctx.reply(text(texts.SCHOOL_WHICH, quick=buttons))
    else:
        ctx.reply(text(texts.GROUP_SCHOOL_NOT_FOUND))
    return True


@on.postback(postbacks.GROUP_LINK)
def link_chosen(ctx: Context) -> None:
    """Link the group to the school a member picked from the choices."""
    group, school = group_of(ctx), ctx.params.get("school", "")
    if not ctx.in_group or not groups_repo.awaiting_link(group) or ctx.session.get(School, school) is None:
        return  # already linked (someone was quicker) or a stale button: nothing to change
    claim(ctx, group, school)


@on.postback(postbacks.GROUP_AREA)
def link_area(ctx: Context) -> None:
    """Mark the group as an area-wide group (not one school's)."""
    group = group_of(ctx)
    if ctx.in_group and groups_repo.awaiting_link(group):
        claim(ctx, group, None)


@on.postback(postbacks.GROUP_APPROVE)
def approve_claim(ctx: Context) -> None:
    """Approve a group's claim to be a school's group, from the staff group's button."""
    decide_claim(ctx, approve=True)


@on.postback(postbacks.GROUP_REJECT)
def reject_claim(ctx: Context) -> None:
    """Reject a group's claim to be a school's group, from the staff group's button."""
    decide_claim(ctx, approve=False)


def decide_claim(ctx: Context, approve: bool) -> None:
    """Decide a claim when the tap is in the staff group; anywhere else (or a forged postback) changes nothing."""
    staff_group = ctx.office.staff_group_id
    if not staff_group or ctx.chat_id != staff_group:
        log.warning("claim decision tapped outside the staff group: refused")
        ctx.reply(text(texts.CLAIM_STAFF_ONLY))
        return
    group = groups_repo.get_for_update(ctx.session, ctx.params.get("g", ""))
    decision = group_claims.decide(ctx.session, group, ctx.params.get("claim", ""), approve, f"line:{ctx.user_id}",
                                   ctx.now)
    if group is not None and decision.message is not None:
        ctx.push(group.group_id, decision.message)
    ctx.reply(text(decision.answer))


@on.postback(postbacks.ROUND_DONE)
def round_done(ctx: Context) -> None:
    """Mark the round on the button as done for the group's school, while that round takes answers."""
    if not ctx.in_group:
        return
    group = group_of(ctx)
    if not in_force(ctx, group):
        return
    round_id = ctx.id_param("round")
    round_ = calendar_repo.get(ctx.session, round_id) if round_id is not None else None
    today = ctx.now.astimezone(BANGKOK).date()
    if round_ is None:  # an id out of range, or a round deleted since the button was sent
        ctx.reply(text(texts.ROUND_BUTTON_STALE))
    elif today < round_.opens:
        ctx.reply(text(texts.round_not_open(round_.name, long_date(round_.opens))))
    elif not open_rounds([round_], today, DONE_GRACE_DAYS):
        ctx.reply(text(texts.round_closed(round_.name)))
    else:
        mark(ctx, group, round_)


def in_force(ctx: Context, group: SchoolGroup) -> bool:
    """Say whether the group may mark its school's rounds done; answer the group when it may not."""
    if group.area_wide:
        return False  # an area-wide group has no one school to mark
    if group.school_code is None:
        ctx.reply(ask_school())
        return False
    if group.approved_at is None:
        ctx.reply(text(texts.GROUP_AWAITING_APPROVAL))
        return False
    return True


def complete(ctx: Context, group: SchoolGroup, system: str | None = None) -> None:
    """Record that the group's school entered its data for an open round; ask which round when several are open."""
    if not in_force(ctx, group):
        return
    today = ctx.now.astimezone(BANGKOK).date()
    candidates = [r for r in open_rounds(calendar_repo.rounds(ctx.session), today, DONE_GRACE_DAYS)
                  if system in (None, system_key(r.system))]
    if not candidates:
        ctx.reply(text(texts.NO_OPEN_ROUND))
        return
    done = reminders_repo.completions(ctx.session, [r.id for r in candidates if r.id is not None])
    pending = [r for r in candidates if (r.id, group.school_code) not in done]
    if len(pending) > 1:
        ctx.reply(text(texts.WHICH_ROUND, quick=[
            quick_postback(r.name, postbacks.data(postbacks.ROUND_DONE, round=r.id), r.name) for r in pending[:13]]))
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
