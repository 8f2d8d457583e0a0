"""The song model every page and export shares: sections of lyric lines, chords and melody.

Time is counted in beats of the time signature's lower number: a 4/4 bar has 4 quarter-note
beats, a 6/8 bar has 6 eighth-note beats, and `tempo` is that many beats a minute. Chords and
melody notes carry their own durations in beats; a line lasts as long as the longer of the two.

A song is plain data: pages build it, `to_json`/`from_json` store it (with a schema version),
and the exports in songcraft.music turn it into bytes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from songcraft.chords.symbols import parse_chord
from songcraft.errors import SongcraftError

SCHEMA_VERSION = 1
MAX_BARS = 1000  # about 33 minutes at 120 bpm in 4/4: anything longer is a mistake, not a song
MAX_TEXT = 400  # characters in a title, label or lyric line
SECTION_KINDS = ("intro", "verse", "pre-chorus", "chorus", "bridge", "outro", "instrumental")
NO_CHORD = "N.C."
_KEY = re.compile(r"^([A-G])([#b]?)\s+(major|minor)$")
_SONG_FIELDS = ("title", "writer", "key", "tempo", "time_signature")
_PITCH = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


@dataclass
class ChordAt:
    """A chord change inside a line."""

    symbol: str  # as typed/spelled, e.g. "Am7", "G/B", "N.C."
    beats: float  # how long it sounds
    word: int | None = None  # index of the word where it changes; None = on the beat only


@dataclass
class Note:
    """A melody note, with the lyric syllable sung on it."""

    pitch: int | None  # MIDI number; None = rest
    beats: float
    syllable: str | None = None
    word_end: bool = True  # False when the word continues on the next note (hyphen)


@dataclass
class Line:
    """One lyric line ("" for an instrumental line) with its chords and melody."""

    text: str = ""
    chords: list[ChordAt] = field(default_factory=list)
    melody: list[Note] = field(default_factory=list)

    def words(self) -> list[str]:
        """The words chords can be placed on.

        >>> Line("Hold me  close").words()
        ['Hold', 'me', 'close']
        """
        return self.text.split()

    def beats(self, beats_per_bar: float) -> float:
        """How long the line lasts: the longer of chords and melody, one bar when it has neither."""
        length = max(sum(c.beats for c in self.chords), sum(n.beats for n in self.melody))
        return length if length > 0 else float(beats_per_bar)


@dataclass
class Section:
    """A verse, chorus, ... in song order; `repeats` plays it that many times in a row."""

    kind: str  # one of SECTION_KINDS
    label: str = ""  # "Verse 1"
    lines: list[Line] = field(default_factory=list)
    repeats: int = 1

    def beats(self, beats_per_bar: float) -> float:
        """Length of one pass through the section, in beats."""
        return sum(line.beats(beats_per_bar) for line in self.lines)

    def bars(self, beats_per_bar: float) -> float:
        """Length of one pass through the section, in bars."""
        return self.beats(beats_per_bar) / beats_per_bar

    @property
    def title(self) -> str:
        """The label, or the kind spelled for a reader ("Pre-Chorus")."""
        return self.label or self.kind.title()


@dataclass
class Song:
    """A whole song: metadata and sections in order."""

    title: str = "Untitled"
    writer: str = ""
    key: str = "C major"  # tonic and mode, e.g. "Eb major", "F# minor"
    tempo: int = 100  # beats a minute (beats of the time signature's lower number)
    time_signature: str = "4/4"
    sections: list[Section] = field(default_factory=list)

    @property
    def meter(self) -> tuple[int, int]:
        """(beats per bar, beat unit), e.g. (6, 8)."""
        return parse_time_signature(self.time_signature)

    @property
    def beats_per_bar(self) -> int:
        return self.meter[0]

    @property
    def seconds_per_beat(self) -> float:
        return 60.0 / self.tempo

    def bars(self) -> float:
        """Length of the whole song in bars, repeats included."""
        bpb = self.beats_per_bar
        return sum(s.bars(bpb) * s.repeats for s in self.sections)

    def has_melody(self) -> bool:
        return any(line.melody for s in self.sections for line in s.lines)

    def played_lines(self) -> Iterator[tuple[Section, Line, float]]:
        """Every line in playing order, repeats unrolled, with its start in beats."""
        start, bpb = 0.0, self.beats_per_bar
        for section in self.sections:
            for _ in range(section.repeats):
                for line in section.lines:
                    yield section, line, start
                    start += line.beats(bpb)

    def chord_events(self) -> Iterator[tuple[str, float, float]]:
        """(symbol, start beat, beats) for every chord as played, repeats unrolled."""
        for _, line, start in self.played_lines():
            for chord in line.chords:
                yield chord.symbol, start, chord.beats
                start += chord.beats

    def validate(self, for_export: bool = True) -> None:
        """Raise SongcraftError with a writer-facing message when the song can't be used."""
        parse_time_signature(self.time_signature)
        parse_key(self.key)
        _check_text("title", self.title)
        _check_text("writer", self.writer)
        if not isinstance(self.tempo, int) or not 20 <= self.tempo <= 400:
            raise SongcraftError(f"tempo must be a whole number from 20 to 400, not {self.tempo!r}")
        if for_export and not self.sections:
            raise SongcraftError("the song has no sections yet: add a verse or chorus first")
        for section in self.sections:
            _check_section(section)
        bars = self.bars()
        if bars > MAX_BARS:
            raise SongcraftError(f"the song is {bars:.0f} bars long; the limit is {MAX_BARS} bars")

    def to_json(self) -> str:
        """The song as JSON text, with its schema version."""
        return json.dumps({"schema_version": SCHEMA_VERSION, **asdict(self)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Song:
        """Read a song written by `to_json`; a newer or broken file raises SongcraftError."""
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise SongcraftError(f"the song file is not valid JSON ({err})") from None
        if not isinstance(data, dict):
            raise SongcraftError("the song file does not hold a song (expected a JSON object)")
        version = data.get("schema_version")
        if not isinstance(version, int):
            raise SongcraftError("the song file has no schema_version: it is not a Songcraft song")
        if version > SCHEMA_VERSION:
            raise SongcraftError(
                f"the song file was written by a newer Songcraft (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}): update Songcraft to open it"
            )
        song = _song_from_dict(data)
        song.validate(for_export=False)
        return song


def parse_time_signature(text: str) -> tuple[int, int]:
    """(beats per bar, beat unit) from "6/8"; SongcraftError for anything else.

    >>> parse_time_signature("6/8")
    (6, 8)
    """
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", str(text))
    if not match or int(match[1]) < 1 or int(match[2]) not in (2, 4, 8, 16):
        raise SongcraftError(
            f"time signature {text!r} is not one Songcraft can use: write it like 4/4, 3/4 or 6/8"
        )
    return int(match[1]), int(match[2])


def parse_key(text: str) -> tuple[int, str]:
    """(tonic pitch class with C=0, "major"|"minor") from a key name.

    >>> parse_key("Eb major"), parse_key("F# minor")
    ((3, 'major'), (6, 'minor'))
    """
    match = _KEY.match(str(text).strip())
    if not match:
        raise SongcraftError(f"key {text!r} is not a key: write it like 'Eb major' or 'F# minor'")
    shift = {"#": 1, "b": -1, "": 0}[match[2]]
    return (_PITCH[match[1]] + shift) % 12, match[3]


def progression_to_section(
    bars: list[list[str]], section: Section, beats_per_bar: int, bars_per_line: int = 4
) -> Section:
    """A copy of `section` with its chords replaced by `bars` (each bar's chords share it evenly).

    The bars are spread across the section's lines in order, as evenly as they go; a section
    with no lines gets instrumental lines of `bars_per_line` bars. Lyrics and melody are kept.

    >>> s = progression_to_section([["C"], ["Am", "F"]], Section("verse"), 4)
    >>> [(c.symbol, c.beats) for c in s.lines[0].chords]
    [('C', 4.0), ('Am', 2.0), ('F', 2.0)]
    """
    if not bars:
        raise SongcraftError("the progression is empty: there are no bars to keep")
    lines = [Line(ln.text, [], list(ln.melody)) for ln in section.lines]
    if not lines:
        lines = [Line() for _ in range(math.ceil(len(bars) / bars_per_line))]
    per_line, extra = divmod(len(bars), len(lines))
    start = 0
    for index, line in enumerate(lines):
        count = per_line + (1 if index < extra else 0)
        line.chords = _bars_to_chords(bars[start : start + count], beats_per_bar)
        start += count
        _place_on_words(line)
    return Section(section.kind, section.label, lines, section.repeats)


def _bars_to_chords(bars: list[list[str]], beats_per_bar: int) -> list[ChordAt]:
    """Each bar's chords share the bar evenly; an empty bar holds the chord before it."""
    chords: list[ChordAt] = []
    for bar in bars:
        if not bar:
            if chords:
                chords[-1].beats += beats_per_bar
            else:
                chords.append(ChordAt(NO_CHORD, float(beats_per_bar)))
            continue
        for symbol in bar:
            chords.append(ChordAt(str(symbol), beats_per_bar / len(bar)))
    return chords


def _place_on_words(line: Line) -> None:
    """Put each chord on the word sung (or, without melody, spread evenly) where it starts."""
    words = line.words()
    if not words:
        return
    total = sum(c.beats for c in line.chords) or 1.0
    start, last = 0.0, -1
    for chord in line.chords:
        word = _word_at_beat(line, start) if line.melody else int(start / total * len(words))
        word = min(word, len(words) - 1) if word is not None else None
        chord.word = word if word is not None and word > last else None
        last = chord.word if chord.word is not None else last
        start += chord.beats


def _word_at_beat(line: Line, beat: float) -> int | None:
    """Index of the word whose syllable starts at or after `beat` (None past the last one)."""
    word, start = 0, 0.0
    for note in line.melody:
        if note.syllable and start >= beat - 1e-9:
            return word
        if note.syllable and note.word_end:
            word += 1
        start += note.beats
    return None


def _check_text(what: str, text: Any) -> None:
    if not isinstance(text, str):
        raise SongcraftError(f"the {what} must be text, not {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise SongcraftError(f"the {what} is {len(text)} characters; the limit is {MAX_TEXT}")


def _check_section(section: Section) -> None:
    name = section.title
    if section.kind not in SECTION_KINDS:
        kinds = ", ".join(SECTION_KINDS)
        raise SongcraftError(f"section kind {section.kind!r} is not one of {kinds}")
    _check_text(f"label of {name}", section.label)
    if not isinstance(section.repeats, int) or not 1 <= section.repeats <= 16:
        raise SongcraftError(f"{name} repeats {section.repeats!r} times: use 1 to 16")
    for number, line in enumerate(section.lines, 1):
        where = f"{name}, line {number}"
        _check_text(f"lyric in {where}", line.text)
        for chord in line.chords:
            if not isinstance(chord.symbol, str) or not chord.symbol.strip():
                raise SongcraftError(f"{where}: a chord has no symbol")
            if chord.word is not None and (not isinstance(chord.word, int) or chord.word < 0):
                raise SongcraftError(f"{where}: chord {chord.symbol} sits on word {chord.word!r}")
            if not _is_number(chord.beats) or not chord.beats > 0:
                raise SongcraftError(f"{where}: chord {chord.symbol} lasts {chord.beats!r} beats")
            _check_chord(chord.symbol, where)
        for note in line.melody:
            if not _is_number(note.beats) or not note.beats > 0:
                raise SongcraftError(f"{where}: a melody note lasts {note.beats!r} beats")
            if note.pitch is not None and not (
                isinstance(note.pitch, int)
                and not isinstance(note.pitch, bool)
                and 0 <= note.pitch <= 127
            ):
                raise SongcraftError(
                    f"{where}: melody pitch {note.pitch!r} is not a MIDI note 0-127"
                )
            if note.syllable is not None and not isinstance(note.syllable, str):
                raise SongcraftError(f"{where}: a melody syllable is not text")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_chord(symbol: str, where: str) -> None:
    """Refuse chords the chord parser refuses, naming the line they sit on."""
    try:
        parse_chord(symbol)
    except SongcraftError as err:
        raise SongcraftError(f"{where}: {err}") from None


def _line_from_dict(data: dict[str, Any]) -> Line:
    chords = [
        ChordAt(c["symbol"], float(c["beats"]), c.get("word")) for c in data.get("chords", [])
    ]
    melody = [
        Note(n["pitch"], float(n["beats"]), n.get("syllable"), bool(n.get("word_end", True)))
        for n in data.get("melody", [])
    ]
    return Line(data.get("text", ""), chords, melody)


def _song_from_dict(data: dict[str, Any]) -> Song:
    try:
        sections = [
            Section(
                s["kind"],
                s.get("label", ""),
                [_line_from_dict(ln) for ln in s.get("lines", [])],
                s.get("repeats", 1),
            )
            for s in data.get("sections", [])
        ]
        fields = {name: data[name] for name in _SONG_FIELDS if name in data}
        return Song(**fields, sections=sections)
    except KeyError as err:
        raise SongcraftError(f"the song file is broken: field {err.args[0]!r} is missing") from None
    except (TypeError, ValueError, AttributeError) as err:
        raise SongcraftError(f"the song file is broken: a wrong value ({err})") from None
