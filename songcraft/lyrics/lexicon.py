"""Per-model word tables the decoders need: syllables, rhyme sets, word checks.

Built once per loaded model (a few hundred milliseconds) and shared read-only.
"""

from __future__ import annotations

import functools
from functools import cached_property

import numpy as np

from songcraft.lyrics import phonetics
from songcraft.lyrics.cmudict import cmudict
from songcraft.lyrics.model import LyricModel


class WordTables:
    def __init__(self, model: LyricModel):
        self.model = model
        self.counts = {w: c for w, c in model.lexicon.items() if phonetics.pronunciations(w)}
        ends = model.line_ends
        # Words sung often but almost never at a line's end ("the", "and", "to") end no line.
        self.weak_endings = (
            {w for w, c in self.counts.items() if c >= 20 and ends.get(w, 0) < 0.05 * c}
            if ends
            else set()
        )
        self.index = phonetics.RhymeIndex(self.counts)

    def syllables(self, word: str) -> tuple[int, int]:
        counts = phonetics.syllable_counts(word) or {1}
        return min(counts), max(counts)

    def is_word(self, word: str) -> bool:
        """A word from the training lyrics or the pronouncing dictionary (not a guess)."""
        return word in self.counts or word in cmudict().lookup

    def rhyme_words(
        self, partner: str | None, strictness: str, rhymable: bool, limit: int = 400
    ) -> list[str]:
        """Words a line may end on: rhymes of `partner`, or rhymable words, most common first.

        Words that rarely end a line in the corpus come last, so they are used only when
        nothing else rhymes.
        """
        if partner:
            words = self.index.rhymes(partner, strictness, limit=limit)
            if not words:
                words = phonetics.find_rhymes(partner, strictness, self.counts, limit=limit)
            strong = [w for w in words if w not in self.weak_endings]
            return strong or words
        return list(self._ranked(strictness, rhymable)[:limit])

    @functools.lru_cache(maxsize=8)  # noqa: B019 - one WordTables per loaded model, kept alive
    def _ranked(self, strictness: str, rhymable: bool) -> tuple[str, ...]:
        """Words that end lines well, most often first; only those with rhymes if asked."""
        ends = self.model.line_ends or self.counts
        ranked = sorted(
            (w for w in self.counts if w not in self.weak_endings and len(w) > 1),
            key=lambda w: (-ends.get(w, 0), -self.counts[w]),
        )
        if rhymable:
            ranked = [w for w in ranked[:2000] if self.index.rhymable(w, strictness)]
        return tuple(ranked)

    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def syllable_table(self, words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Lowest and highest syllable counts of each word, as arrays."""
        pairs = [self.syllables(w) for w in words]
        return (
            np.array([p[0] for p in pairs], np.int32),
            np.array([p[1] for p in pairs], np.int32),
        )

    def middle_trie(self, budget: int) -> dict:
        """Letter trie of corpus words of at most `budget` syllables (char model)."""
        tries = self.__dict__.setdefault("_tries", {})
        if budget not in tries:
            from songcraft.lyrics.decode_char import build_trie

            chars = set(self.model.tokenizer.tokens)
            words = [w for w in self.counts if self.syllables(w)[0] <= budget and set(w) <= chars]
            tries[budget] = build_trie(words)
        return tries[budget]

    # Vocabulary-aligned arrays for the word model.
    @cached_property
    def vocab_syllables(self) -> tuple[np.ndarray, np.ndarray]:
        tokens = self.model.tokenizer.tokens
        lo = np.full(len(tokens), 99, np.int32)
        hi = np.full(len(tokens), 99, np.int32)
        for i, token in enumerate(tokens):
            if self.is_word(token):
                lo[i], hi[i] = self.syllables(token)
        return lo, hi

    @cached_property
    def vocab_is_word(self) -> np.ndarray:
        return self.vocab_syllables[0] < 99

    @cached_property
    def vocab_is_punct(self) -> np.ndarray:
        return np.array([t in {",", ".", "!", "?", ";", ":"} for t in self.model.tokenizer.tokens])

    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def vocab_mask(self, words: tuple[str, ...]) -> np.ndarray:
        """The vocabulary ids of `words`, as a read-only mask."""
        mask = np.zeros(len(self.model.tokenizer), bool)
        index = self.model.tokenizer.index
        for word in words:
            if word in index:
                mask[index[word]] = True
        mask &= self.vocab_is_word
        mask.flags.writeable = False
        return mask


def tables_for(model: LyricModel) -> WordTables:
    tables = getattr(model, "_word_tables", None)
    if tables is None:
        tables = WordTables(model)
        model._word_tables = tables
    return tables
