"""Constrained, batched decoding shared by both lyric models.

All candidates advance together, one model step at a time, with the LSTM state carried
explicitly (NumpyLM). Constraints are hard: a line that must rhyme can only end on a word
from its rhyme set (end-slot masking), and only once its syllables land within the
tolerance of the target; middle words are allowed only while a rhyme word still fits.
Loop and copy guards reject a word and draw again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from songcraft.errors import SongcraftError
from songcraft.lyrics.guards import line_words, makes_loop
from songcraft.lyrics.plan import LinePlan, partner_word
from songcraft.lyrics.sampling import Sampling
from songcraft.lyrics.tokens import BOS, PAD
from songcraft.seqlm import select_state

RETRIES = 6  # draws before a rejected word gives way to the end slot
OFF_TARGET, OFF_TOLERANCE = 8, 4  # "no syllable target": lines of 4 to 12 syllables


@dataclass
class LineSpec:
    """A plan made concrete for one candidate: numbers and the allowed ending words."""

    target: int
    tolerance: int
    endings: tuple[str, ...]  # words the line may end on (rhymes, rhymable words, or any)
    partner: str | None
    locked: str | None
    ending_lo: np.ndarray  # lowest syllable count of each ending
    ending_hi: np.ndarray  # highest syllable count of each ending

    @property
    def shortest(self) -> int:
        return int(self.ending_lo.min()) if len(self.endings) else 1

    def window(self, lo: int, hi: int, word: tuple[int, int]) -> bool:
        """Whether ending now, on a word with syllables `word`, lands the line in range."""
        return (
            lo + word[0] <= self.target + self.tolerance
            and hi + word[1] >= self.target - self.tolerance
        )

    def fitting(self, lo: int, hi: int, limit: int) -> list[str]:
        """The first `limit` endings that would land the line in range now."""
        ok = (lo + self.ending_lo[:limit] <= self.target + self.tolerance) & (
            hi + self.ending_hi[:limit] >= self.target - self.tolerance
        )
        return [self.endings[i] for i in np.flatnonzero(ok)]


@dataclass
class Row:
    """One candidate being written."""

    lines: list[str] = field(default_factory=list)
    rhyme_words: list[str | None] = field(default_factory=list)
    partners: list[str | None] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # current line so far
    history: list[str] = field(default_factory=list)  # every generated word, for loop checks
    syll: tuple[int, int] = (0, 0)
    logp: float = 0.0
    tokens: int = 0
    spec: LineSpec | None = None
    done: bool = False

    def add_word(self, word: str, syllables: tuple[int, int]) -> None:
        self.words.append(word)
        self.history.append(word)
        self.syll = (self.syll[0] + syllables[0], self.syll[1] + syllables[1])

    def close_line(self, text: str, rhyme: str | None) -> None:
        self.lines.append(text)
        self.rhyme_words.append(rhyme)
        self.partners.append(self.spec.partner if self.spec else None)
        self.words, self.syll, self.spec = [], (0, 0), None


def line_spec(plan: LinePlan, context: list[str], row: Row, tables, strictness: str) -> LineSpec:
    partner = partner_word(plan, context, row.lines)
    target, tolerance = (plan.target, 1) if plan.target else (OFF_TARGET, OFF_TOLERANCE)
    endings = (
        tables.rhyme_words(partner, strictness, plan.needs_rhymable)
        if partner or plan.needs_rhymable
        else tables.rhyme_words(None, strictness, False, limit=3000)
    )
    if not endings:
        raise SongcraftError(
            f"No word rhymes with '{partner}' ({strictness} rhyme). Try slant rhyme, end the "
            "line on another word, or choose the free scheme."
        )
    endings = tuple(endings)
    lo, hi = tables.syllable_table(endings)
    return LineSpec(target, tolerance, endings, partner, plan.locked, lo, hi)


def word_ok(row: Row, word: str, guard) -> bool:
    """Loop guard (within the candidate) and copy guard (against the corpus)."""
    if makes_loop(row.history, word):
        return False
    return not guard.tail_copies([*row.words, word])


def finish_locked(row: Row, spec: LineSpec) -> None:
    """A locked line is taken as written; its last word is its rhyme word."""
    words = line_words(spec.locked or "")
    row.history.extend(words)
    row.close_line(spec.locked or "", words[-1] if words else None)


def score(row: Row) -> float:
    return row.logp / max(row.tokens, 1)


def distinct(rows: list[Row]) -> list[int]:
    """Indexes of rows that repeat an earlier row's lines."""
    seen, repeats = set(), []
    for i, row in enumerate(rows):
        key = tuple(line.lower() for line in row.lines)
        if key in seen:
            repeats.append(i)
        seen.add(key)
    return repeats


def rng_for(seed: int, attempt: int) -> np.random.Generator:
    return np.random.default_rng([seed, attempt])


class BatchDecoder:
    """The loop both models share: every candidate advances one model step per iteration.

    Subclasses set `newline` and implement `start_line` (per-line setup) and `choose`
    (pick the next token for one row from its log-probabilities).
    """

    newline: int

    def __init__(
        self,
        model,
        tables,
        context: list[str],
        plans,
        style_id: int,
        sampling: Sampling,
        strictness: str,
    ):
        self.model, self.tables, self.context, self.plans = model, tables, context, plans
        self.style_id, self.sampling, self.strictness = style_id, sampling, strictness
        self.tok = model.tokenizer

    def prime(self, n: int):
        """Read the writer's recent lines once, then copy that state to every candidate."""
        ids = [BOS, *self.tok.encode("\n".join(self.context[-16:])), self.newline]
        cond = np.full(1, self.style_id, np.int32)
        logp, state = self.model.lm.feed(np.asarray([ids], np.int32), cond)
        return np.repeat(logp, n, axis=0), select_state(state, np.zeros(n, np.int64))

    def run(self, n: int, rng: np.random.Generator) -> list[Row]:
        rows = [Row() for _ in range(n)]
        logp, self.state = self.prime(n)
        cond = np.full(n, self.style_id, np.int32)
        queues: list[list[tuple[int, bool]]] = [[] for _ in range(n)]
        while True:
            inputs = np.full(n, PAD, np.int32)
            for r, row in enumerate(rows):
                inputs[r] = self.next_input(r, row, queues[r], logp, rng)
            if all(row.done for row in rows):
                return rows
            logp, self.state = self.model.lm.step(inputs, cond, self.state)

    def next_input(self, r: int, row: Row, queue, logp: np.ndarray, rng) -> int:
        if row.done:
            return PAD
        if queue:  # forced tokens: a locked line, or the line break after a rhyme word
            token, scored = queue.pop(0)
            if scored:
                row.logp += float(logp[r, token])
                row.tokens += 1
            return token
        if row.spec is None:
            if len(row.lines) == len(self.plans):
                row.done = True
                return PAD
            row.spec = line_spec(
                self.plans[len(row.lines)], self.context, row, self.tables, self.strictness
            )
            self.start_line(row)
            if row.spec.locked:
                queue.extend((i, False) for i in self.tok.encode(row.spec.locked + "\n"))
                finish_locked(row, row.spec)
                return self.next_input(r, row, queue, logp, rng)
        return self.choose(r, row, queue, logp, rng)

    def start_line(self, row: Row) -> None:
        raise NotImplementedError

    def choose(self, r: int, row: Row, queue, logp: np.ndarray, rng) -> int:
        raise NotImplementedError
