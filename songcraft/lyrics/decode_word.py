"""The word model's decoder: one vocabulary-wide mask per candidate per step."""

from __future__ import annotations

import numpy as np

from songcraft.lyrics.decode import RETRIES, LineSpec, Row, finish_locked, line_spec, word_ok
from songcraft.lyrics.model import LyricModel
from songcraft.lyrics.sampling import Sampling, sample
from songcraft.lyrics.tokens import BOS, PAD, UNK
from songcraft.seqlm import select_state


class WordDecoder:
    def __init__(
        self,
        model: LyricModel,
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
        self.newline = self.tok.index["<nl>"]
        self.lo, self.hi = tables.vocab_syllables

    def prime(self, n: int):
        ids = [BOS, *self.tok.encode("\n".join(self.context[-16:])), self.newline]
        cond = np.full(1, self.style_id, np.int32)
        logp, state = self.model.lm.feed(np.asarray([ids], np.int32), cond)
        index = np.zeros(n, np.int64)
        return np.repeat(logp, n, axis=0), select_state(state, index)

    def run(self, n: int, rng: np.random.Generator) -> list[Row]:
        rows = [Row() for _ in range(n)]
        logp, state = self.prime(n)
        cond = np.full(n, self.style_id, np.int32)
        queues: list[list[tuple[int, bool]]] = [[] for _ in range(n)]
        while True:
            inputs = np.full(n, PAD, np.int32)
            for r, row in enumerate(rows):
                inputs[r] = self.next_input(row, queues[r], logp[r], rng)
            if all(row.done for row in rows):
                return rows
            logp, state = self.model.lm.step(inputs, cond, state)

    def next_input(self, row: Row, queue, logp: np.ndarray, rng) -> int:
        if row.done:
            return PAD
        if queue:
            token, scored = queue.pop(0)
            if scored:
                row.logp += float(logp[token])
                row.tokens += 1
            return token
        if row.spec is None:
            if len(row.lines) == len(self.plans):
                row.done = True
                return PAD
            row.spec = line_spec(
                self.plans[len(row.lines)], self.context, row, self.tables, self.strictness
            )
            row.spec_mask = self.tables.vocab_mask(row.spec.endings)
            row.parts = []
            if row.spec.locked:
                ids = self.tok.encode(row.spec.locked) + [self.newline]
                queue.extend((i, False) for i in ids)
                finish_locked(row, row.spec)
                return self.next_input(row, queue, logp, rng)
        return self.choose(row, queue, logp, rng)

    def masks(self, row: Row, spec: LineSpec):
        lo, hi = row.syll
        top = spec.target + spec.tolerance
        ends = (
            row.spec_mask & (lo + self.lo <= top) & (hi + self.hi >= spec.target - spec.tolerance)
        )
        shortest = min((self.tables.syllables(w)[0] for w in spec.endings), default=1)
        middle = self.tables.vocab_is_word & (lo + self.lo + shortest <= top)
        middle[UNK] = False
        punct_ok = bool(row.parts) and row.parts[-1] not in ",.!?;:"
        punct = self.tables.vocab_is_punct & punct_ok
        return ends, middle, punct

    def choose(self, row: Row, queue, logp: np.ndarray, rng) -> int:
        spec = row.spec
        ends, middle, punct = self.masks(row, spec)
        allowed = ends | middle | punct
        for _ in range(RETRIES * 4):
            t = sample(logp, allowed, self.sampling, rng)
            if t is None:
                break
            word = self.tok.tokens[t]
            if not punct[t] and not word_ok(row, word, self.model.copy_guard):
                allowed[t] = False
                continue
            row.logp += float(logp[t])
            row.tokens += 1
            row.parts.append(word)
            if punct[t]:
                return t
            row.add_word(word, (int(self.lo[t]), int(self.hi[t])))
            if ends[t] and (not middle[t] or row.syll[0] >= spec.target):
                self.end_line(row, queue, word)
            return t
        return self.forced_ending(row, queue, logp)

    def forced_ending(self, row: Row, queue, logp: np.ndarray) -> int:
        """Nothing in the vocabulary fits: end on the best-fitting rhyme word itself."""
        spec = row.spec
        fits = [
            w for w in spec.endings if spec.window(*row.syll, self.tables.syllables(w))
        ] or spec.endings
        word = fits[0]
        t = self.tok.index.get(word, UNK)
        row.parts.append(word)
        row.add_word(word, self.tables.syllables(word))
        self.end_line(row, queue, word)
        return t

    def end_line(self, row: Row, queue, word: str) -> None:
        queue.append((self.newline, True))
        row.close_line(self.tok.join(row.parts), word)
