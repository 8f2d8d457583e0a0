"""Interpolated Kneser-Ney n-gram model: the baseline every LSTM is measured against.

Works on any hashable tokens (characters, words, chord tokens, melody tokens). Lower orders
use continuation counts; an unseen context backs off entirely to the shorter one; the
lowest order interpolates with a uniform distribution over the vocabulary, so every
token in the vocabulary gets a probability above zero.

>>> lm = NGramLM(order=3).fit([list("abab"), list("abba")])
>>> round(sum(lm.prob(t, ("a", "b")) for t in lm.vocab), 6)
1.0
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

BOS = "<s>"
EOS = "</s>"


class NGramLM:
    def __init__(self, order: int = 3, discount: float = 0.75):
        if order < 1:
            raise ValueError(f"order must be at least 1, got {order}")
        if not 0.0 < discount < 1.0:
            raise ValueError(f"discount must be in (0, 1), got {discount}")
        self.order = order
        self.discount = discount
        self.vocab: list[Hashable] = []

    def fit(self, sequences: Iterable[Sequence[Hashable]]) -> NGramLM:
        """Count n-grams of every order; sentences are padded with BOS and closed with EOS."""
        n = self.order
        counts = [defaultdict(lambda: defaultdict(int)) for _ in range(n)]
        vocab = {EOS}
        for seq in sequences:
            padded = [BOS] * (n - 1) + list(seq) + [EOS]
            vocab.update(seq)
            for i in range(n - 1, len(padded)):
                counts[n - 1][tuple(padded[i - n + 1 : i])][padded[i]] += 1
        # Lower orders count distinct left extensions (continuation counts), not occurrences.
        for k in range(n - 2, -1, -1):
            for context, followers in counts[k + 1].items():
                for token in followers:
                    counts[k][context[1:]][token] += 1
        self._finish(counts, vocab)
        return self

    def _finish(self, counts, vocab) -> None:
        self.vocab = sorted(vocab, key=str)
        self._tables = []
        for table in counts:
            frozen = {}
            for context, followers in table.items():
                total = sum(followers.values())
                frozen[context] = (dict(followers), total, len(followers))
            self._tables.append(frozen)

    def prob(self, token: Hashable, context: Sequence[Hashable]) -> float:
        """P(token | context), using the last order-1 tokens of the context."""
        context = tuple(context)[-(self.order - 1) :] if self.order > 1 else ()
        context = (BOS,) * (self.order - 1 - len(context)) + context
        return self._prob(token, context)

    def _prob(self, token: Hashable, context: tuple) -> float:
        k = len(context)
        lower = 1.0 / len(self.vocab) if k == 0 else self._prob(token, context[1:])
        entry = self._tables[k].get(context)
        if entry is None:
            return lower
        followers, total, distinct = entry
        count = followers.get(token, 0)
        return (max(count - self.discount, 0.0) + self.discount * distinct * lower) / total

    def distribution(self, context: Sequence[Hashable]) -> dict[Hashable, float]:
        """The next-token distribution over the whole vocabulary."""
        return {t: self.prob(t, context) for t in self.vocab}

    def sequence_logprob(self, seq: Sequence[Hashable], unk: Hashable | None = None) -> tuple:
        """Total natural-log probability of a sequence (EOS included) and its token count."""
        padded = [BOS] * (self.order - 1) + list(seq) + [EOS]
        known = set(self.vocab)
        total = 0.0
        for i in range(self.order - 1, len(padded)):
            token = padded[i] if padded[i] in known or unk is None else unk
            total += math.log(self.prob(token, padded[i - self.order + 1 : i]))
        return total, len(padded) - (self.order - 1)
