"""Next-chord evaluation of the LSTM against the trigram baseline on the same tokens.

Two views, both over chord tokens only (bar shapes are given, not scored):
- changes: every chord that differs from the one before it (held chords merged); the
  candidates are all chords except the one being left, renormalised;
- bars: the chord on each bar's downbeat, holding the previous chord allowed.
For each: top-1 and top-5 accuracy and perplexity (exp of the mean negative log-likelihood).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from songcraft.chords.corpus import alternatives, load_corpus
from songcraft.chords.markov import MarkovChords
from songcraft.chords.model import ChordModel
from songcraft.chords.progfile import ProgressionLine, read_progression_file
from songcraft.errors import SongcraftError

VIEWS = ("changes", "bars")
BATCH = 256


@dataclass
class Tally:
    nll: float = 0.0
    top1: int = 0
    top5: int = 0
    count: int = 0

    def add(self, logp_row: np.ndarray, allowed: np.ndarray, target: int) -> None:
        scores = logp_row[allowed]
        norm = np.logaddexp.reduce(scores)
        target_score = logp_row[target]
        rank = int((scores > target_score).sum())
        self.nll += float(norm - target_score)
        self.top1 += rank == 0
        self.top5 += rank < 5
        self.count += 1

    def summary(self) -> dict:
        n = max(self.count, 1)
        return {
            "top1": self.top1 / n,
            "top5": self.top5 / n,
            "perplexity": math.exp(self.nll / n) if self.count else math.nan,
            "count": self.count,
        }


@dataclass
class Scores:
    views: dict[str, Tally] = field(default_factory=lambda: {v: Tally() for v in VIEWS})

    def summary(self) -> dict:
        return {view: tally.summary() for view, tally in self.views.items()}


def score_sequence(ids: list[int], logps: np.ndarray, model: ChordModel, scores: Scores) -> None:
    """Add one sequence's positions; logps[t] is the distribution for ids[t + 1]."""
    table = model.table
    previous = None
    for t in range(1, len(ids)):
        target = ids[t]
        if not table.is_chord[target]:
            continue
        row = logps[t - 1]
        if table.is_pattern[ids[t - 1]]:
            scores.views["bars"].add(row, table.is_chord, target)
        if target != previous:
            allowed = table.is_chord.copy()
            if previous is not None:
                allowed[previous] = False
            scores.views["changes"].add(row, allowed, target)
        previous = target


def lstm_logps(model: ChordModel, batch: list[tuple[list[int], int]]) -> list[np.ndarray]:
    """Per sequence, [T-1, V] next-token log-probabilities from the NumPy LSTM."""
    length = max(len(ids) for ids, _ in batch)
    tokens = np.zeros((len(batch), length), dtype=np.int32)
    for row, (ids, _) in enumerate(batch):
        tokens[row, : len(ids)] = ids
    conds = np.asarray([c for _, c in batch], dtype=np.int32)
    state = model.lm.initial_state(len(batch))
    steps = []
    for t in range(length - 1):
        logp, state = model.lm.step(tokens[:, t], conds, state)
        steps.append(logp)
    stacked = np.stack(steps, axis=1)
    return [stacked[row, : len(ids) - 1] for row, (ids, _) in enumerate(batch)]


def markov_logps(markov: MarkovChords, ids: list[int]) -> np.ndarray:
    return np.stack([markov.logp(tuple(ids[1 : t + 1])) for t in range(len(ids) - 1)])


def evaluate_examples(
    model: ChordModel, markov: MarkovChords, examples: list[tuple[list[int], int]]
) -> dict:
    """Both models' figures on encoded examples (ids, style id)."""
    lstm, trigram = Scores(), Scores()
    for start in range(0, len(examples), BATCH):
        batch = examples[start : start + BATCH]
        for (ids, _), logps in zip(batch, lstm_logps(model, batch), strict=True):
            score_sequence(ids, logps, model, lstm)
            score_sequence(ids, markov_logps(markov, ids), model, trigram)
    return {"lstm": lstm.summary(), "trigram": trigram.summary()}


def encode_lines(
    model: ChordModel,
    lines: list[ProgressionLine],
    use_style: bool,
    on_error: Callable[[ProgressionLine, str], None],
) -> list:
    out = []
    for line in lines:
        try:
            ids = model.vocab.encode(alternatives(line, section=use_style))
        except SongcraftError as err:
            on_error(line, str(err))
            continue
        style = (line.style or "any").lower() if use_style else "any"
        out.append((ids, model.vocab.styles.index(style) if style in model.vocab.styles else 0))
    return out


def fit_baseline(model: ChordModel, train: list[ProgressionLine]) -> MarkovChords:
    examples = encode_lines(model, train, True, lambda line, err: None)
    return MarkovChords(len(model.vocab)).fit([ids for ids, _ in examples])


def evaluate(model: ChordModel, file: str | None = None) -> dict:
    """Figures on a progression file (metadata ignored) or on the corpus test split."""
    corpus = load_corpus()
    markov = fit_baseline(model, corpus.splits["train"])
    problems: list[tuple[int, str]] = []
    report: dict = {"source": file or "corpus test split"}
    if file is None:
        lines, use_style, bad = corpus.splits["test"], True, 0
    else:
        result = read_progression_file(file, metadata=False)
        lines, use_style, bad = result.progressions, False, result.bad_chords
        problems += result.problems
    encoded = encode_lines(
        model, lines, use_style, lambda line, err: problems.append((line.line, err))
    )
    if not encoded:
        details = "; ".join(f"line {n}: {m}" for n, m in problems[:5])
        raise SongcraftError(
            f"No progression in {file or 'the test split'} could be read"
            + (f" ({details})." if details else ".")
        )
    report.update(evaluate_examples(model, markov, encoded))
    report.update(
        {
            "progressions": len(encoded),
            "unparsed_chords": bad,
            "unreadable_lines": len(problems),
            "problems": problems[:50],
        }
    )
    return report
