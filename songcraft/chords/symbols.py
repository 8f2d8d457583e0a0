"""Chord symbols as writers type them: parsed into root, quality and bass, printed canonically.

Everything a lead sheet throws at us (`Bb7`, `F#m`, `Cm7b5`, `CΔ7`, `C-7`, `G7(b9)`,
`Bbmaj13#11`, `C/E`, `N.C.`) is read here without music21, which misreads `Bb7` as a
B chord. Extended and altered chords reduce to the nearest quality in `QUALITIES`
(`Bbmaj13#11` -> `Bbmaj13`), so every chord the engine meets has a known set of tones.

>>> str(parse_chord("Bbmaj13#11"))
'Bbmaj13'
>>> parse_chord("C/E").bass_pc
4
>>> parse_chord("N.C.") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from songcraft.errors import SongcraftError

# Canonical suffix -> semitones above the root, root first; 9ths, 11ths and 13ths are
# compound (14, 17, 21) so a voicing can tell an added ninth from a second.
QUALITIES: dict[str, tuple[int, ...]] = {
    "": (0, 4, 7),
    "m": (0, 3, 7),
    "dim": (0, 3, 6),
    "aug": (0, 4, 8),
    "5": (0, 7),
    "sus2": (0, 2, 7),
    "sus4": (0, 5, 7),
    "6": (0, 4, 7, 9),
    "m6": (0, 3, 7, 9),
    "6/9": (0, 4, 7, 9, 14),
    "add9": (0, 4, 7, 14),
    "madd9": (0, 3, 7, 14),
    "7": (0, 4, 7, 10),
    "maj7": (0, 4, 7, 11),
    "m7": (0, 3, 7, 10),
    "mMaj7": (0, 3, 7, 11),
    "m7b5": (0, 3, 6, 10),
    "dim7": (0, 3, 6, 9),
    "aug7": (0, 4, 8, 10),
    "7sus4": (0, 5, 7, 10),
    "7b5": (0, 4, 6, 10),
    "7b9": (0, 4, 7, 10, 13),
    "7#9": (0, 4, 7, 10, 15),
    "9": (0, 4, 7, 10, 14),
    "maj9": (0, 4, 7, 11, 14),
    "m9": (0, 3, 7, 10, 14),
    "9sus4": (0, 5, 7, 10, 14),
    "11": (0, 4, 7, 10, 14, 17),
    "m11": (0, 3, 7, 10, 14, 17),
    "13": (0, 4, 7, 10, 14, 21),
    "maj13": (0, 4, 7, 11, 14, 21),
    "m13": (0, 3, 7, 10, 14, 21),
}

LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
ACCIDENTAL_SHIFT = {"": 0, "#": 1, "##": 2, "b": -1, "bb": -2}
NO_CHORD_SPELLINGS = {"N.C.", "NC", "N.C", "N/C", "NO CHORD"}
MAX_SYMBOL_LENGTH = 32

_ROOT = re.compile(r"([A-Ga-g])(##|bb|#|b)?")
# Writers' spellings of the same thing, rewritten before the suffix is read.
_ALIASES = [
    ("♭", "b"),
    ("♯", "#"),
    ("−", "-"),
    ("–", "-"),
    ("^", "Δ"),
    ("Ø", "ø"),
    ("°", "o"),
    ("(", ""),
    (")", ""),
    (",", ""),
    (" ", ""),
]
_SUFFIX_PARTS = re.compile(
    r"(?P<maj>maj|Maj|MAJ|[Mm]a(?=\d)|M(?=\d|$))|(?P<halfdim>ø7?)|(?P<dim>dim|o)"
    r"|(?P<min>min|mi|m|-)|(?P<aug>aug|\+(?![59]|11|13))|(?P<sus>sus[24]?)"
    r"|(?P<add>add(?:2|4|6|9|11))"
    r"|(?P<alter>[b#+](?:5|9|11|13))|(?P<alt>alt)|(?P<num>6/9|69|13|11|9|7|6|5|2)"
)


def note_pc(name: str) -> int:
    """Pitch class (C=0) of a spelled note name.

    >>> note_pc("Bb"), note_pc("F#"), note_pc("Cb"), note_pc("B#")
    (10, 6, 11, 0)
    """
    match = _ROOT.fullmatch(name)
    if not match or not match.group(1).isupper():
        raise SongcraftError(f"'{name}' is not a note name: use A to G with # or b.")
    return (LETTER_PC[match.group(1)] + ACCIDENTAL_SHIFT[match.group(2) or ""]) % 12


@dataclass(frozen=True)
class ChordSymbol:
    """One chord: spelled root, canonical quality suffix (a key of QUALITIES), optional bass."""

    root: str  # spelled root as written or spelled for a key: "Bb", "F#", "C"
    quality: str  # canonical suffix, one of QUALITIES
    bass: str | None = None  # slash bass, spelled; None when the root is in the bass
    # What the writer typed ("Bbmaj13#11", "C-7"), shown back to them in place of the
    # canonical name; not part of the chord's identity.
    written: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.quality not in QUALITIES:
            raise SongcraftError(f"'{self.quality}' is not a chord quality Songcraft knows.")
        note_pc(self.root)
        if self.bass is not None:
            note_pc(self.bass)

    @property
    def root_pc(self) -> int:
        return note_pc(self.root)

    @property
    def bass_pc(self) -> int | None:
        return None if self.bass is None else note_pc(self.bass)

    def intervals(self) -> tuple[int, ...]:
        """Semitones above the root, root first, extensions as compound intervals."""
        return QUALITIES[self.quality]

    def pitch_classes(self) -> tuple[int, ...]:
        """The chord's pitch classes, root first, without duplicates (bass not added).

        >>> parse_chord("Cm7b5").pitch_classes()
        (0, 3, 6, 10)
        """
        seen: list[int] = []
        for step in self.intervals():
            pc = (self.root_pc + step) % 12
            if pc not in seen:
                seen.append(pc)
        return tuple(seen)

    def __str__(self) -> str:
        return self.root + self.quality + (f"/{self.bass}" if self.bass else "")

    def as_written(self) -> str:
        """The writer's own symbol when there is one, else the canonical name.

        >>> parse_chord("Bbmaj13#11").as_written(), str(parse_chord("Bbmaj13#11"))
        ('Bbmaj13#11', 'Bbmaj13')
        >>> parse_chord("bb7").as_written()
        'Bb7'
        """
        return self.written or str(self)


def _clip(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "..."


def _split_root(text: str, original: str) -> tuple[str, str]:
    """('Bb', 'maj7') from 'Bbmaj7'; a clear error for H7, Xmaj7, C#b and friends."""
    if text[0] in "Hh":
        raise SongcraftError(
            f"'{_clip(original)}' is not a chord: roots are the letters A to G"
            f" (H is the German name for B; write B{text[1:]})."
        )
    match = _ROOT.match(text)
    if not match:
        raise SongcraftError(
            f"'{_clip(original)}' is not a chord: it should start with a root "
            "note, a letter A to G (e.g. C, F#, Bb)."
        )
    root = match.group(1).upper() + (match.group(2) or "")
    rest = text[match.end() :]
    if rest[:1] in ("#", "b") and not re.match(r"b(5|9|11|13)", rest):
        raise SongcraftError(
            f"'{_clip(original)}' is not a chord: '{text[: match.end() + 1]}' "
            "mixes sharps and flats; write one accidental (e.g. C# or Db)."
        )
    return root, rest


def _suffix_features(suffix: str, original: str) -> dict:
    """Read a suffix into third, fifth, seventh, sixth, extension, added and altered tones."""
    f = {
        "third": "M",
        "fifth": "P",
        "seventh": None,
        "sixth": False,
        "ext": 0,
        "add9": False,
        "alters": set(),
        "maj": False,
        "dim": False,
    }
    pos, seen = 0, set()
    while pos < len(suffix):
        match = _SUFFIX_PARTS.match(suffix, pos)
        if not match:
            raise SongcraftError(
                f"'{_clip(original)}' is not a chord symbol I can read: "
                f"'{_clip(suffix[pos:])}' after the root is unknown."
            )
        kind, part = match.lastgroup, match.group()
        # min, dim and half-dim only make sense right after the root; nothing twice.
        if (kind, part) in seen or (kind in ("min", "dim", "halfdim") and pos > 0):
            raise SongcraftError(
                f"'{_clip(original)}' is not a chord symbol I can read: '{part}' is out of place."
            )
        seen.add((kind, part))
        pos = match.end()
        _apply_part(f, kind, part)
    return f


def _apply_part(f: dict, kind: str, part: str) -> None:
    if kind == "maj":
        f["maj"] = True  # the next 7, 9 or 13 is a major seventh chord
    elif kind == "min":
        f["third"] = "m"
    elif kind == "dim":
        f["third"], f["fifth"], f["dim"] = "m", "b", True
    elif kind == "halfdim":
        f["third"], f["fifth"], f["seventh"] = "m", "b", "b7"
    elif kind == "aug":
        f["fifth"] = "#"
    elif kind == "sus":
        f["third"] = "sus2" if part.endswith("2") else "sus4"
    elif kind == "add" and part == "add6":
        f["sixth"] = True
    elif kind == "add":
        f["add9"] = f["add9"] or part in ("add9", "add2")  # add4 and add11 reduce away
    elif kind == "alter":
        _apply_alteration(f, part.replace("+", "#"))
    elif kind == "alt":
        f["alters"].add("#9")
        f["seventh"] = f["seventh"] or "b7"
    else:
        _apply_number(f, part, f["maj"], f["dim"])


def _apply_alteration(f: dict, part: str) -> None:
    if part in ("b5", "#5"):
        f["fifth"] = part[0]
    else:
        f["alters"].add(part)  # b9 and #9 are kept; #11 and b13 reduce away
        f["seventh"] = f["seventh"] or "b7"


def _apply_number(f: dict, part: str, major_seventh: bool, diminished: bool) -> None:
    if part == "5":
        f["third"] = None
    elif part == "2":
        f["third"] = "sus2"
    elif part == "6":
        f["sixth"] = True
    elif part in ("6/9", "69"):
        f["sixth"] = f["add9"] = True
    else:
        if f["seventh"] is None:
            f["seventh"] = "M7" if major_seventh else ("d7" if diminished else "b7")
        if part != "7":
            f["ext"] = max(f["ext"], int(part))


def _quality(f: dict) -> str:
    """The canonical quality nearest to the features: extensions and alterations reduce."""
    third, fifth, seventh, ext, alters = f["third"], f["fifth"], f["seventh"], f["ext"], f["alters"]
    if third is None:
        return "5"
    if third in ("sus2", "sus4"):
        if seventh == "b7":
            return "9sus4" if ext >= 9 else "7sus4"
        return third
    if third == "m" and fifth == "b":
        return {"d7": "dim7", "b7": "m7b5"}.get(seventh, "dim")
    if third == "m":
        if seventh is None:
            return "m6" if f["sixth"] else ("madd9" if f["add9"] else "m")
        if seventh == "M7":
            return "mMaj7"
        return {0: "m7", 9: "m9", 11: "m11", 13: "m13"}[ext]
    if fifth == "#":
        return {None: "aug", "b7": "aug7"}.get(seventh, "maj7")
    if seventh is None:
        if f["sixth"]:
            return "6/9" if f["add9"] else "6"
        return "add9" if f["add9"] else ""
    if seventh == "M7":
        return {0: "maj7", 9: "maj9", 11: "maj9", 13: "maj13"}[ext]
    for alter, quality in (("#9", "7#9"), ("b9", "7b9")):
        if alter in alters:
            return quality
    if fifth == "b":
        return "7b5"
    return {0: "7", 9: "9", 11: "11", 13: "13"}[ext]


def _split_bass(text: str, original: str) -> tuple[str, str | None]:
    if "/" not in text:
        return text, None
    head, _, tail = text.rpartition("/")
    if not tail or tail[0].isdigit():  # 6/9 is a quality, not a bass note
        return text, None
    if not _ROOT.fullmatch(tail) or tail[0] in "Hh":
        raise SongcraftError(
            f"'{_clip(original)}' is not a chord: the bass after '/' "
            f"('{_clip(tail)}') should be a note, A to G with # or b."
        )
    return head, tail[0].upper() + tail[1:]


def parse_chord(text: str) -> ChordSymbol | None:
    """Parse one typed chord symbol; None for N.C.; SongcraftError with a clear message.

    >>> [str(parse_chord(s)) for s in ("Bb7", "F#m", "Ebmaj7", "Cm7b5", "C-7", "G7(b9)")]
    ['Bb7', 'F#m', 'Ebmaj7', 'Cm7b5', 'Cm7', 'G7b9']
    """
    if not isinstance(text, str) or not text.strip():
        raise SongcraftError("A chord is empty: type a chord symbol such as C, Am7 or F/A.")
    original = text.strip()
    if len(original) > MAX_SYMBOL_LENGTH:
        raise SongcraftError(
            f"'{_clip(original)}' is too long for a chord symbol "
            f"(at most {MAX_SYMBOL_LENGTH} characters)."
        )
    if original.upper() in NO_CHORD_SPELLINGS:
        return None
    cleaned = original
    for old, new in _ALIASES:
        cleaned = cleaned.replace(old, new)
    cleaned = re.sub(r"Δ(?!\d)", "maj7", cleaned).replace("Δ", "maj")  # a bare triangle is maj7
    if not cleaned:
        raise SongcraftError(f"'{_clip(original)}' is not a chord symbol.")
    body, bass = _split_bass(cleaned, original)
    root, suffix = _split_root(body, original)
    quality = _quality(_suffix_features(suffix, original))
    if bass is not None and note_pc(bass) == note_pc(root):
        bass = None  # C/C is just C
    return ChordSymbol(root=root, quality=quality, bass=bass, written=root + original[len(root) :])


def parse_progression(text: str) -> list[list[ChordSymbol | None]]:
    """Bars separated by '|', chords by spaces; '%' repeats the bar before.

    >>> [[str(c) for c in bar] for bar in parse_progression("C Am | F G7 | %")]
    [['C', 'Am'], ['F', 'G7'], ['F', 'G7']]
    """
    if not isinstance(text, str) or not text.strip():
        raise SongcraftError("The progression is empty: type chords such as 'C | Am | F G'.")
    bars: list[list[ChordSymbol | None]] = []
    for number, bar_text in enumerate(text.strip().strip("|").split("|"), start=1):
        names = bar_text.split()
        if names == ["%"]:
            if not bars:
                raise SongcraftError("Bar 1 is '%', but there is no bar before it to repeat.")
            bars.append(list(bars[-1]))
            continue
        if not names:
            raise SongcraftError(f"Bar {number} is empty: put a chord (or N.C.) in every bar.")
        try:
            bars.append([parse_chord(name) for name in names])
        except SongcraftError as err:
            raise SongcraftError(f"Bar {number}: {err}") from None
    return bars
