"""Reading tunes out of music21's installed corpus, as bars of raw notes.

ABC tune books (Essen, O'Neill's, Ryan's, Nottingham) are read with music21's ABC tokenizer
alone, which is about fifty times faster than building full music21 streams; MusicXML
(chorales, lead sheets) is parsed by music21. Both give a `RawTune`: bars of notes in
quarter lengths with MIDI pitches, ties and the chord symbols the source writes, so one
cleaning step (songcraft.melody.extract) serves every source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from songcraft.chords.symbols import LETTER_PC, parse_chord
from songcraft.errors import SongcraftError

_ACCIDENTAL = {"": 0, "n": 0, "#": 1, "##": 2, "-": -1, "--": -2}
_PITCH_NAME = re.compile(r"^([A-G])(n|##|#|--|-)?(-?\d+)$")
_KEY = re.compile(r"^\s*([A-Ga-g])([#b]?)\s*([A-Za-z]*)")
_MODE_WORDS = {
    "": None,
    "maj": "major",
    "ion": "major",
    "m": "minor",
    "min": "minor",
    "aeo": "minor",
    "dor": "dorian",
    "mix": "mixolydian",
    "lyd": "lydian",
    "phr": "phrygian",
    "loc": "locrian",
}
# Semitones from the major tonic of a key signature to the tonic of each mode.
MODE_OFFSET = {
    "major": 0,
    "dorian": 2,
    "phrygian": 4,
    "lydian": 5,
    "mixolydian": 7,
    "minor": 9,
    "locrian": 11,
}


class SkipTune(Exception):
    """A tune the cleaning step leaves out; the message is the reason counted."""


@dataclass
class RawNote:
    length: Fraction  # in quarter notes
    midi: int | None  # None = rest
    tie: bool = False  # tied into the next note
    chord: tuple[int, str] | None = None  # (root pitch class, canonical quality) from the source


@dataclass
class RawTune:
    ident: str  # source/file#number
    meter: str  # "6/8"
    signature_pc: int  # major tonic of the key signature
    mode: str | None  # written in the source, or None to read it from the final note
    bars: list[list[RawNote]] = field(default_factory=list)
    voices: list[list[tuple[Fraction, Fraction, int]]] | None = None  # other parts per bar
    tonic_pc: int | None = None  # the tonic, where the source names it (Essen's K:, a bass's final)


def midi_of(pitch_name: str) -> int:
    """MIDI number of a music21 pitch name.

    >>> midi_of("C4"), midi_of("F#5"), midi_of("B-3"), midi_of("Fn5")
    (60, 78, 58, 77)
    """
    match = _PITCH_NAME.match(pitch_name)
    if not match:
        raise SkipTune(f"unreadable pitch {pitch_name}")
    letter, accidental, octave = match.groups()
    return 12 * (int(octave) + 1) + LETTER_PC[letter] + _ACCIDENTAL[accidental or ""]


def parse_abc_key(text: str) -> tuple[int, str | None]:
    """(major tonic pc of the key signature, written mode or None) from an ABC K: field.

    >>> parse_abc_key("Ador"), parse_abc_key("G"), parse_abc_key("Bbm")
    ((7, 'dorian'), (7, None), (1, 'minor'))
    """
    match = _KEY.match(text)
    if not match:
        raise SkipTune("no key")
    tonic = (LETTER_PC[match[1].upper()] + {"#": 1, "b": -1, "": 0}[match[2]]) % 12
    word = match[3].lower()
    word = "m" if word == "m" else word[:3]
    if word not in _MODE_WORDS:
        raise SkipTune(f"key {text.strip()}")
    mode = _MODE_WORDS[word]
    return (tonic - MODE_OFFSET[mode or "major"]) % 12, mode


def parse_abc_meter(text: str) -> str:
    """'C' is 4/4 and 'C|' is 2/2; free meter is refused."""
    text = text.strip()
    if text in ("C", "C|"):
        return "4/4" if text == "C" else "2/2"
    if not re.fullmatch(r"\d{1,2}/\d{1,2}", text):
        raise SkipTune("free or unreadable meter")
    return text


def source_chord(symbols: list[str]) -> tuple[int, str] | None:
    """The first chord symbol that parses; ABC annotations ("^text") are not chords."""
    for symbol in symbols:
        text = symbol.strip('"')
        if not text or text[0] in "^_<>@":
            continue
        try:
            chord = parse_chord(text)
        except SongcraftError:
            continue
        if chord is not None:
            return chord.root_pc, chord.quality
    return None


class _AbcReader:
    """Walks one tune's ABC tokens into bars, carrying accidentals to the bar line."""

    def __init__(self, ident: str):
        self.tune = RawTune(ident=ident, meter="", signature_pc=0, mode=None)
        self.bar: list[RawNote] = []
        self.carry: dict[tuple[str, str], str] = {}
        self.in_body = self.in_grace = False

    def header(self, tok) -> bool:
        """Read a metadata field; False when the tune changes meter or key mid-way."""
        tag, data = tok.tag, tok.data
        if tag == "M":
            if self.in_body:
                return False
            self.tune.meter = parse_abc_meter(data)
        elif tag == "K":
            if self.in_body:
                return False
            self.tune.signature_pc, self.tune.mode = parse_abc_key(data)
            self.in_body = True
        return True

    def note(self, tok, pitch_name: str | None, explicit: bool) -> None:
        midi = None
        if pitch_name is not None:
            match = _PITCH_NAME.match(pitch_name)
            if not match:
                raise SkipTune(f"unreadable pitch {pitch_name}")
            place = (match[1], match[3])
            if explicit:
                self.carry[place] = match[2] or ""
            elif place in self.carry:  # an accidental holds to the end of its bar
                pitch_name = match[1] + self.carry[place] + match[3]
            midi = midi_of(pitch_name)
        length = Fraction(tok.quarterLength).limit_denominator(64)
        if length > 0:
            chord = source_chord(list(getattr(tok, "chordSymbols", None) or []))
            tie = getattr(tok, "tie", None) in ("start", "continue")
            self.bar.append(RawNote(length, midi, tie, chord))

    def bar_line(self) -> None:
        if self.bar:
            self.tune.bars.append(self.bar)
        self.bar, self.carry = [], {}


def _explicit_accidental(src: str) -> bool:
    body = re.sub(r'"[^"]*"|![^!]*!', "", src)
    return any(ch in body for ch in "^_=")


def read_abc_tune(handler, ident: str, key_is_tonic: bool = False) -> RawTune:
    """One tune from a music21 ABCHandler's tokens; SkipTune says why it can't be used.

    With `key_is_tonic` the K: field names the tonic (Essen writes every accidental out),
    so only the mode is left to read from the notes.
    """
    from music21 import abcFormat

    reader = _AbcReader(ident)
    for tok in handler.tokens:
        if isinstance(tok, abcFormat.ABCMetadata):
            if not reader.header(tok):
                break
        elif not reader.in_body:
            continue
        elif isinstance(tok, abcFormat.ABCTuplet):
            raise SkipTune("tuplets")
        elif isinstance(tok, abcFormat.ABCGraceStart | abcFormat.ABCGraceStop):
            reader.in_grace = isinstance(tok, abcFormat.ABCGraceStart)
        elif isinstance(tok, abcFormat.ABCBar):
            reader.bar_line()
        elif isinstance(tok, abcFormat.ABCChord):
            if not tok.subTokens:  # an inline field such as [M:3/4]
                if re.search(r"\[[MK]:", tok.src):
                    break
                continue
            top = max(tok.subTokens, key=lambda n: midi_of(n.pitchName))
            reader.note(tok, top.pitchName, _explicit_accidental(top.src))
        elif isinstance(tok, abcFormat.ABCNote) and not reader.in_grace:
            name = None if tok.isRest else tok.pitchName
            reader.note(tok, name, _explicit_accidental(tok.src))
    reader.bar_line()
    if not reader.tune.meter:
        raise SkipTune("free or unreadable meter")
    if key_is_tonic and reader.tune.mode is None:
        reader.tune.tonic_pc = reader.tune.signature_pc
    return reader.tune


def read_abc_file(
    path: Path, source: str, key_is_tonic: bool = False
) -> Iterator[RawTune | SkipTune]:
    """Every tune of an ABC file, or the reason each one was skipped."""
    from music21 import abcFormat

    try:
        handler = abcFormat.ABCFile().readstr(path.read_text(encoding="latin-1"))
        tunes = handler.splitByReferenceNumber()
    except Exception as err:  # music21 raises many kinds on a malformed book
        yield SkipTune(f"unreadable file ({type(err).__name__})")
        return
    for number, tune in sorted(tunes.items()):
        try:
            yield read_abc_tune(tune, f"{source}/{path.stem}#{number}", key_is_tonic)
        except SkipTune as skip:
            yield skip
        except Exception as err:  # a malformed tune; count it, keep going
            yield SkipTune(f"unreadable tune ({type(err).__name__})")


def _stream_bars(part) -> list[list[RawNote]]:
    """Bars of a music21 part; a chord symbol applies to the note that follows it."""
    from music21 import harmony

    bars, chord = [], None
    for measure in part.getElementsByClass("Measure"):
        bar = []
        for element in measure.flatten().notesAndRests:
            if isinstance(element, harmony.ChordSymbol):
                chord = source_chord([element.figure.replace("-", "b")]) or chord
                continue
            length = Fraction(element.quarterLength).limit_denominator(64)
            if length <= 0:
                continue  # grace notes
            midi = None
            if element.isNote:
                midi = element.pitch.midi
            elif element.isChord:
                midi = max(p.midi for p in element.pitches)
            tie = element.tie is not None and element.tie.type in ("start", "continue")
            bar.append(RawNote(length, midi, tie, chord))
            chord = None
        bars.append(bar)
    return bars


def _voice_bars(part) -> list[list[tuple[Fraction, Fraction, int]]]:
    """(offset in bar, length, pitch class) of every note of a harmony part, per bar."""
    out = []
    for measure in part.getElementsByClass("Measure"):
        out.append(
            [
                (Fraction(n.offset).limit_denominator(64), Fraction(n.quarterLength), pc)
                for n in measure.flatten().notes
                for pc in sorted({p.pitchClass for p in n.pitches})
            ]
        )
    return out


def read_score(path: Path, ident: str, harmony_parts: bool) -> RawTune:
    """The top part of a MusicXML score; with `harmony_parts`, the others sound the chords."""
    from music21 import converter, key, meter

    score = converter.parse(str(path))
    parts = list(score.parts)
    if not parts:
        raise SkipTune("no parts")
    flat = parts[0].flatten()
    signatures = flat.getElementsByClass(meter.TimeSignature)
    keys = flat.getElementsByClass(key.KeySignature)
    if not signatures or not keys:
        raise SkipTune("no time or key signature")
    tune = RawTune(
        ident=ident,
        meter=signatures[0].ratioString,
        signature_pc=(7 * keys[0].sharps) % 12,
        mode=None,
        bars=_stream_bars(parts[0]),
    )
    if harmony_parts and len(parts) > 1:
        voices = [_voice_bars(p) for p in parts[1:]]
        tune.voices = [sum(bars, []) for bars in zip(*voices, strict=False)]
        bass = list(parts[-1].flatten().notes)
        if bass:
            tune.tonic_pc = min(p.pitchClass for p in bass[-1].pitches)
    return tune
