"""Derive chord progressions from music21's installed corpus into corpus/chords/music21/.

    python corpus/chords/extract_music21.py

Sources: the RomanText analyses music21 ships (Bach chorales, Monteverdi madrigals), the
chord symbols in its lead sheets and in the ABC tunes of the Nottingham set. Every chord
is rebuilt from music21's pitches (root, pitch-class set, bass), never from its figure
strings, so `B-7` and minor-key VI/VII spellings cannot leak in. Harmony is sampled on
each beat (quarter note), so changes on off-beats are dropped; pieces are cut at key
changes and into phrases of at most eight bars. The output is deterministic: files are
read in sorted order and nothing random is involved. Nothing is downloaded.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from songcraft.chords.symbols import QUALITIES, ChordSymbol  # noqa: E402

OUT = ROOT / "corpus" / "chords" / "music21"
SEGMENT_BARS = 8
MODE_OF = {
    "major": "major",
    "ionian": "major",
    "lydian": "major",
    "mixolydian": "major",
    "minor": "minor",
    "dorian": "minor",
    "aeolian": "minor",
    "phrygian": "minor",
}
# MusicXML harmony kinds -> our qualities; altered tones in <degree> are reduced away.
KIND_QUALITY = {
    "major": "",
    "minor": "m",
    "augmented": "aug",
    "diminished": "dim",
    "dominant": "7",
    "dominant-seventh": "7",
    "major-seventh": "maj7",
    "minor-seventh": "m7",
    "diminished-seventh": "dim7",
    "augmented-seventh": "aug7",
    "half-diminished": "m7b5",
    "major-minor": "mMaj7",
    "major-sixth": "6",
    "minor-sixth": "m6",
    "dominant-ninth": "9",
    "major-ninth": "maj9",
    "minor-ninth": "m9",
    "dominant-11th": "11",
    "minor-11th": "m11",
    "dominant-13th": "13",
    "major-13th": "maj13",
    "minor-13th": "m13",
    "suspended-second": "sus2",
    "suspended-fourth": "sus4",
    "power": "5",
}
STATS: Counter = Counter()


def name(pitch) -> str:
    """music21 spells flats with '-': B- -> Bb, E-- -> Ebb."""
    return pitch.name.replace("-", "b")


def quality_of(root_pc: int, pcs: set[int]) -> str:
    """The quality whose tones are exactly these pitch classes, else the nearest triad."""
    intervals = {(pc - root_pc) % 12 for pc in pcs}
    for quality, steps in QUALITIES.items():
        if {s % 12 for s in steps} == intervals:
            STATS["exact"] += 1
            return quality
    STATS["approximated"] += 1
    if 4 in intervals:
        return "aug" if 8 in intervals and 7 not in intervals else ""
    if 3 in intervals:
        return "dim" if 6 in intervals and 7 not in intervals else "m"
    return "5"


def symbol_from_pitches(root, bass, pitches) -> ChordSymbol:
    quality = quality_of(root.pitchClass, {p.pitchClass for p in pitches})
    bass_name = None if bass is None or bass.pitchClass == root.pitchClass else name(bass)
    return ChordSymbol(name(root), quality, bass_name)


def key_text(key) -> str | None:
    mode = MODE_OF.get(key.mode)
    return None if mode is None else f"{name(key.tonic)} {mode}"


def bar_text(slots: list[str]) -> str:
    """The shortest even spelling of a bar's beat slots: [C, C, G, G] -> 'C G'."""
    for n in range(1, len(slots) + 1):
        if len(slots) % n == 0:
            size = len(slots) // n
            groups = [slots[i : i + size] for i in range(0, len(slots), size)]
            if all(len(set(g)) == 1 for g in groups):
                return " ".join(g[0] for g in groups)
    return " ".join(slots)


def split_bar_length(quarters: float) -> list[int] | None:
    """Beats per written bar: 4/4 and 3/4 stay, long bars split, odd lengths are skipped."""
    q = int(round(quarters))
    if abs(quarters - q) > 1e-6 or q < 2:
        return None
    if q <= 4:
        return [q]
    for part in (4, 3):
        if q % part == 0:
            return [part] * (q // part)
    return None


def measures_to_bars(measures, events) -> list[tuple[str, int, list[str]]]:
    """(key text, beats, slot chords) per bar; events are (offset, key text, symbol)."""
    bars, index, current = [], 0, None
    for start, length in measures:
        parts = split_bar_length(length)
        if parts is None:
            bars.append(None)
            continue
        for offset_in, beats in _bar_offsets(start, parts):
            slots, keys = [], set()
            for beat in range(beats):
                while index < len(events) and events[index][0] <= offset_in + beat + 1e-6:
                    current = events[index]
                    index += 1
                if current is not None:
                    slots.append(str(current[2]))
                    keys.add(current[1])
            ok = len(slots) == beats and len(keys) == 1 and None not in keys
            bars.append((keys.pop(), beats, slots) if ok else None)
    return bars


def _bar_offsets(start: float, parts: list[int]):
    offset = start
    for beats in parts:
        yield offset, beats
        offset += beats


def segments(bars) -> list[tuple[str, int, list[str]]]:
    """Cut bars into progressions: at key or meter changes, gaps, and every eight bars."""
    out, run = [], []

    def flush():
        if len(run) >= 2:
            out.append((run[0][0], run[0][1], [bar_text(b[2]) for b in run]))
        run.clear()

    for bar in bars:
        if bar is None or (run and bar[:2] != run[0][:2]) or len(run) == SEGMENT_BARS:
            flush()
        if bar is not None:
            run.append(bar)
    flush()
    return out


def write(path: Path, pieces: list[tuple[str, str, list]], header: str) -> int:
    """Write one file; returns the number of progressions."""
    lines, count = [header], 0
    for source, style, segs in pieces:
        for key, beats, bars in segs:
            lines.append(f"# style={style} section=phrase source={source} meter={beats}/4")
            lines.append(f"{key}: " + " | ".join(bars))
            count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {count} progressions")
    return count


def measure_grid(part) -> list[tuple[float, float]]:
    """(start offset, length in quarters) per full measure; pickups and short bars are gaps."""
    grid = []
    for measure in part.getElementsByClass("Measure"):
        full = measure.barDuration.quarterLength
        short = measure.number == 0 or measure.duration.quarterLength + 1e-6 < full
        grid.append((float(measure.offset), -1.0 if short else float(full)))
    return grid


def roman_events(score) -> tuple[list, list]:
    """Beat grid and (offset, key, chord) events of a RomanText analysis."""
    from music21 import roman

    part = score.parts[0]
    events = []
    for rn in part.flatten().getElementsByClass(roman.RomanNumeral):
        events.append(
            (
                float(rn.offset),
                key_text(rn.key),
                symbol_from_pitches(rn.root(), rn.bass(), rn.pitches),
            )
        )
    return measure_grid(part), events


def harmony_events(score, written_key: bool = False) -> tuple[list, list]:
    """Beat grid and events of a score with chord symbols (lead sheets, ABC tunes).

    ABC tunes name their key (K: field); MusicXML lead sheets only carry a key signature,
    so their key comes from music21's key analysis of the notes.
    """
    from music21 import harmony
    from music21 import key as m21key

    found = score.recurse().getElementsByClass(m21key.Key).first() if written_key else None
    the_key = key_text(found if found is not None else score.analyze("key"))
    part = score.parts[0] if score.parts else score
    events = []
    for h in part.flatten().getElementsByClass(harmony.ChordSymbol):
        if isinstance(h, harmony.NoChord):
            events.append((float(h.offset), the_key, "N.C."))
            continue
        quality = KIND_QUALITY.get(h.chordKind)
        symbol = symbol_from_pitches(h.root(), h.bass(), h.pitches)
        if quality is not None:
            symbol = ChordSymbol(symbol.root, quality, symbol.bass)
        events.append((float(h.offset), the_key, symbol))
    return measure_grid(part), events


def piece(source: str, style: str, score, reader) -> tuple[str, str, list]:
    grid, events = reader(score)
    STATS["pieces"] += 1
    STATS["chord_changes"] += len(events)
    STATS["off_beat_changes"] += sum(abs(e[0] - round(e[0])) > 1e-6 for e in events)
    return source, style, segments(measures_to_bars(grid, events))


def extract_all() -> dict[str, int]:
    from music21 import corpus

    base = Path(corpus.__file__).parent
    counts = {}
    chorales = sorted((base / "bach" / "choraleAnalyses").glob("*.rntxt"))
    pieces = [piece(f.stem, "chorale", corpus.parse(str(f)), roman_events) for f in chorales]
    counts["bach_chorale_analyses"] = write(
        OUT / "bach_chorale_analyses.txt",
        pieces,
        "# Bach chorales, from music21's "
        "RomanText analyses (bach/choraleAnalyses). Derived by extract_music21.py.",
    )
    madrigals = sorted((base / "monteverdi").glob("*.rntxt"))
    pieces = [piece(f.stem, "madrigal", corpus.parse(str(f)), roman_events) for f in madrigals]
    counts["monteverdi_madrigals"] = write(
        OUT / "monteverdi_madrigals.txt",
        pieces,
        "# Monteverdi madrigals, from music21's "
        "RomanText analyses (monteverdi/*.rntxt). Derived by extract_music21.py.",
    )
    sheets = sorted((base / "leadSheet").glob("*.mxl"))
    pieces = [piece(f.stem, "songbook", corpus.parse(str(f)), harmony_events) for f in sheets]
    tunes = corpus.parse(str(base / "nottingham-dataset" / "reelsa-c.abc"))
    pieces += [
        piece(
            "nottingham-" + str(s.metadata.number),
            "folk",
            s,
            lambda score: harmony_events(score, written_key=True),
        )
        for s in tunes.scores
    ]
    counts["lead_sheets_and_tunes"] = write(
        OUT / "lead_sheets_and_tunes.txt",
        pieces,
        "# Chord symbols from music21's lead "
        "sheets (leadSheet/*.mxl) and Nottingham ABC tunes. Derived by extract_music21.py.",
    )
    print(dict(STATS))
    return counts


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    extract_all()
