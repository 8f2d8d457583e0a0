"""Locked bars: the notes a writer keeps while the rest of a section is set again.

A note is kept when it starts in a locked bar. The kept notes must still match the line
(same syllables, same length); otherwise the lyric or chords changed since the melody was
made, and the writer is told to unlock the bars instead of getting a half-matching tune.
"""

from __future__ import annotations

import re

from songcraft.errors import SongcraftError
from songcraft.melody.plan import Segment, Slot
from songcraft.music.song import Line, Note


def parse_locked_bars(text: str) -> frozenset[int]:
    """Bars counted from 1 as a writer types them ("1,3-4") -> 0-based bar indices.

    >>> sorted(parse_locked_bars("1, 3-4")), parse_locked_bars("")
    ([0, 2, 3], frozenset())
    """
    bars: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = re.fullmatch(r"(\d{1,4})(?:\s*-\s*(\d{1,4}))?", part)
        if not match or int(match[1]) < 1 or int(match[2] or match[1]) < int(match[1]):
            raise SongcraftError(
                f"'{part}' is not a bar or a range of bars such as 3 or 3-4 (the first bar is 1)"
            )
        bars.update(range(int(match[1]) - 1, int(match[2] or match[1])))
    return frozenset(bars)


def _timed(line: Line, start: int, unit: int, where: str) -> list[tuple[int, Note]]:
    timed, at = [], start
    for note in line.melody:
        length = note.beats * unit
        if abs(length - round(length)) > 1e-6:
            raise SongcraftError(f"{where}: a kept note lasts {note.beats:g} beats, off the grid")
        timed.append((at, note))
        at += round(length)
    return timed


def line_segments(
    line: Line,
    start: int,
    end: int,
    slots: list[Slot],
    locked_bars: frozenset[int],
    grid: tuple[int, int, int],
    where: str = "this line",
) -> list[Segment]:
    """Free and locked segments of a line; with nothing locked, one free segment."""
    bar, offset, unit = grid
    timed = _timed(line, start, unit, where) if locked_bars else []
    kept = [(at + offset) // bar in locked_bars for at, _ in timed]
    if not any(kept):
        return [Segment(start, end, slots, line_end=True)]
    last_at, last = timed[-1]
    if last_at + round(last.beats * unit) != end:
        raise SongcraftError(
            f"{where}: its chords changed since the melody was made, so locked bars can't "
            "be kept. Unlock them to set the line again."
        )
    syllables = [s for s in slots if s.syllable is not None]
    sung = [n.syllable for _, n in timed if n.syllable]
    if sung != [s.syllable.text for s in syllables]:
        raise SongcraftError(
            f"{where}: its lyric changed since the melody was made, so locked bars can't "
            "be kept. Unlock them to set the line again."
        )
    return _split(timed, kept, syllables, slots, start, end, unit, where)


def _split(timed, kept, syllables, slots, start, end, unit, where) -> list[Segment]:
    segments: list[Segment] = []
    free_start, placed, count = start, 0, 0
    for (at, note), keep in zip(timed, kept, strict=True):
        if keep:
            if not segments or not segments[-1].locked or segments[-1].end != at:
                _add_free(segments, free_start, at, syllables[placed:count], where)
                segments.append(Segment(at, at, kept=[]))
            segments[-1].kept.append(note)
            segments[-1].end = at + round(note.beats * unit)
            free_start = segments[-1].end
            placed = count + (1 if note.syllable else 0)
        count += 1 if note.syllable else 0
    tail = syllables[placed:]
    if slots and slots[-1].syllable is None and tail:
        tail = [*tail, slots[-1]]  # the melisma stays on the line's last syllable
    _add_free(segments, free_start, end, tail, where, line_end=True)
    return segments


def _add_free(segments, start, end, slots, where, line_end=False) -> None:
    if end <= start:
        if slots:
            raise SongcraftError(
                f"{where}: the locked bars leave no room for "
                f"'{' '.join(s.syllable.text for s in slots if s.syllable)}'. "
                "Unlock a bar next to them."
            )
        return
    segments.append(Segment(start, end, list(slots), line_end=line_end))
