"""A generated progression as the writer sees it: spelled chords, numerals, timing, scores."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from fractions import Fraction

import numpy as np

from songcraft.chords.degrees import degree_from_symbol, symbol_from_degree
from songcraft.chords.keys import Key
from songcraft.chords.symbols import ChordSymbol
from songcraft.chords.tokens import degree_of_token, merge_bar, parse_pattern


@dataclass(frozen=True)
class ProgressionChord:
    symbol: str  # spelled in the key, e.g. "Bb7" ("N.C." for no chord)
    roman: str  # its degree in the key, e.g. "V7/V"
    bar: int  # 0-based bar
    beat: float  # 0-based beat in the bar where it starts
    beats: float  # how long it lasts
    probability: float  # the model's probability of this chord where it stands


@dataclass(frozen=True)
class Progression:
    key: str
    chords: list[ProgressionChord]
    score: float  # geometric-mean probability of the generated tokens, in (0, 1]
    beats_per_bar: int = 4

    def bars(self) -> list[list[str]]:
        """Each bar's chords as equal slots ('C C C G' is three beats of C, one of G)."""
        count = 1 + max((c.bar for c in self.chords), default=-1)
        out: list[list[str]] = [[] for _ in range(count)]
        for bar in range(count):
            inside = [c for c in self.chords if c.bar == bar]
            shares = [Fraction(c.beats).limit_denominator(12) / self.beats_per_bar for c in inside]
            slots = math.lcm(*(s.denominator for s in shares)) if shares else 1
            for chord, share in zip(inside, shares, strict=True):
                out[bar] += [chord.symbol] * int(share * slots)
        return out

    def as_text(self) -> str:
        """One line of the progression file format: 'A minor: Am | F C | G G G Am'."""
        return f"{self.key}: " + " | ".join(" ".join(bar) for bar in self.bars())

    def romans(self) -> str:
        return " | ".join(
            " ".join(c.roman for c in self.chords if c.bar == bar)
            for bar in range(len(self.bars()))
        )

    def chart(self, bars_per_row: int = 4) -> str:
        """Chord names over Roman numerals, bar by bar, in columns that line up.

        >>> chords = [ProgressionChord("C", "I", 0, 0, 4, 1),
        ...           ProgressionChord("G7", "V7", 1, 0, 4, 1)]
        >>> print(Progression("C major", chords, 1.0).chart())
        | C | G7 |
        | I | V7 |
        """
        names: dict[int, list[str]] = {}
        numerals: dict[int, list[str]] = {}
        for chord in self.chords:
            names.setdefault(chord.bar, []).append(chord.symbol)
            numerals.setdefault(chord.bar, []).append(chord.roman)
        rows = []
        bars = sorted(names)
        for first in range(0, len(bars), bars_per_row):
            top, bottom = [], []
            for bar in bars[first : first + bars_per_row]:
                a, b = " ".join(names[bar]), " ".join(numerals[bar])
                width = max(len(a), len(b))
                top.append(a.ljust(width))
                bottom.append(b.ljust(width))
            rows.append("| " + " | ".join(top) + " |\n| " + " | ".join(bottom) + " |")
        return "\n\n".join(rows)

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "score": self.score,
            "text": self.as_text(),
            "romans": self.romans(),
            "chords": [asdict(c) for c in self.chords],
        }


def typed_symbols(typed_bars: list[list[ChordSymbol | None]]) -> list[ChordSymbol | None]:
    """The typed chords as the model reads them: repeats inside a bar merged."""
    return [chord for bar in typed_bars for chord, _ in merge_bar(list(bar))]


def _spell(token: str, key: Key, given: ChordSymbol | None, use_given: bool) -> tuple[str, str]:
    """(symbol, roman) for a chord: the writer's own symbol where given, else the model's."""
    if use_given:
        if given is None:
            return "N.C.", "N.C."
        return given.as_written(), degree_from_symbol(given, key).roman(key.mode)
    degree = degree_of_token(token)
    if degree is None:
        return "N.C.", "N.C."
    return str(symbol_from_degree(degree, key)), degree.roman(key.mode)


def realise(
    tokens: list[str],
    logps: list[float],
    key: Key,
    given: dict[int, object],
    score: float,
    beats_per_bar: int = 4,
) -> Progression:
    """Spell a token stream (bar shapes and chord tokens, after the start tokens).

    `given` maps chord positions to the writer's symbols (typed or locked chords).
    """
    chords, bar, durations, slot, position = [], -1, (), 0, 0
    beat = Fraction(0)
    for token, logp in zip(tokens, logps, strict=True):
        if token.startswith("|"):
            bar, durations, slot, beat = bar + 1, parse_pattern(token), 0, Fraction(0)
            continue
        symbol, roman = _spell(token, key, given.get(position), position in given)
        length = durations[slot] if slot < len(durations) else Fraction(beats_per_bar)
        chords.append(
            ProgressionChord(
                symbol=symbol,
                roman=roman,
                bar=bar,
                beat=float(beat),
                beats=float(length),
                probability=float(np.exp(logp)),
            )
        )
        beat += length
        slot += 1
        position += 1
    return Progression(key=str(key), chords=chords, score=score, beats_per_bar=beats_per_bar)
