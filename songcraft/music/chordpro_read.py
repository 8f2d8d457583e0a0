"""Reading ChordPro: inline chords onto words, directives, environments, into a Song.

Kept apart from the writer in chordpro.py because writers' own files are messy and the
reader has to be forgiving where it can and precise (with a line number) where it can't.
"""

from __future__ import annotations

import copy
import re
import urllib.parse
from dataclasses import dataclass, field

from songcraft.chords.symbols import parse_chord
from songcraft.errors import SongcraftError
from songcraft.music.song import SECTION_KINDS, ChordAt, Line, Note, Section, Song, parse_key

ENVIRONMENTS = {  # ChordPro environment name -> section kind
    "verse": "verse",
    "chorus": "chorus",
    "bridge": "bridge",
    "intro": "intro",
    "outro": "outro",
    "pre_chorus": "pre-chorus",
    "prechorus": "pre-chorus",
    "instrumental": "instrumental",
    "solo": "instrumental",
    "interlude": "instrumental",
}
SKIPPED = ("tab", "grid", "abc", "ly", "svg", "textblock")  # environments that hold no lyrics
SHORT_NAMES = {
    "t": "title",
    "st": "subtitle",
    "c": "comment",
    "ci": "comment",
    "cb": "comment",
    "comment_italic": "comment",
    "comment_box": "comment",
    "highlight": "comment",
    "soc": "start_of_chorus",
    "eoc": "end_of_chorus",
    "sov": "start_of_verse",
    "eov": "end_of_verse",
    "sob": "start_of_bridge",
    "eob": "end_of_bridge",
    "sot": "start_of_tab",
    "eot": "end_of_tab",
    "sog": "start_of_grid",
    "eog": "end_of_grid",
}
_REPEAT = re.compile(r"(?:repeat\s*)?[x×]\s*(\d+)|repeat\s+(\d+)\s+times", re.I)
_CHORD = re.compile(r"\[([^\[\]]*)\]")


def place_chords(line: Line) -> str:
    """The lyric line with chords inline before the word where each changes.

    >>> place_chords(Line("Hold me close", [ChordAt("C", 4, 0), ChordAt("G", 4, 2)]))
    '[C]Hold me [G]close'
    """
    if not line.text:
        return " ".join(f"[{c.symbol}]" for c in line.chords)
    text = line.text
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    out, done, position = [], 0, 0
    for chord in line.chords:
        if chord.word is not None:
            at = starts[chord.word] if chord.word < len(starts) else len(text)
            position = max(position, at)
        out += [_escape(text[done:position]), f"[{chord.symbol}]"]
        done = position
    out.append(_escape(text[done:]))
    if out[0][:1] in ("{", "#"):
        out[0] = f"\\u{ord(out[0][0]):04X}" + out[0][1:]  # not a directive or comment
    return "".join(out)


def _escape(text: str) -> str:
    """Brackets in a lyric as ChordPro Unicode escapes, so they aren't read as chords."""
    return text.replace("\\u", "\\u005Cu").replace("[", "\\u005B").replace("]", "\\u005D")


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)


def read_chords(raw: str) -> tuple[str, list[tuple[str, int | None]]]:
    """(lyric, [(chord, word index or None)]): the first chord before or inside a word goes on it.

    >>> read_chords("[C]Hold me [Am][F]close lo[G]ve")
    ('Hold me close love', [('C', 0), ('Am', 2), ('F', None), ('G', 3)])
    """
    lyric, marks, done = [], [], 0
    for match in _CHORD.finditer(raw):
        lyric.append(_unescape(raw[done : match.start()]))
        done = match.end()
        if not match[1].startswith("*"):  # [*...] is an annotation, not a chord
            marks.append((sum(map(len, lyric)), match[1].strip()))
    text = "".join(lyric) + _unescape(raw[done:])
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    chords: list[tuple[str, int | None]] = []
    last, previous_position = -1, None
    for position, symbol in marks:
        position = max(0, position - lead)
        word = next((i for i, (_, end) in enumerate(spans) if position < end), None)
        first_in_run = position != previous_position
        anchored = word is not None and first_in_run and word > last
        chords.append((symbol, word if anchored else None))
        last = word if anchored else last
        previous_position = position
    return text, chords


def beats_text(beats: float) -> str:
    """A length in beats, exact enough to read back equal (4/3 stays 4/3).

    >>> beats_text(4.0), beats_text(1.5), beats_text(4 / 3)
    ('4', '1.5', '1.3333333333333333')
    """
    return str(int(beats)) if float(beats).is_integer() else repr(float(beats))


def melody_text(melody: list[Note]) -> str:
    """`pitch/beats[/syllable[/-]]` per note (r for a rest, syllables %-escaped)."""
    tokens = []
    for note in melody:
        token = f"{'r' if note.pitch is None else note.pitch}/{beats_text(note.beats)}"
        if note.syllable is not None:
            token += "/" + urllib.parse.quote(note.syllable, safe="")
            token += "" if note.word_end else "/-"
        tokens.append(token)
    return " ".join(tokens)


def _melody_in(text: str) -> list[Note]:
    notes = []
    for token in text.split():
        parts = token.split("/")
        try:
            pitch = None if parts[0] == "r" else int(parts[0])
            syllable = urllib.parse.unquote(parts[2]) if len(parts) > 2 else None
            notes.append(Note(pitch, float(parts[1]), syllable, parts[3:4] != ["-"]))
        except (ValueError, IndexError):
            raise SongcraftError(f"melody note {token!r} is not pitch/beats") from None
    return notes


def _key_in(text: str) -> str:
    """ChordPro writes keys like chords ("Am", "Eb"); the song model says "A minor"."""
    match = re.fullmatch(r"\s*([A-G][#b]?)\s*(m|min|minor|maj|major)?\s*", text)
    if not match:
        raise SongcraftError(f"key {text.strip()!r} is not a key like C, Am or Eb")
    minor = match[2] in ("m", "min", "minor")
    return f"{match[1]} {'minor' if minor else 'major'}"


def _timing_in(text: str, chords: list[ChordAt]) -> None:
    """Apply an `x_songcraft_chords: 4@0 2@- ...` directive to the line's chords."""
    items = text.split()
    if len(items) != len(chords):
        raise SongcraftError(
            f"x_songcraft_chords gives {len(items)} timings for {len(chords)} chords"
        )
    for chord, item in zip(chords, items, strict=True):
        beats, _, word = item.partition("@")
        try:
            chord.beats = float(beats)
            chord.word = None if word in ("", "-") else int(word)
        except ValueError:
            raise SongcraftError(f"x_songcraft_chords timing {item!r} is not beats@word") from None


@dataclass
class SheetReader:
    """Reads a ChordPro text line by line into a Song."""

    song: Song = field(default_factory=Song)
    section: Section | None = None  # the section lines go into
    environment: str | None = None  # the explicit environment we're in, if any
    pending: dict[str, str] = field(default_factory=dict)  # x_songcraft_* for the next line
    seen: set[str] = field(default_factory=set)  # metadata already set (the first one wins)

    def read(self, text: str) -> Song:
        for number, raw in enumerate(text.splitlines(), 1):
            try:
                self._line(raw.rstrip())
            except SongcraftError as err:
                raise SongcraftError(f"line {number}: {err}") from None
        return self.song

    def _line(self, raw: str) -> None:
        stripped = raw.strip()
        if stripped.startswith("#"):
            return
        if stripped.startswith("{"):
            if not stripped.endswith("}"):
                raise SongcraftError(f"directive {stripped[:30]!r} is missing its closing '}}'")
            name, _, value = stripped[1:-1].strip().partition(":")
            if not value and " " in name:
                name, _, value = name.partition(" ")
            name = name.strip().lower().split("-")[0]  # "title-guitar": a selector suffix
            self._directive(SHORT_NAMES.get(name, name), value.strip())
        elif not stripped:
            if self.environment is None:
                self.section = None  # outside environments a blank line ends a verse
        elif self.environment not in SKIPPED:
            self._lyric(raw)

    def _directive(self, name: str, value: str) -> None:
        if name.startswith("start_of_"):
            self._start(name[len("start_of_") :], value)
        elif name.startswith("end_of_"):
            if name[len("end_of_") :] != self.environment:
                opened = f"{{start_of_{self.environment}}}" if self.environment else "no section"
                raise SongcraftError(f"{{{name}}} is there, but the open section is {opened}")
            self.section, self.environment = None, None
        elif name == "chorus":
            self._recall_chorus()
        elif name == "comment" and _REPEAT.fullmatch(value) and self.song.sections:
            match = _REPEAT.fullmatch(value)
            self.song.sections[-1].repeats = int(match[1] or match[2])
        elif name in ("x_songcraft_chords", "x_songcraft_melody"):
            self.pending[name] = value
        elif name == "x_songcraft_line":
            self._lyric("")
        else:
            self._meta(name, value)

    def _meta(self, name: str, value: str) -> None:
        field_name = {
            "title": "title",
            "artist": "writer",
            "composer": "writer",
            "lyricist": "writer",
            "key": "key",
            "tempo": "tempo",
            "time": "time_signature",
        }
        target = field_name.get(name)
        if target is None or target in self.seen or not value:
            return  # other directives (columns, fonts, capo ...) don't change the song
        self.seen.add(target)
        if target == "key":
            value = _key_in(value)
            parse_key(value)
        if target == "tempo":
            try:
                value = int(round(float(value)))
            except ValueError:
                raise SongcraftError(f"tempo {value!r} is not a number of beats a minute") from None
        setattr(self.song, target, value)

    def _start(self, environment: str, value: str) -> None:
        if self.environment is not None:
            raise SongcraftError(
                f"{{start_of_{environment}}} inside {{start_of_{self.environment}}}"
                f" (is {{end_of_{self.environment}}} missing?)"
            )
        self.environment = environment
        if environment in SKIPPED:
            return
        label = re.sub(r'^label\s*=\s*"?(.*?)"?$', r"\1", value)
        kind = ENVIRONMENTS.get(environment) or _kind_from_label(label)
        self.section = Section(kind, label)
        self.song.sections.append(self.section)

    def _recall_chorus(self) -> None:
        chorus = next((s for s in reversed(self.song.sections) if s.kind == "chorus"), None)
        if chorus is None:
            raise SongcraftError("{chorus} repeats the chorus, but no chorus has been written yet")
        self.song.sections.append(copy.deepcopy(chorus))
        self.song.sections[-1].repeats = 1  # a later {comment: x2} may repeat this one
        self.section = None

    def _lyric(self, raw: str) -> None:
        if self.section is None:
            self.section = Section("verse")
            self.song.sections.append(self.section)
        if re.search(r"[\[\]]", _CHORD.sub("", raw)):
            raise SongcraftError(f"a chord bracket is not closed in {raw.strip()[:40]!r}")
        text, marks = read_chords(raw)
        bar = float(self.song.beats_per_bar)
        chords = [ChordAt(symbol, bar, word) for symbol, word in marks]
        for chord in chords:
            parse_chord(chord.symbol)  # a clear error, with this line's number, for bad chords
        if "x_songcraft_chords" in self.pending:
            _timing_in(self.pending.pop("x_songcraft_chords"), chords)
        melody = _melody_in(self.pending.pop("x_songcraft_melody", ""))
        self.section.lines.append(Line(text, chords, melody))


def _kind_from_label(label: str) -> str:
    """A custom environment's kind from its label ("Pre-Chorus 2" -> pre-chorus)."""
    words = label.lower().replace("prechorus", "pre-chorus")
    return next((k for k in sorted(SECTION_KINDS, key=len, reverse=True) if k in words), "verse")
