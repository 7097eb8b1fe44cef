"""`bot faq …`: ask the knowledge base, evaluate it on labelled questions, see what it missed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from bot.clock import BANGKOK, utcnow
from bot.knowledge import base, matcher


def _index() -> matcher.Index:
    """Return the index the bot answers from: shipped entries plus staff edits in the database."""
    from bot.cli import _services

    services = _services()
    with services.sessions() as session:
        return services.knowledge.current(session)


def evaluate(index: matcher.Index, rows: list[tuple[str, str]]) -> dict[str, float | int]:
    """Score labelled questions: top-1 accuracy in domain, correct refusals out of domain (label `none`)."""
    inside = [(q, label) for q, label in rows if label != "none"]
    outside = [q for q, label in rows if label == "none"]
    hits = sum(1 for q, label in inside if matcher.match(index, q).entry == label)
    refused = sum(1 for q in outside if not matcher.match(index, q).matched)
    return {"in_domain": len(inside), "top1": hits / len(inside) if inside else 0.0,
            "out_of_domain": len(outside), "refused": refused / len(outside) if outside else 0.0}


def read_tsv(path: Path) -> list[tuple[str, str]]:
    """Read `question<TAB>expected entry id or none` lines; # starts a comment."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in csv.reader(handle, delimiter="\t"):
            if line and not line[0].startswith("#"):
                if len(line) != 2:
                    raise click.ClickException(f"{path}: expected 2 columns, got {line!r}")
                rows.append((line[0], line[1].strip()))
    return rows


@click.group("faq")
def faq_commands() -> None:
    """The FAQ knowledge base."""


@faq_commands.command("ask")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def ask(text: str, as_json: bool) -> None:
    """Ask the knowledge base a question, as a teacher would."""
    from bot.cli import _services
    from bot.storage import calendar_repo, settings_repo

    services = _services()
    today = utcnow().astimezone(BANGKOK).date()
    with services.sessions() as session:
        index = services.knowledge.current(session)
        rounds = calendar_repo.for_answers(session, today)
        office = settings_repo.office(session, services.settings.office)
    result = matcher.match(index, text)
    entry = next((e for e in index.entries if e.id == result.entry), None)
    answer = base.answer_text(entry, rounds, today, office) if entry else None
    out = {"matched": result.matched, "entry": result.entry, "score": result.score, "answer": answer,
           "suggestions": list(result.suggestions)}
    click.echo(json.dumps(out, ensure_ascii=False, indent=2) if as_json else (answer or out))


@faq_commands.command("eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def eval_(path: Path) -> None:
    """Print accuracy on a labelled TSV (question, expected entry id or `none`)."""
    figures = evaluate(_index(), read_tsv(path))
    click.echo(f"in domain: {figures['top1']:.1%} top-1 of {figures['in_domain']}; "
               f"out of domain: {figures['refused']:.1%} refused of {figures['out_of_domain']}")


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
    from bot.cli import _services
    from bot.clock import utcnow
    from bot.storage import faq_repo

    try:
        entries = [base.entry_to_dict(base.entry_from_dict(d)) for d in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, TypeError, AttributeError) as exc:
        raise click.ClickException(f"{path}: {exc}; nothing imported") from exc
    with _services().sessions() as session, session.begin():
        faq_repo.save_entries(session, entries, utcnow())
    click.echo(f"imported {len(entries)} entries")


@faq_commands.command("add-phrasing")
@click.argument("entry_id")
@click.argument("text")
def add_phrasing(entry_id: str, text: str) -> None:
    """Teach an entry another way teachers ask it (e.g. a question from `bot faq misses`)."""
    from bot.cli import _services
    from bot.clock import utcnow
    from bot.storage import faq_repo

    entry = next((e for e in _index().entries if e.id == entry_id), None)
    if entry is None:
        raise click.ClickException(f"no entry {entry_id!r}")
    data = base.entry_to_dict(entry)
    data["phrasings"] = [*data["phrasings"], text]
    with _services().sessions() as session, session.begin():
        faq_repo.save_entries(session, [data], utcnow())
    click.echo(f"{entry_id} now also answers: {text}")


@faq_commands.command("misses")
@click.option("--limit", default=30, show_default=True)
def misses(limit: int) -> None:
    """List questions the bot could not answer, or whose answer did not help, most frequent first."""
    from bot.cli import _services
    from bot.storage import faq_repo

    with _services().sessions() as session:
        for miss in faq_repo.misses(session, limit):
            click.echo(f"{miss.count:4d}  {miss.kind:<11} {miss.entry_id or '-':<16} {miss.question}")
