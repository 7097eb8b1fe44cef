"""Train the router and the judge with scikit-learn, choose thresholds, and write bot/knowledge/model.json.

Run by `bot faq train` (scikit-learn comes with the `train` and `test` extras, not with the app). The data:
the knowledge base's own questions and phrasings, labelled messages (tests/data/router_*.tsv) and
question files labelled by facts (tests/data/faq_dev_manuals_*.tsv). The tuning files (faq_tune_*.tsv) are
only asked of the finished models, to choose thresholds (bot/knowledge/thresholds.py); the held-out files are
never read here. Probabilities used to fit the judge and to choose thresholds are out of fold, so the
thresholds are set on predictions for questions the models did not see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bot.collection_calendar import with_defaults
from bot.knowledge import base, grading, matcher, timely
from bot.knowledge.decide import (
    JUDGE_FEATURES,
    REQUESTS,
    Evidence,
    candidate_features,
    candidates,
    evidence,
)
from bot.knowledge.decide import judge as decide_judge
from bot.knowledge.model import Judge, Model, entries_from, features, pack, router_from
from bot.knowledge.text import normalize, segment
from bot.knowledge.thresholds import Scored, TuningQuestion, choose_thresholds
from bot.office import Office

KINDS = ("answer", *REQUESTS, "other", "chat", "out")
FOLDS = 5
ROUTER_C = 8.0
ENTRY_C = 10.0
DEVELOPMENT_WEIGHT = 3.0
MIN_DF = 2  # a feature seen in fewer examples is noise (a typo, a name) and only makes the file bigger
MIN_WEIGHT = 0.05  # weights smaller than this on every class are left out of the shipped file


def read_router_set(path: Path) -> list[tuple[str, str]]:
    """Read `message<TAB>label<TAB>detail` lines."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[1] not in KINDS:
            raise ValueError(f"{path}:{number}: expected message<TAB>label")
        rows.append((parts[0], parts[1]))
    return rows


def read_questions(paths: Iterable[Path], today: date) -> list[TuningQuestion]:
    """Read fact-labelled question files, each with its `# today:` (else `today`)."""
    out = []
    for path in paths:
        asked, cases = grading.parse(path.read_text(encoding="utf-8"), str(path))
        out += [TuningQuestion(case, asked or today) for case in cases]
    return out


def router_examples(entries: Sequence[matcher.Entry], labelled: Sequence[tuple[str, str]],
                    questions: Sequence[TuningQuestion]) -> tuple[list[str], list[str]]:
    """Return texts and labels for the router: entries' questions, the labelled set, the development questions."""
    texts = [text for e in entries for text in (e.question, *e.phrasings)]
    labels = ["answer"] * len(texts)
    texts += [text for text, _ in labelled]
    labels += [label for _, label in labelled]
    texts += [q.case.question for q in questions]
    labels += [q.case.expect for q in questions]
    return texts, labels


def vectorise(texts: Sequence[str]) -> tuple[Any, Any]:
    """Return the feature matrix of texts, keeping features seen in at least MIN_DF of them."""
    from sklearn.feature_extraction import DictVectorizer

    vectors = [features(t) for t in texts]
    seen: dict[str, int] = {}
    for vector in vectors:
        for key in vector:
            seen[key] = seen.get(key, 0) + 1
    vectors = [{k: v for k, v in vector.items() if seen[k] >= MIN_DF} for vector in vectors]
    vectorizer = DictVectorizer()
    return vectorizer, vectorizer.fit_transform(vectors)


def fit_router(texts: Sequence[str], labels: Sequence[str]) -> tuple[dict[str, Any], list[dict[str, float]]]:
    """Fit the router; return its JSON form and out-of-fold probabilities for every example."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    vectorizer, matrix = vectorise(texts)
    out_of_fold: list[dict[str, float]] = [{} for _ in texts]
    for train, held in StratifiedKFold(FOLDS, shuffle=True, random_state=7).split(matrix, labels):
        model = LogisticRegression(C=ROUTER_C, max_iter=3000, class_weight="balanced")
        model.fit(matrix[train], [labels[i] for i in train])
        for i, row in zip(held, model.predict_proba(matrix[held]), strict=True):
            out_of_fold[i] = dict(zip(model.classes_, map(float, row), strict=True))
    model = LogisticRegression(C=ROUTER_C, max_iter=3000, class_weight="balanced").fit(matrix, labels)
    weights = {}
    for column, name in enumerate(vectorizer.get_feature_names_out()):
        row = [round(float(w), 3) for w in model.coef_[:, column]]
        if max(abs(w) for w in row) >= MIN_WEIGHT:
            weights[str(name)] = row
    return ({"classes": [str(c) for c in model.classes_], "intercept": [round(float(b), 4) for b in model.intercept_],
             **pack(dict(sorted(weights.items())))}, out_of_fold)


def fit_entries(texts: Sequence[str], labels: Sequence[str], folds: Sequence[tuple[set[int], Sequence[str]]]
                ) -> tuple[dict[str, Any], list[list[dict[str, float]]]]:
    """Fit one-vs-rest entry models; return the JSON form and, per fold, the entry probabilities of its texts
    from models trained without the fold's excluded examples."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    vectorizer, matrix = vectorise([*texts, *(t for _, asked in folds for t in asked)])
    width = len(texts)

    def fit(rows: Sequence[int]) -> Any:
        return OneVsRestClassifier(LogisticRegression(C=ENTRY_C, l1_ratio=1.0, solver="liblinear", random_state=0))\
            .fit(matrix[list(rows)], [labels[i] for i in rows])

    out_of_fold: list[list[dict[str, float]]] = []
    offset = width
    for excluded, asked in folds:
        model = fit([i for i in range(width) if i not in excluded])
        rows = model.predict_proba(matrix[offset:offset + len(asked)])
        out_of_fold.append([{str(c): float(p) for c, p in zip(model.classes_, row, strict=True) if p >= 0.01}
                            for row in rows])
        offset += len(asked)
    model = fit(range(width))
    coef = [estimator.coef_[0] for estimator in model.estimators_]
    weights: dict[str, list[list[float]]] = {}
    for column, name in enumerate(vectorizer.get_feature_names_out()):
        pairs = [[n, round(float(row[column]), 3)] for n, row in enumerate(coef) if abs(row[column]) >= MIN_WEIGHT]
        if pairs:
            weights[str(name)] = pairs
    return ({"ids": [str(c) for c in model.classes_],
             "intercept": [round(float(e.intercept_[0]), 4) for e in model.estimators_], "weights": weights},
            out_of_fold)


def dated(question: TuningQuestion) -> bool:
    """Say whether the bot answers the question from the calendar or the year rules, before the FAQ."""
    return bool(timely.reply(question.case.question, question.today, lambda: with_defaults([], question.today)))


def facts_found(index: matcher.Index, question: TuningQuestion, office: Office) -> dict[str, bool]:
    """Return, for every entry, whether its answer (rendered for the question's day) has the question's facts."""
    rounds = with_defaults([], question.today)
    return {e.id: question.case.expect == "answer" and grading.has_facts(
        base.answer_text(e, rounds, question.today, office), question.case.facts) for e in index.entries}


def fit_judge(index: matcher.Index, scored: Sequence[Scored]) -> tuple[Judge, list[list[tuple[str, float]]]]:
    """Fit the judge on whether each candidate's answer was right; return it and out-of-fold judged lists."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    rows = [(number, entry_id) for number, s in enumerate(scored) if not s.dated
            for entry_id in candidates(index, s.evidence)]
    x = [[candidate_features(index, scored[n].evidence, e)[k] for k in JUDGE_FEATURES] for n, e in rows]
    y = [int(scored[n].right.get(e, False)) for n, e in rows]
    # questions written from the manuals, labelled by facts, are what teachers ask: they count more than
    # questions written to fit one entry
    weight = [DEVELOPMENT_WEIGHT if scored[n].question.case.facts else 1.0 for n, _ in rows]
    out_of_fold: list[list[tuple[str, float]]] = [[] for _ in scored]
    numbers = sorted({n for n, _ in rows})
    for _, held_q in KFold(FOLDS, shuffle=True, random_state=7).split(numbers):
        held = {numbers[i] for i in held_q}
        train = [i for i, (n, _) in enumerate(rows) if n not in held]
        tested = [i for i, (n, _) in enumerate(rows) if n in held]
        part = LogisticRegression(C=1.0, max_iter=2000).fit([x[i] for i in train], [y[i] for i in train],
                                                            sample_weight=[weight[i] for i in train])
        for i, p in zip(tested, part.predict_proba([x[i] for i in tested])[:, 1], strict=True):
            out_of_fold[rows[i][0]].append((rows[i][1], float(p)))
    whole = LogisticRegression(C=1.0, max_iter=2000).fit(x, y, sample_weight=weight)
    judge = Judge(JUDGE_FEATURES, tuple(round(float(c), 4) for c in whole.coef_[0]),
                  round(float(whole.intercept_[0]), 4))
    return judge, [sorted(j, key=lambda item: -item[1]) for j in out_of_fold]


def entry_examples(entries: Sequence[matcher.Entry], by_entry: Sequence[tuple[str, str]],
                   questions: Sequence[TuningQuestion], index: matcher.Index, office: Office
                   ) -> tuple[list[str], list[str], dict[int, int]]:
    """Return texts and entry ids for the entry model, and which example each development question became.

    A development question is labelled with the entry the word matcher ranks highest among those whose answer
    has its facts (questions no entry answers are left out).
    """
    known = {e.id for e in entries}
    texts = [text for e in entries for text in (e.question, *e.phrasings)]
    labels = [e.id for e in entries for _ in (e.question, *e.phrasings)]
    for text, label in by_entry:
        if label in known:
            texts.append(text)
            labels.append(label)
    example_of: dict[int, int] = {}
    for number, question in enumerate(questions):
        if question.case.expect != "answer":
            continue
        right = facts_found(index, question, office)
        ranked, _ = matcher.score_entries(index, question.case.question)
        label = next((index.entries[n].id for _, n in ranked if right[index.entries[n].id]), None)
        label = label or next((e for e, ok in right.items() if ok), None)
        if label is not None:
            example_of[number] = len(texts)
            texts.append(question.case.question)
            labels.append(label)
    return texts, labels, example_of


def train(entries: Sequence[matcher.Entry], labelled: Sequence[tuple[str, str]], by_entry: Sequence[tuple[str, str]],
          questions: Sequence[TuningQuestion], office: Office, asked_of: Sequence[tuple[str, str]] = (),
          tuning: Sequence[Sequence[TuningQuestion]] = (), today: date | None = None
          ) -> tuple[dict[str, Any], dict[str, int]]:
    """Train everything; return the model's JSON form and the simulated outcomes the thresholds were chosen on.

    `asked_of`: questions labelled with the entry that answers them; they train the entry model and, out of
    fold, the judge (the development questions, labelled by facts, do both). The thresholds are chosen on the
    development questions' out-of-fold outcomes and on `tuning` (question files no model sees, asked of the
    finished models), best overall among those that meet the targets on every tuning file: 315 questions
    alone made the choice jump from one retraining to the next.
    """
    from sklearn.model_selection import KFold

    index = matcher.build(entries)
    texts, labels = router_examples(entries, [*labelled, *((q, "answer") for q, _ in asked_of)], questions)
    router_json, router_oof = fit_router(texts, labels)
    kinds = router_oof[len(texts) - len(questions):]
    asked_kinds = router_oof[len(texts) - len(questions) - len(asked_of):len(texts) - len(questions)]
    entry_texts, entry_labels, example_of = entry_examples(entries, [*by_entry, *asked_of], questions, index, office)
    known = {e.id for e in entries}
    first_asked = len(entry_texts) - len(example_of) - sum(1 for _, e in asked_of if e in known)
    asked_example = {}
    position = first_asked
    for number, (_, entry_id) in enumerate(asked_of):
        if entry_id in known:
            asked_example[number] = position
            position += 1
    # every judged question gets entry probabilities from models that never saw it
    items = [("q", n) for n in range(len(questions))] + [("a", n) for n in range(len(asked_of))]
    folds = [[items[i] for i in held] for _, held in KFold(FOLDS, shuffle=True, random_state=7).split(items)]

    def example(item: tuple[str, int]) -> int | None:
        return example_of.get(item[1]) if item[0] == "q" else asked_example.get(item[1])

    def text_of(item: tuple[str, int]) -> str:
        return questions[item[1]].case.question if item[0] == "q" else asked_of[item[1]][0]

    entries_json, predicted = fit_entries(entry_texts, entry_labels, [
        ({x for item in fold if (x := example(item)) is not None}, [text_of(item) for item in fold])
        for fold in folds])
    by_model = {item: p for fold, rows in zip(folds, predicted, strict=True)
                for item, p in zip(fold, rows, strict=True)}
    scored = []
    for number, (question, probabilities) in enumerate(zip(questions, kinds, strict=True)):
        ranked, parsed = matcher.score_entries(index, question.case.question)
        scored.append(Scored(question, Evidence(normalize(question.case.question), probabilities, ranked, parsed,
                                                by_model[("q", number)]),
                             facts_found(index, question, office), dated(question)))
    extra = []
    for number, ((text, entry_id), probabilities) in enumerate(zip(asked_of, asked_kinds, strict=True)):
        ranked, parsed = matcher.score_entries(index, text)
        extra.append(Scored(TuningQuestion(grading.Case(text, "answer"), today or questions[0].today),
                            Evidence(normalize(text), probabilities, ranked, parsed, by_model[("a", number)]),
                            {entry_id: True}, False))
    judge, judged = fit_judge(index, [*scored, *extra])
    judged = judged[:len(scored)]
    if tuning:  # the development questions' out-of-fold outcomes, and the finished models' on the tuning ones
        finished = Model(router_from(router_json), entries_from(entries_json), judge, {})
        tuned = [Scored(q, evidence(index, finished, q.case.question), facts_found(index, q, office), dated(q))
                 for part in tuning for q in part]
        scored, judged = [*scored, *tuned], [*judged, *(decide_judge(index, finished, s.evidence) for s in tuned)]
    thresholds, counts = choose_thresholds(scored, judged, [len(part) for part in tuning])
    segmented = {text: " ".join(segment(text)) for entry in entries for text in matcher.texts_of(entry)}
    data = {"router": router_json, "entries": entries_json, "segmented": segmented,
            "judge": {"names": list(judge.names), "coef": list(judge.coef), "intercept": judge.intercept},
            "thresholds": thresholds,
            "trained_on": {"router_examples": len(texts), "entry_examples": len(entry_labels),
                           "entries": len(entries), "questions": len(questions), "asked_of": len(asked_of)}}
    return data, counts


def write(data: dict[str, Any], path: Path) -> None:
    """Write the model compactly (a feature or a weight row per line, so a change reads well in a diff)."""
    lines = ["{", f' "thresholds": {json.dumps(data["thresholds"])},',
             f' "trained_on": {json.dumps(data["trained_on"])},', f' "judge": {json.dumps(data["judge"])},',
             f' "segmented": {json.dumps(data["segmented"], ensure_ascii=False, indent=0, sort_keys=True)},']
    router = data["router"]
    lines += [f' "router": {{"classes": {json.dumps(router["classes"])},',
              f'  "intercept": {json.dumps(router["intercept"])},',
              f'  "weights": {json.dumps(router["weights"])},', '  "features": [',
              ",\n".join(f"   {json.dumps(k, ensure_ascii=False)}" for k in router["features"]), "  ]},"]
    table = data["entries"]
    head = ", ".join(f'"{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in table.items() if k != "weights")
    rows = [f"   {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in sorted(table["weights"].items())]
    lines += [f' "entries": {{{head}, "weights": {{', ",\n".join(rows), "  }}"]
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
