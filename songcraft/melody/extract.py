"""Cleaning raw tunes into corpus records: sixteenth grid, whole bars, tonic, mode, chords.

A record is one line of text, small enough to read by eye:
`ident<TAB>meter<TAB>mode<TAB>start<TAB>h0 4:7 4:9 | 8:11 h7 ...`, where `start` is the
sixteenth the first note falls on (a pickup starts late in its bar), `d:p` is a note of `d`
sixteenths at `p` semitones from the tonic reference (`r` is a rest), `h..` a chord change
and `|` a bar line (for the reader; lengths alone fix the positions).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from fractions import Fraction

from songcraft.melody.sources import MODE_OFFSET, RawNote, RawTune, SkipTune
from songcraft.melody.tokens import (
    MAX_DURATION,
    METERS,
    MODES,
    PITCH_HIGH,
    PITCH_LOW,
    SCALES,
    beat_group,
    chord_token,
    strong_positions,
    tonic_reference,
    units_per_beat,
)

MIN_BARS = 4  # shorter pieces (fragments between irregular bars) teach little
MIN_NOTES = 8


@dataclass
class Record:
    """One cleaned tune (or a regular stretch of one), ready to write or to tokenize."""

    ident: str
    meter: str
    mode: str
    start: int  # sixteenth of the first note, counted from the first bar line
    notes: list[tuple[int, int | None, str | None]]  # (length, relative pitch, chord change)

    def to_line(self) -> str:
        bar = bar_length(self.meter)
        words, at = [], self.start
        for length, pitch, chord in self.notes:
            if at % bar == 0 and at > self.start:
                words.append("|")
            if chord:
                words.append(chord)
            words.append(f"{length}:{'r' if pitch is None else pitch}")
            at += length
        return "\t".join((self.ident, self.meter, self.mode, str(self.start), " ".join(words)))

    def timed(self) -> list[tuple[int, int, int | None, str | None]]:
        """(start, length, pitch, chord) with chords carried forward, for encode_notes."""
        out, at, chord = [], self.start, None
        for length, pitch, change in self.notes:
            chord = change or chord
            out.append((at, length, pitch, chord))
            at += length
        return out


def bar_length(meter: str) -> int:
    beats, unit = (int(x) for x in meter.split("/"))
    return beats * units_per_beat(unit)


def _sixteenths(length: Fraction) -> int:
    value = length * 4
    if value.denominator != 1:
        raise SkipTune("off the sixteenth grid")
    return int(value)


def regular_pieces(
    bars: list[list[RawNote]], bar: int
) -> list[tuple[int, list[tuple[int, list[RawNote]]]]]:
    """Split a tune where its bar lines stop falling on whole bars.

    Returns (start, [(bar index, notes), ...]) stretches. A short first bar is a pickup;
    a bar line that misses the grid (a repeat's short last bar, a miscount) ends the
    stretch, and the next one may start with a pickup of its own. Sources that leave out
    a bar line at a phrase end (Essen) still count right, since only sums matter.
    """
    pieces: list[tuple[int, list[tuple[int, list[RawNote]]]]] = []
    current: list[tuple[int, list[RawNote]]] = []
    start = position = 0
    for index, bar_notes in enumerate(bars):
        total = sum(_sixteenths(n.length) for n in bar_notes)
        if total == 0:
            continue
        if not current:
            start = position = (-total) % bar
        current.append((index, bar_notes))
        position += total
        if position % bar:
            pieces.append((start, current))
            current = []
    if current:
        pieces.append((start, current))
    return pieces


def merge_ties(notes: list[RawNote]) -> list[RawNote]:
    """Join tied notes of one pitch, and runs of rests, into single notes."""
    out: list[RawNote] = []
    for note in notes:
        last = out[-1] if out else None
        joined = last is not None and (
            (last.tie and last.midi == note.midi) or (last.midi is None and note.midi is None)
        )
        if joined:
            last.length += note.length
            last.tie = note.tie
        else:
            out.append(RawNote(note.length, note.midi, note.tie, note.chord))
    return out


def best_mode(tonic: int, weights: dict[int, float]) -> str:
    """The mode on `tonic` whose scale covers most of the sounding time (major, then minor,
    first on ties), since many sources write their accidentals instead of a key signature.

    >>> best_mode(7, {7: 4, 10: 2, 3: 1, 5: 1, 0: 1})
    'minor'
    """
    best, best_cover = "major", -1.0
    for mode in MODES:
        cover = sum(w for pc, w in weights.items() if (pc - tonic) % 12 in SCALES[mode])
        if cover > best_cover + 1e-9:
            best, best_cover = mode, cover
    return best


def tonic_and_mode(tune: RawTune, last_pitch: int, weights: dict[int, float]) -> tuple[int, str]:
    """The written key when the source names a mode; else the tonic the source names, or
    the tune's final note, with the best-fitting scale on it as the mode."""
    if tune.mode is not None:
        return (tune.signature_pc + MODE_OFFSET[tune.mode]) % 12, tune.mode
    tonic = (tune.tonic_pc if tune.tonic_pc is not None else last_pitch) % 12
    return tonic, best_mode(tonic, weights)


def diatonic_triads(mode: str) -> list[tuple[int, str, frozenset[int]]]:
    """(root, token kind, pitch classes) of the mode's triads, I, V, IV first.

    >>> [(r, k) for r, k, _ in diatonic_triads("minor")][:4]
    [(0, 'm'), (7, 'm'), (5, 'm'), (7, '')]
    """
    scale = SCALES[mode]
    kinds = {(4, 7): "", (3, 7): "m", (3, 6): "o", (4, 8): "+"}
    triads = []
    for degree in (0, 4, 3, 5, 1, 2, 6):
        root, third, fifth = (scale[(degree + k) % 7] for k in (0, 2, 4))
        kind = kinds[((third - root) % 12, (fifth - root) % 12)]
        triads.append((root, kind, frozenset((root, third, fifth))))
    if mode in ("minor", "dorian"):  # the major dominant of harmonic minor
        triads.insert(3, (7, "", frozenset((7, 11, 2))))
    return triads


def implied_chords(
    sounding: list[tuple[int, int, int, float]], span: int, total: int, mode: str, meter: str
) -> dict[int, str]:
    """Chord token per harmonic span, from (start, length, pitch class, weight) notes.

    Each span (half a bar in duple time, a bar in triple) takes the diatonic triad that
    covers the most sounding time, notes on strong beats counting double.
    """
    bar = bar_length(meter)
    strong = set(strong_positions(*(int(x) for x in meter.split("/"))))
    triads = diatonic_triads(mode)
    chords: dict[int, str] = {}
    for begin in range(0, total, span):
        scores = [0.01 * (len(triads) - i) for i in range(len(triads))]  # prefer I, V, IV
        heard = False
        for start, length, pc, weight in sounding:
            overlap = min(start + length, begin + span) - max(start, begin)
            if overlap <= 0:
                continue
            heard = True
            accent = 2.0 if start >= begin and start % bar in strong else 1.0
            for i, (_, _, pcs) in enumerate(triads):
                if pc in pcs:
                    scores[i] += overlap * weight * accent
        if heard:
            root, kind, _ = triads[scores.index(max(scores))]
            chords[begin] = f"h{root}{kind}"
    return chords


def harmonic_span(meter: str) -> int:
    """Sixteenths per implied chord: half a bar in long duple bars, else a whole bar.

    >>> harmonic_span("4/4"), harmonic_span("3/4"), harmonic_span("6/8"), harmonic_span("12/8")
    (8, 12, 12, 12)
    """
    beats, unit = (int(x) for x in meter.split("/"))
    bar = bar_length(meter)
    groups = bar // beat_group(beats, unit)
    return bar // 2 if bar >= 16 and groups % 2 == 0 else bar


def _split_rests(notes: list[RawNote], start: int, bar: int) -> list[tuple[int, int, RawNote]]:
    """(start, length, note) with long rests cut at bar lines; long notes are refused."""
    out, at = [], start
    for note in notes:
        length = _sixteenths(note.length)
        if note.midi is not None and length > MAX_DURATION:
            raise SkipTune("notes longer than two bars")
        while length > 0:
            piece = length if note.midi is not None else min(length, bar - at % bar)
            out.append((at, piece, note))
            at, length = at + piece, length - piece
    return out


def _piece_chords(tune, timed, bar_starts, tonic, mode, use_source) -> list[str | None]:
    """The chord sounding at each note: the source's symbols, the other voices, or implied."""
    if use_source:
        chords, current = [], None
        for _, _, note in timed:
            if note.chord is not None:
                current = chord_token(note.chord[0], note.chord[1], tonic)
            chords.append(current)
        return chords
    sounding = [(at, length, (n.midi - tonic) % 12, 1.0) for at, length, n in timed if n.midi]
    if tune.voices is not None:
        for index, begin in bar_starts:
            if index < len(tune.voices):
                for offset, length, pc in tune.voices[index]:
                    at = begin + _sixteenths(offset)
                    sounding.append((at, _sixteenths(length), (pc - tonic) % 12, 1.0))
    end = timed[-1][0] + timed[-1][1]
    span = harmonic_span(tune.meter)
    by_span = implied_chords(sounding, span, end, mode, tune.meter)
    chords, current = [], None
    for at, _, _ in timed:
        current = by_span.get(at - at % span, current)
        chords.append(current)
    return chords


def _pitch_time(pieces) -> dict[int, float]:
    """Quarter notes sounded by each pitch class."""
    weights: dict[int, float] = {}
    for _, bars in pieces:
        for _, bar_notes in bars:
            for n in bar_notes:
                if n.midi is not None:
                    weights[n.midi % 12] = weights.get(n.midi % 12, 0.0) + float(n.length)
    return weights


def clean_tune(tune: RawTune) -> list[Record]:
    """Records for a tune's regular stretches; SkipTune says why none could be kept."""
    if tune.meter not in METERS:
        raise SkipTune(f"meter {tune.meter}")
    bar = bar_length(tune.meter)
    pieces = regular_pieces(tune.bars, bar)
    pitches = [n.midi for _, bars in pieces for _, ns in bars for n in ns if n.midi is not None]
    if len(pitches) < MIN_NOTES:
        raise SkipTune("too short")
    tonic, mode = tonic_and_mode(tune, pitches[-1], _pitch_time(pieces))
    reference = tonic_reference(tonic, statistics.median(pitches))
    if min(pitches) - reference < PITCH_LOW or max(pitches) - reference > PITCH_HIGH:
        raise SkipTune("range too wide")
    symbols = sum(1 for bar_notes in tune.bars for n in bar_notes if n.chord)
    use_source = symbols * 4 >= len(tune.bars)  # at least one chord every four bars
    records = []
    for number, (start, bars) in enumerate(pieces):
        bar_starts, at = [], start
        for index, bar_notes in bars:
            bar_starts.append((index, at))
            at += sum(_sixteenths(n.length) for n in bar_notes)
        if (at - start) < MIN_BARS * bar:
            continue
        timed = _split_rests(merge_ties([n for _, ns in bars for n in ns]), start, bar)
        chords = _piece_chords(tune, timed, bar_starts, tonic, mode, use_source)
        notes, last = [], None
        for (_, length, note), chord in zip(timed, chords, strict=True):
            pitch = None if note.midi is None else note.midi - reference
            notes.append((length, pitch, chord if chord != last else None))
            last = chord
        ident = tune.ident if len(pieces) == 1 else f"{tune.ident}~{number + 1}"
        records.append(Record(ident, tune.meter, mode, start, notes))
    if not records:
        raise SkipTune("too short")
    return records
