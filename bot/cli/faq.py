"""`bot faq …`: ask the knowledge base, evaluate it on labelled questions, see what it missed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from bot.cli.services import build
from bot.clock import BANGKOK, utcnow
from bot.knowledge import base, matcher


def _index() -> matcher.Index:
    """Return the index the bot answers from: shipped entries plus staff edits in the database."""

    services = build()
    with services.sessions() as session:
        return services.knowledge.current(session)


@click.group("faq")
def faq_commands() -> None:
    """The FAQ knowledge base."""


@faq_commands.command("ask")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option("--explain", is_flag=True, help="say why: the words that counted, the candidates and their scores")
def ask(text: str, as_json: bool, explain: bool) -> None:
    """Ask the bot a question as a teacher would (a 1:1 chat without a request in progress)."""
    from bot.knowledge import decide, model, timely
    from bot.storage import calendar_repo, settings_repo

    services = build()
    today = utcnow().astimezone(BANGKOK).date()
    with services.sessions() as session:
        index = services.knowledge.current(session)
        rounds = calendar_repo.for_answers(session, today)
        office = settings_repo.office(session, services.settings.office)
    learned = model.shipped()
    decision = decide.decide(index, learned, text)
    dated = timely.reply(text, today, lambda: rounds) if decide.calendar_may_answer(decision) else None
    entry = next((e for e in index.entries if e.id == decision.entry), None)
    out: dict[str, object] = {
        "action": "answer (calendar)" if dated else decision.action,
        "answer": dated or (base.answer_text(entry, rounds, today, office) if entry else None),
        "entry": None if dated else decision.entry, "request": decision.request,
        "suggestions": list(decision.suggestions), "confidence": decision.confidence}
    if explain:
        ev = decide.evidence(index, learned, text)
        kind = max(ev.kinds, key=ev.kinds.__getitem__)
        out["kinds"] = {k: round(p, 3) for k, p in sorted(ev.kinds.items(), key=lambda kv: -kv[1])}
        out["words that counted"] = {k: round(w, 3) for k, w in learned.router.explain(text, kind)}
        scores = {index.entries[n].id: round(score, 1) for score, n in ev.ranked[:5]}
        out["candidates"] = [{"entry": e, "judge": round(p, 3), "word match": scores.get(e),
                              "entry model": round(ev.by_model.get(e, 0.0), 3)}
                             for e, p in decide.judge(index, learned, ev)]
        out["thresholds"] = learned.thresholds
    if as_json or explain:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(out["answer"] or out)


@faq_commands.command("eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--today", "day", help="the day the questions are asked on (default: the file's `# today:`)")
@click.option("--show", type=click.Choice(["none", "misses", "all"]), default="none", show_default=True,
              help="also list questions and what the bot did (never on a held-out file)")
def eval_(path: Path, day: str | None, show: str) -> None:
    """Ask a labelled question file through the chat path; print direct right, one tap, wrong, refused."""
    from bot.evaluation import evaluate
    from bot.knowledge.grading import parse

    try:
        today, cases = parse(path.read_text(encoding="utf-8"), str(path))
        today = date.fromisoformat(day) if day else today or utcnow().astimezone(BANGKOK).date()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    report = evaluate(cases, today)
    if show != "none":
        for verdict in report.verdicts:
            if show == "all" or verdict.outcome not in ("right", "refused"):
                click.echo(f"{verdict.outcome:<8} {verdict.case.expect:<7} {verdict.case.question}\n"
                           f"         → {verdict.reply.kind} {verdict.reply.request or ''} "
                           f"{verdict.reply.text[:160]!r}")
    click.echo(f"{path.name} ({len(cases)} questions, asked on {today.isoformat()}): {report.summary()}")


DATA = Path("tests/data")
# The first question files, labelled by entry id: the router learns from them what a question looks like.
ENTRY_LABELLED = ("faq_eval.tsv", "faq_dev_a.tsv", "faq_dev_b.tsv", "faq_heldout.tsv", "faq_heldout2.tsv",
                  "faq_heldout3.tsv")


@faq_commands.command("train")
@click.option("--out", "path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="where to write the model (default: bot/knowledge/model.json)")
def train_(path: Path | None) -> None:
    """Train the router and the judge on tests/data (needs scikit-learn: pip install -e '.[train]')."""
    try:
        from bot.knowledge import grading, training
        from bot.knowledge.model import SHIPPED
        from bot.settings import Settings
    except ImportError as exc:
        raise click.ClickException(f"{exc}: install the training extra, pip install -e '.[train]'") from exc
    today = utcnow().astimezone(BANGKOK).date()  # for question files without a `# today:` line
    questions = training.read_questions(sorted(DATA.glob("faq_dev_manuals_*.tsv")), today)
    by_entry = grading.read_entry_labelled(DATA / name for name in ENTRY_LABELLED)
    asked_of = grading.read_entry_labelled([DATA / "faq_train_entries.tsv"])
    labelled = [*training.read_router_set(DATA / "router_train.tsv"),
                *training.read_router_set(DATA / "router_contrast.tsv"),
                *((text, "out" if entry == "none" else "answer") for text, entry in by_entry)]
    tuning = [training.read_questions([path], today) for path in sorted(DATA.glob("faq_tune_*.tsv"))]
    data, counts = training.train(base.load(), labelled, by_entry, questions, Settings().office, asked_of, tuning,
                                  today)
    training.write(data, path or SHIPPED)
    click.echo(f"trained on {data['trained_on']}; thresholds {data['thresholds']}")
    click.echo(f"outcomes on the tuning questions the thresholds were chosen on: {counts}")


@faq_commands.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export(path: Path) -> None:
    """Write every entry to one JSON file (to review, edit and import)."""
    entries = [base.entry_to_dict(e) for e in _index().entries]
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    click.echo(f"exported {len(entries)} entries to {path}")


@faq_commands.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(path: Path) -> None:
    """Store entries from a JSON file (as `export` writes it) in the database; same id = replace."""
    from bot.clock import utcnow
    from bot.storage import faq_repo

    try:
        entries = [base.entry_to_dict(base.entry_from_dict(d)) for d in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, TypeError, AttributeError) as exc:
        raise click.ClickException(f"{path}: {exc}; nothing imported") from exc
    with build().sessions() as session, session.begin():
        faq_repo.save_entries(session, entries, utcnow())
    click.echo(f"imported {len(entries)} entries")


@faq_commands.command("add-phrasing")
@click.argument("entry_id")
@click.argument("text")
def add_phrasing(entry_id: str, text: str) -> None:
    """Teach an entry another way teachers ask it (e.g. a question from `bot faq misses`)."""
    from bot.clock import utcnow
    from bot.storage import faq_repo

    entry = next((e for e in _index().entries if e.id == entry_id), None)
    if entry is None:
        raise click.ClickException(f"no entry {entry_id!r}")
    data = base.entry_to_dict(entry)
    data["phrasings"] = [*data["phrasings"], text]
    with build().sessions() as session, session.begin():
        faq_repo.save_entries(session, [data], utcnow())
    click.echo(f"{entry_id} now also answers: {text}")


@faq_commands.command("misses")
@click.option("--limit", default=30, show_default=True)
def misses(limit: int) -> None:
    """List questions the bot could not answer, or whose answer did not help, most frequent first."""
    from bot.storage import faq_repo

    with build().sessions() as session:
        for miss in faq_repo.misses(session, limit):
            click.echo(f"{miss.count:4d}  {miss.kind:<11} {miss.entry_id or '-':<16} {miss.question}")
