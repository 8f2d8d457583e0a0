"""The Markov baseline: an interpolated Kneser-Ney trigram over the same chord tokens.

It reads exactly the token streams the LSTM reads (mode, section, bar shapes, chords) but
has no style condition. Distributions are cached per context, since chord contexts repeat
a great deal.
"""

from __future__ import annotations

import numpy as np

from songcraft.ngram import NGramLM


class MarkovChords:
    """An n-gram model over token ids, answering with log-probabilities over the vocabulary."""

    def __init__(self, vocab_size: int, order: int = 3):
        self.vocab_size = vocab_size
        self.order = order
        self.lm = NGramLM(order=order)
        self._cache: dict[tuple, np.ndarray] = {}

    def fit(self, sequences: list[list[int]]) -> MarkovChords:
        """Fit on id sequences; each starts with the start token, which n-gram padding replaces."""
        self.lm.fit([list(s[1:]) for s in sequences])
        self._cache.clear()
        return self

    def logp(self, context: tuple[int, ...]) -> np.ndarray:
        """Log-probabilities [V] of the next token after `context` (the start token excluded)."""
        context = tuple(context)[-(self.order - 1) :] if self.order > 1 else ()
        cached = self._cache.get(context)
        if cached is None:
            probs = np.array([self.lm.prob(t, context) for t in range(self.vocab_size)])
            probs = np.maximum(probs, 1e-12)
            cached = np.log(probs / probs.sum())
            self._cache[context] = cached
        return cached
