"""Loop and copy guards for generated lyrics.

A candidate never repeats a word three times in a row, never repeats a 4-gram, and never
copies training text: no 8 words in a row from a corpus line, and no whole corpus line of
five words or more. The copy guard is a set of 64-bit hashes stored in the model bundle,
so it works with no corpus present.

>>> guard = CopyGuard.build(["we were dancing in the kitchen with the radio on"])
>>> guard.copies("oh we were dancing in the kitchen with the lights")
True
>>> guard.copies("we were dancing in the hallway")
False
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np

COPY_N = 8  # words in a row that count as copying
WHOLE_LINE_MIN = 5  # a whole corpus line this long may not be reproduced
LOOP_N = 4  # no repeated n-gram of this length within a candidate
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def line_words(line: str) -> list[str]:
    return _WORD.findall(line.lower())


def _hash(words: Iterable[str]) -> int:
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class CopyGuard:
    def __init__(self, hashes: Iterable[int]):
        self.hashes = set(int(h) for h in hashes)

    @classmethod
    def build(cls, lines: Iterable[str]) -> CopyGuard:
        hashes = set()
        for line in lines:
            words = line_words(line)
            if len(words) >= WHOLE_LINE_MIN:
                hashes.add(_hash(["<line>", *words]))
            for i in range(len(words) - COPY_N + 1):
                hashes.add(_hash(words[i : i + COPY_N]))
        return cls(hashes)

    def to_array(self) -> np.ndarray:
        return np.asarray(sorted(self.hashes), dtype=np.int64)

    def copies(self, line: str) -> bool:
        words = line_words(line)
        if len(words) >= WHOLE_LINE_MIN and _hash(["<line>", *words]) in self.hashes:
            return True
        return any(
            _hash(words[i : i + COPY_N]) in self.hashes for i in range(len(words) - COPY_N + 1)
        )

    def tail_copies(self, words: list[str]) -> bool:
        """Whether the last COPY_N words (the ones just written) copy the corpus."""
        return len(words) >= COPY_N and _hash(words[-COPY_N:]) in self.hashes


def makes_loop(history: list[str], word: str) -> bool:
    """Whether adding `word` repeats it a third time in a row or repeats a 4-gram.

    >>> makes_loop(["la", "la"], "la")
    True
    >>> makes_loop("i want you now i want you".split(), "now")
    True
    >>> makes_loop("i want you now".split(), "more")
    False
    """
    if len(history) >= 2 and history[-1] == word and history[-2] == word:
        return True
    if len(history) < LOOP_N - 1:
        return False
    gram = (*history[-(LOOP_N - 1) :], word)
    return any(tuple(history[i : i + LOOP_N]) == gram for i in range(len(history) - LOOP_N + 1))


def has_loop(words: list[str]) -> bool:
    """Whether a finished candidate has a word thrice in a row or a repeated 4-gram."""
    return any(makes_loop(words[:i], words[i]) for i in range(len(words)))
