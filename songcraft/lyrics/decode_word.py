"""The word model's decoder: one vocabulary-wide mask per candidate per step."""

from __future__ import annotations

import numpy as np

from songcraft.lyrics.decode import RETRIES, BatchDecoder, LineSpec, Row, word_ok
from songcraft.lyrics.sampling import sample
from songcraft.lyrics.tokens import UNK


class WordDecoder(BatchDecoder):
    def __init__(self, *args):
        super().__init__(*args)
        self.newline = self.tok.index["<nl>"]
        self.lo, self.hi = self.tables.vocab_syllables

    def start_line(self, row: Row) -> None:
        row.spec_mask = self.tables.vocab_mask(row.spec.endings)
        row.parts = []

    def masks(self, row: Row, spec: LineSpec):
        lo, hi = row.syll
        top = spec.target + spec.tolerance
        ends = (
            row.spec_mask & (lo + self.lo <= top) & (hi + self.hi >= spec.target - spec.tolerance)
        )
        middle = self.tables.vocab_is_word & (lo + self.lo + spec.shortest <= top)
        middle[UNK] = False
        last = row.parts[-1] if row.parts else None  # no comma after "the" or "and"
        punct_ok = (
            last is not None and last not in ",.!?;:" and last not in self.tables.weak_endings
        )
        punct = self.tables.vocab_is_punct & punct_ok
        return ends, middle, punct

    def choose(self, r: int, row: Row, queue, logp: np.ndarray, rng) -> int:
        logp = logp[r]
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
        fits = spec.fitting(*row.syll, len(spec.endings)) or list(spec.endings)
        guard = self.model.copy_guard
        word = next((w for w in fits if word_ok(row, w, guard)), fits[0])
        t = self.tok.index.get(word, UNK)
        row.parts.append(word)
        row.add_word(word, self.tables.syllables(word))
        self.end_line(row, queue, word)
        return t

    def end_line(self, row: Row, queue, word: str) -> None:
        queue.append((self.newline, True))
        row.close_line(self.tok.join(row.parts), word)
