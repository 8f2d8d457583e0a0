"""Our chord symbols <-> music21 ChordSymbol, without letting music21 parse any text.

music21 reads `Bb7` as a B chord and trips on several suffixes, so chords cross over by
parts: the root and bass spelled music21's way (`B-`), the quality as a MusicXML `kind` plus
degree changes, and our own suffix as the text printed above the staff.
"""

from __future__ import annotations

import copy
import functools

from music21 import harmony

from songcraft.chords.symbols import ChordSymbol, parse_chord

# Our quality -> MusicXML kind and degree changes ((type, degree, alter), ...).
KINDS: dict[str, tuple[str, tuple[tuple[str, int, int], ...]]] = {
    "": ("major", ()),
    "m": ("minor", ()),
    "dim": ("diminished", ()),
    "aug": ("augmented", ()),
    "5": ("power", ()),
    "sus2": ("suspended-second", ()),
    "sus4": ("suspended-fourth", ()),
    "6": ("major-sixth", ()),
    "m6": ("minor-sixth", ()),
    "6/9": ("major-sixth", (("add", 9, 0),)),
    "add9": ("major", (("add", 9, 0),)),
    "madd9": ("minor", (("add", 9, 0),)),
    "7": ("dominant-seventh", ()),
    "maj7": ("major-seventh", ()),
    "m7": ("minor-seventh", ()),
    "mMaj7": ("minor-major-seventh", ()),
    "m7b5": ("half-diminished-seventh", ()),
    "dim7": ("diminished-seventh", ()),
    "aug7": ("augmented-seventh", ()),
    "7sus4": ("suspended-fourth-seventh", ()),
    "7b5": ("dominant-seventh", (("alter", 5, -1),)),
    "7b9": ("dominant-seventh", (("add", 9, -1),)),
    "7#9": ("dominant-seventh", (("add", 9, 1),)),
    "9": ("dominant-ninth", ()),
    "maj9": ("major-ninth", ()),
    "m9": ("minor-ninth", ()),
    "9sus4": ("suspended-fourth-seventh", (("add", 9, 0),)),
    "11": ("dominant-11th", ()),
    "m11": ("minor-11th", ()),
    "13": ("dominant-13th", ()),
    "maj13": ("major-13th", ()),
    "m13": ("minor-13th", ()),
}
_QUALITY = {(kind, mods): quality for quality, (kind, mods) in KINDS.items()}


def m21_name(note: str) -> str:
    """A spelled note name as music21 wants it.

    >>> m21_name("Bb"), m21_name("F#"), m21_name("Ebb")
    ('B-', 'F#', 'E--')
    """
    return note[0] + note[1:].replace("b", "-")


def our_name(name: str) -> str:
    """music21's note name back to ours.

    >>> our_name("B-"), our_name("C#")
    ('Bb', 'C#')
    """
    return name[0] + name[1:].replace("-", "b")


def to_m21(symbol: str) -> harmony.ChordSymbol:
    """A music21 chord symbol (or NoChord) for a typed symbol, printed as we spell it."""
    return copy.deepcopy(_m21_template(symbol))  # each score needs its own object


@functools.lru_cache(maxsize=1024)
def _m21_template(symbol: str) -> harmony.ChordSymbol:
    """Building a music21 chord symbol costs ~20 ms (it realises the pitches): once each."""
    chord = parse_chord(symbol)
    if chord is None:
        return harmony.NoChord()
    kind, mods = KINDS[chord.quality]
    bass = m21_name(chord.bass) if chord.bass else None
    m21 = harmony.ChordSymbol(root=m21_name(chord.root), bass=bass, kind=kind)
    for mod_type, degree, alter in mods:
        m21.addChordStepModification(harmony.ChordStepModification(mod_type, degree, alter))
    m21.chordKindStr = chord.quality  # the text over the staff: "maj7", not "Maj7"
    return m21


def from_m21(m21: harmony.ChordSymbol) -> str:
    """Our canonical symbol for a music21 chord symbol read back from a file ("N.C." for none)."""
    if isinstance(m21, harmony.NoChord):
        return "N.C."
    mods = tuple(
        (m.modType, int(m.degree), int(m.interval.semitones) if m.interval else 0)
        for m in m21.getChordStepModifications()
    )
    quality = _QUALITY.get((m21.chordKind, mods))
    if quality is None:  # a kind we never write: let our parser read music21's figure
        return str(parse_chord(our_name(m21.figure.replace(" ", ""))))
    bass = m21.bass()
    root = our_name(m21.root().name)
    slash = f"/{our_name(bass.name)}" if bass is not None and bass.name != m21.root().name else ""
    return str(ChordSymbol(root, quality, slash[1:] or None))
