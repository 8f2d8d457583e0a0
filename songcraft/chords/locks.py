"""Locked chords as a writer types them on the Chords page: `1=C 8=G7`, positions from 1.

The positions become the 0-based chord positions of ProgressionRequest.locks; every typo
gets a message that says what to type instead.
"""

from __future__ import annotations

import re

from songcraft.chords.symbols import parse_chord
from songcraft.errors import SongcraftError

_LOCK = re.compile(r"^(\d{1,3})\s*[=:]\s*(\S+)$")


def parse_locks(text: str, positions: int) -> dict[int, str]:
    """Locks typed as `1=C 8=G7` (positions from 1) -> {0: "C", 7: "G7"}, checked.

    >>> parse_locks("1=C 8=G7", 8), parse_locks("2: Am, 3=F", 8), parse_locks(" ", 8)
    ({0: 'C', 7: 'G7'}, {1: 'Am', 2: 'F'}, {})
    >>> parse_locks("9=C", 8)
    Traceback (most recent call last):
    songcraft.errors.SongcraftError: Lock position 9 is outside the progression: use 1 to 8.
    """
    locks: dict[int, str] = {}
    for item in re.split(r"[,;]\s*|\s+(?=\d)", text.strip()) if text.strip() else []:
        match = _LOCK.match(item.strip())
        if not match:
            raise SongcraftError(
                f"The lock '{item.strip()[:20]}' should be a position and a chord, like 3=Am."
            )
        position, symbol = int(match[1]), match[2]
        if not 1 <= position <= positions:
            raise SongcraftError(
                f"Lock position {position} is outside the progression: use 1 to {positions}."
            )
        parse_chord(symbol)  # a clear message for H7 and friends
        locks[position - 1] = symbol
    return locks
