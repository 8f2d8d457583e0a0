"""How well a melody sets its section: the figures the benchmark prints and tests check.

Each figure is counted from the melody as written, against the same plan the decoder used
(bar grid, chords, syllable stress, range), so a figure is as strict as the rule it checks.
"""

from __future__ import annotations

from collections import Counter

from songcraft.melody.plan import SectionPlan
from songcraft.melody.syllables import line_syllables
from songcraft.music.song import Note, Song


def count_figures(song: Song, section_index: int, plan: SectionPlan, lines: list[list[Note]]):
    """A Counter of events: strong-beat notes and chord tones among them, stressed syllables
    and those on strong beats, notes out of range, lines and those ending on a long note."""
    counts: Counter = Counter()
    section = song.sections[section_index]
    for line, line_plan, notes in zip(section.lines, plan.lines, lines, strict=True):
        stresses = iter(s.stressed for s in line_syllables(line.text))
        at, last_sung = line_plan.start, None
        for note in notes:
            length = round(note.beats * plan.unit)
            if note.pitch is not None:
                _count_note(counts, plan, at, note)
                last_sung = note
                if note.syllable is not None and next(stresses, False):
                    counts["stressed"] += 1
                    counts["stressed_on_strong"] += plan.is_strong(at)
            at += length
        counts["lines"] += last_sung is not None
        counts["long_line_ends"] += bool(last_sung and last_sung.beats * plan.unit >= plan.group)
        counts["line_length_ok"] += at == line_plan.end
    return counts


def _count_note(counts: Counter, plan: SectionPlan, at: int, note: Note) -> None:
    counts["notes"] += 1
    counts["out_of_range"] += not plan.low <= note.pitch <= plan.high
    chord = plan.chord_at(at)
    if plan.is_strong(at) and chord is not None and chord.tones is not None:
        counts["strong"] += 1
        counts["strong_chord_tones"] += note.pitch % 12 in chord.tones


def shares(counts: Counter) -> dict:
    """The counted events as the shares and totals the benchmark reports."""

    def share(part: str, whole: str) -> float:
        return round(counts[part] / counts[whole], 4) if counts[whole] else 1.0

    return {
        "strong_beat_chord_tones": share("strong_chord_tones", "strong"),
        "stressed_on_strong_beats": share("stressed_on_strong", "stressed"),
        "notes_out_of_range": counts["out_of_range"],
        "lines_ending_long": share("long_line_ends", "lines"),
        "notes": counts["notes"],
        "strong_beat_notes": counts["strong"],
        "stressed_syllables": counts["stressed"],
    }
