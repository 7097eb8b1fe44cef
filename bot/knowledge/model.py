"""The learned parts of the FAQ, run without scikit-learn: what a message is, and whether an answer is right.

Both are logistic regressions trained by `bot faq train` (bot/knowledge/training.py, scikit-learn) and shipped as
bot/knowledge/model.json; here they only multiply weights, so start-up and memory stay small (pure).

- The router reads a message's words and letter sequences and gives the probability of each kind: a question
  for the FAQ (`answer`), a request to start (`repair`, `consult`, `borrow`, `access`, `vconf`), another group's
  work (`other`), small talk (`chat`) or something out of scope (`out`).
- The entry model gives, for each knowledge-base entry it was trained on, the probability that a question is
  asked of it (one-vs-rest, sparse: only entries with evidence in the message are scored).
- The judge reads how well a candidate entry matches (by words and by the entry model), with the router's
  view, and gives the probability that the candidate's answer is the right one.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.knowledge.text import normalize, remember, tokens, words
from bot.thai import without_particles

SHIPPED = Path(__file__).with_name("model.json")
# The router's weights are shipped as whole thousandths in one base64 block of 16-bit integers (little-endian):
# parsing 350,000 numbers from JSON text was a sixth of the app's start-up.
ROUTER_SCALE = 1000
CHAR_SIZES = (2, 3, 4)


def features(text: str) -> dict[str, float]:
    """Return a message's features: its words, word pairs and letter sequences (spaces ignored), L2-normalised."""
    found: dict[str, float] = {}
    text = without_particles(text)
    every = words(text)
    meaningful = tokens(text)
    for word in every:
        found[f"w:{word}"] = 1.0
    for first, second in itertools.pairwise(every):
        found[f"b:{first} {second}"] = 1.0
    for word in meaningful:
        found[f"m:{word}"] = 1.0
    squashed = "".join(normalize(text).split())
    for size in CHAR_SIZES:
        for start in range(len(squashed) - size + 1):
            found[f"c:{squashed[start:start + size]}"] = 1.0
    found["len:short"] = 1.0 if len(meaningful) <= 2 else 0.0
    norm = math.sqrt(sum(v * v for v in found.values())) or 1.0
    return {key: value / norm for key, value in found.items() if value}


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


@dataclass
class LearnedRouter:
    """A multinomial logistic regression over `features`."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    index: dict[str, int]  # feature → its row in `weights`
    weights: array  # rows of len(classes) integers, thousandths of the weight

    def probabilities(self, text: str) -> dict[str, float]:
        """Return the probability of each kind of message."""
        return self.probabilities_of(features(text))

    def probabilities_of(self, found: Mapping[str, float]) -> dict[str, float]:
        width = len(self.classes)
        sums = [0.0] * width
        for key, value in found.items():
            row = self.index.get(key)
            if row is not None:
                base = row * width
                for k in range(width):
                    sums[k] += value * self.weights[base + k]
        scores = [b + total / ROUTER_SCALE for b, total in zip(self.intercept, sums, strict=True)]
        return dict(zip(self.classes, softmax(scores), strict=True))

    def explain(self, text: str, label: str, most: int = 8) -> list[tuple[str, float]]:
        """Return the features that pushed a message most toward `label`, with how much."""
        found, width, k = features(text), len(self.classes), self.classes.index(label)
        pushes = [(key, value * self.weights[self.index[key] * width + k] / ROUTER_SCALE)
                  for key, value in found.items() if key in self.index]
        return sorted(pushes, key=lambda item: -abs(item[1]))[:most]


@dataclass
class Entries:
    """One-vs-rest logistic regressions, one per knowledge-base entry, over `features` (sparse rows)."""

    ids: tuple[str, ...]
    intercept: tuple[float, ...]
    rows: dict[str, tuple[tuple[int, float], ...]]  # feature → (entry number, weight) where the weight is not 0

    def probabilities_of(self, found: Mapping[str, float]) -> dict[str, float]:
        """Return each entry's probability, for the entries the message gives evidence for."""
        scores: dict[int, float] = {}
        for key, value in found.items():
            for number, weight in self.rows.get(key, ()):
                scores[number] = scores.get(number, self.intercept[number]) + value * weight
        return {self.ids[n]: 1 / (1 + math.exp(-max(min(z, 40.0), -40.0))) for n, z in scores.items()}


@dataclass(frozen=True)
class Judge:
    """A binary logistic regression: the probability that the best entry's answer is right."""

    names: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept + sum(c * values.get(n, 0.0) for n, c in zip(self.names, self.coef, strict=True))
        return 1 / (1 + math.exp(-max(min(z, 40.0), -40.0)))


@dataclass(frozen=True)
class Model:
    """Everything `bot faq train` learned, and the thresholds chosen on the development questions."""

    router: LearnedRouter
    entries: Entries
    judge: Judge
    thresholds: dict[str, float]


def pack(rows: Mapping[str, Iterable[float]]) -> dict[str, object]:
    """Return a router's weight rows in their shipped form: the features, and one block of thousandths."""
    weights = array("h", (round(w * ROUTER_SCALE) for row in rows.values() for w in row))
    if sys.byteorder != "little":
        weights.byteswap()
    return {"features": list(rows), "weights": base64.b64encode(weights.tobytes()).decode("ascii")}


def router_from(data: Mapping[str, object]) -> LearnedRouter:
    classes = tuple(data["classes"])  # type: ignore[arg-type]
    weights = array("h", base64.b64decode(data["weights"]))  # type: ignore[arg-type]
    if sys.byteorder != "little":
        weights.byteswap()
    index = {key: row for row, key in enumerate(data["features"])}  # type: ignore[arg-type]
    return LearnedRouter(classes, tuple(data["intercept"]), index, weights)  # type: ignore[arg-type]


def entries_from(data: Mapping[str, object]) -> Entries:
    rows = {key: tuple((int(n), float(w)) for n, w in pairs)
            for key, pairs in data["weights"].items()}  # type: ignore[attr-defined]
    return Entries(tuple(data["ids"]), tuple(data["intercept"]), rows)  # type: ignore[arg-type]


def from_dict(data: Mapping[str, object]) -> Model:
    """Build the model from its JSON form."""
    judge = data["judge"]
    return Model(router_from(data["router"]), entries_from(data["entries"]),  # type: ignore[arg-type]
                 Judge(tuple(judge["names"]), tuple(judge["coef"]), float(judge["intercept"])),  # type: ignore[index]
                 dict(data["thresholds"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def shipped() -> Model:
    """Load the model that ships with the package (once per process), with the knowledge base's texts
    segmented when it was trained (segmenting them again is most of what start-up would cost)."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    remember(data.get("segmented", {}))
    return from_dict(data)


def top(probabilities: Mapping[str, float], among: Iterable[str] | None = None) -> tuple[str, float]:
    """Return the most probable kind (of `among`, if given) and its probability."""
    items = [(k, p) for k, p in probabilities.items() if among is None or k in among]
    return max(items, key=lambda item: item[1])
