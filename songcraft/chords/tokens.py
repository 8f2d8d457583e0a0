"""Chord progressions as tokens: mode, section, one harmonic-rhythm token per bar, degrees.

A progression in 4/4 such as `C major: C | Am F | G G G C` becomes

    <s> <major> <verse> |4 I |2+2 vi IV |3+1 V I </s>

Chord tokens are roman numerals spelled as in a major key whatever the mode (the mode
token says which), with enharmonic roots merged (C#dim and Dbdim are one token) and
qualities reduced to the set the model learns (`MODEL_QUALITY`). Repeated chords inside a
bar merge into one longer chord, so a bar token carries the whole harmonic rhythm.
The style is not a token: it is the model's condition id.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache

from songcraft.chords.degrees import DIMINISHED, MINOR_THIRD, Degree, parse_roman, tone_step
from songcraft.chords.keys import Key
from songcraft.chords.symbols import QUALITIES, ChordSymbol
from songcraft.errors import SongcraftError

PAD, BOS, EOS, NO_CHORD = "<pad>", "<s>", "</s>", "N.C."
ANY = "any"  # the style and section used when none is given
MODE_TOKENS = ("<major>", "<minor>")
# What the model learns for each quality: extensions and alterations fold into the
# seventh chord they colour, so rare spellings share statistics with common ones.
MODEL_QUALITY = {
    "": "",
    "m": "m",
    "dim": "dim",
    "aug": "aug",
    "5": "5",
    "sus2": "sus2",
    "sus4": "sus4",
    "6": "6",
    "m6": "m6",
    "6/9": "6",
    "add9": "add9",
    "madd9": "m",
    "7": "7",
    "maj7": "maj7",
    "m7": "m7",
    "mMaj7": "m",
    "m7b5": "m7b5",
    "dim7": "dim7",
    "aug7": "7",
    "7sus4": "7sus4",
    "7b5": "7",
    "7b9": "7",
    "7#9": "7",
    "9": "9",
    "maj9": "maj9",
    "m9": "m9",
    "9sus4": "7sus4",
    "11": "7sus4",
    "m11": "m7",
    "13": "9",
    "maj13": "maj9",
    "m13": "m9",
}
TRIAD_OF = {
    q: (
        "dim"
        if q in DIMINISHED
        else "m"
        if q in MINOR_THIRD
        else "aug"
        if q.startswith("aug")
        else ""
    )
    for q in MODEL_QUALITY
}
CORE_QUALITIES = ("", "m", "dim", "aug")
# Root spelling per semitone above the tonic; diminished chords lean sharp (C#dim7 in C).
ROOT_STEPS = {
    0: (1, 0),
    1: (2, -1),
    2: (2, 0),
    3: (3, -1),
    4: (3, 0),
    5: (4, 0),
    6: (5, -1),
    7: (5, 0),
    8: (6, -1),
    9: (6, 0),
    10: (7, -1),
    11: (7, 0),
}
DIMINISHED_STEPS = {1: (1, 1), 3: (2, 1), 6: (4, 1), 8: (5, 1)}
MINOR_STEPS = {6: (4, 1)}  # F#m in C is #iv, not bv
BASS_STEPS = {**ROOT_STEPS, 6: (4, 1)}
# Bar shapes every vocabulary holds (4/4, 3/4, 2/4), so any typed bar of up to four
# chords on beats encodes.
COMMON_PATTERNS = (
    (4,),
    (2, 2),
    (3, 1),
    (1, 3),
    (2, 1, 1),
    (1, 1, 2),
    (1, 2, 1),
    (1, 1, 1, 1),
    (Fraction(4, 3),) * 3,
    (3,),
    (2, 1),
    (1, 2),
    (1, 1, 1),
    (2,),
    (1, 1),
)


def canonical(degree: Degree) -> Degree:
    """The spelling the model uses: one per root pitch, bass spelled as a chord tone if it is one.

    >>> canonical(Degree(1, 1, "")).roman(), canonical(Degree(1, 1, "dim7")).roman()
    ('bII', '#i°7')
    """
    quality = MODEL_QUALITY[degree.quality]
    offset = degree.offset
    leaning = (
        DIMINISHED_STEPS
        if quality in DIMINISHED
        else (MINOR_STEPS if quality in MINOR_THIRD else {})
    )
    result = Degree(*leaning.get(offset, ROOT_STEPS[offset]), quality)
    if degree.bass is None or degree.bass_offset == offset:
        return result
    interval = (degree.bass_offset - offset) % 12
    if interval in [i % 12 for i in QUALITIES[quality]]:
        return replace(result, bass=tone_step(result, interval))
    return replace(result, bass=BASS_STEPS[degree.bass_offset])


def chord_tokens(degree: Degree | None) -> list[str]:
    """Tokens for a chord, most specific first: full, without the bass, as a plain triad."""
    if degree is None:
        return [NO_CHORD]
    full = canonical(degree)
    plain = replace(full, bass=None)
    triad = Degree(plain.step, plain.alter, TRIAD_OF[full.quality])
    return list(dict.fromkeys([full.roman(), plain.roman(), canonical(triad).roman()]))


@cache
def degree_of_token(token: str) -> Degree | None:
    """The degree a chord token stands for (None for N.C.)."""
    return None if token == NO_CHORD else parse_roman(token, "major")


def format_beats(beats: Fraction) -> str:
    return (
        str(beats.numerator) if beats.denominator == 1 else f"{beats.numerator}/{beats.denominator}"
    )


def pattern_token(durations: tuple[Fraction, ...]) -> str:
    """'|2+2' for a bar of two half-bar chords."""
    return "|" + "+".join(format_beats(Fraction(d)) for d in durations)


@cache
def parse_pattern(token: str) -> tuple[Fraction, ...]:
    return tuple(Fraction(part) for part in token[1:].split("+"))


def is_pattern(token: str) -> bool:
    return token.startswith("|")


def section_token(section: str | None) -> str:
    name = (section or ANY).strip().lower().replace(" ", "-")
    return f"<{name}>"


def merge_bar(slots: list, beats: int = 4) -> list[tuple[object, Fraction]]:
    """Chords of a bar sharing it evenly -> (chord, beats) with repeats merged.

    >>> [(c, str(b)) for c, b in merge_bar(["C", "C", "C", "G"])]
    [('C', '3'), ('G', '1')]
    """
    if not slots:
        raise SongcraftError("A bar has no chords.")
    share = Fraction(beats, len(slots))
    merged: list[list] = []
    for chord in slots:
        if merged and merged[-1][0] == chord:
            merged[-1][1] += share
        else:
            merged.append([chord, share])
    return [(chord, length) for chord, length in merged]


@dataclass
class Vocabulary:
    """Token <-> id, plus the style names the model is conditioned on (id 0 is 'any')."""

    tokens: list[str]
    styles: list[str]
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {t: i for i, t in enumerate(self.tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    def chord_id(self, degree: Degree | None) -> int:
        """The id of the most specific token the vocabulary holds for a chord."""
        for token in chord_tokens(degree):
            if token in self.index:
                return self.index[token]
        raise SongcraftError(f"The chord model has no token for {chord_tokens(degree)[0]}.")

    def style_id(self, style: str | None) -> int:
        name = (style or ANY).strip().lower()
        if name not in self.styles:
            raise SongcraftError(
                f"Unknown style '{name[:30]}': use one of {', '.join(self.styles)}."
            )
        return self.styles.index(name)

    def id_or(self, token: str, fallback: str) -> int:
        return self.index.get(token, self.index[fallback])

    def encode(self, alternatives: list[list[str]]) -> list[int]:
        """Ids for `encode_tokens` output: each chord's most specific known token; chords
        that fall back to the chord before them in the same bar merge into it."""
        ids: list[int] = []
        for options in alternatives:
            token = next((t for t in options if t in self.index), None)
            if token is None:
                raise SongcraftError(_unknown_message(options[0]))
            ids.append(self.index[token])
        return _merge_fallbacks(ids, self)

    def to_dict(self) -> dict:
        return {"tokens": self.tokens, "styles": self.styles}

    @classmethod
    def from_dict(cls, data: dict) -> Vocabulary:
        return cls(tokens=list(data["tokens"]), styles=list(data["styles"]))


def core_chord_tokens() -> list[str]:
    """Every root with every triad quality, so any chord maps to at least a triad."""
    return [canonical(Degree(*ROOT_STEPS[o], q)).roman() for o in range(12) for q in CORE_QUALITIES]


def mode_token(key: Key) -> str:
    return MODE_TOKENS[key.mode == "minor"]


def degree_in(chord: ChordSymbol | None, key: Key) -> Degree | None:
    from songcraft.chords.degrees import degree_from_symbol

    return None if chord is None else degree_from_symbol(chord, key)


def encode_tokens(
    key: Key, bars: list[list[ChordSymbol | None]], section: str | None, beats_per_bar: int = 4
) -> list[list[str]]:
    """Token alternatives per position (chords: most specific first); see `Vocabulary.encode`."""
    sequence = [
        [BOS],
        [mode_token(key)],
        list(dict.fromkeys([section_token(section), section_token(None)])),
    ]
    for bar in bars:
        chords = [chord_tokens(degree_in(chord, key)) for chord in bar]
        merged = merge_bar([tuple(c) for c in chords], beats_per_bar)
        sequence.append([pattern_token(tuple(d for _, d in merged))])
        sequence.extend(list(c) for c, _ in merged)
    sequence.append([EOS])
    return sequence


def _unknown_message(token: str) -> str:
    if is_pattern(token):
        count = token.count("+") + 1
        return (
            f"A bar with the rhythm {token[1:]} ({count} chords) is beyond the chord "
            "model: use at most four chords per bar, on beats."
        )
    return f"The chord model has no token for '{token}'."


def _merge_fallbacks(ids: list[int], vocab: Vocabulary) -> list[int]:
    """Re-merge bars where two chords fell back to the same token (C/E then C -> C)."""
    out: list[int] = []
    i = 0
    while i < len(ids):
        token = vocab.tokens[ids[i]]
        if not is_pattern(token):
            out.append(ids[i])
            i += 1
            continue
        end = i + 1
        while end < len(ids) and not _is_structural(vocab.tokens[ids[end]]):
            end += 1
        out.extend(_merge_bar_ids(ids[i], ids[i + 1 : end], vocab))
        i = end
    return out


def _is_structural(token: str) -> bool:
    return is_pattern(token) or token == EOS


def _merge_bar_ids(pattern_id: int, chord_ids: list[int], vocab: Vocabulary) -> list[int]:
    durations = parse_pattern(vocab.tokens[pattern_id])
    repeats = any(a == b for a, b in zip(chord_ids, chord_ids[1:], strict=False))
    if len(durations) != len(chord_ids) or not repeats:
        return [pattern_id, *chord_ids]
    merged = merge_bar(
        [c for c, d in zip(chord_ids, durations, strict=True) for _ in range(int(d * 12))],
        int(sum(durations)),
    )
    token = pattern_token(tuple(d for _, d in merged))
    if token not in vocab.index:
        return [pattern_id, *chord_ids]
    return [vocab.index[token], *(c for c, _ in merged)]
