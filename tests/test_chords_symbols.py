"""Chord symbol parsing: a table of real-world spellings, tones, and clear errors."""

import pytest

from songcraft.chords.symbols import (
    QUALITIES,
    ChordSymbol,
    note_pc,
    parse_chord,
    parse_progression,
)
from songcraft.errors import SongcraftError

# What writers type -> canonical symbol.
SPELLINGS = {
    "C": "C",
    "Cm": "Cm",
    "C7": "C7",
    "Cmaj7": "Cmaj7",
    "Cm7": "Cm7",
    "Cm7b5": "Cm7b5",
    "Cdim7": "Cdim7",
    "Caug": "Caug",
    "Csus2": "Csus2",
    "Csus4": "Csus4",
    "C6": "C6",
    "C9": "C9",
    "Cadd9": "Cadd9",
    "C/E": "C/E",
    "Bb": "Bb",
    "F#m": "F#m",
    "Ebmaj7": "Ebmaj7",
    "Bb7": "Bb7",
    "Bbmaj13#11": "Bbmaj13",
    "CΔ7": "Cmaj7",
    "CΔ": "Cmaj7",
    "CM7": "Cmaj7",
    "Cma7": "Cmaj7",
    "C^7": "Cmaj7",
    "C-7": "Cm7",
    "C-": "Cm",
    "Cmin": "Cm",
    "Cmi7": "Cm7",
    "Cø": "Cm7b5",
    "Cø7": "Cm7b5",
    "Cm7(b5)": "Cm7b5",
    "C°": "Cdim",
    "Co7": "Cdim7",
    "C°7": "Cdim7",
    "C+": "Caug",
    "C+7": "Caug7",
    "C7#5": "Caug7",
    "C7+5": "Caug7",
    "Csus": "Csus4",
    "C7sus": "C7sus4",
    "C7sus4": "C7sus4",
    "C9sus4": "C9sus4",
    "C2": "Csus2",
    "C5": "C5",
    "C6/9": "C6/9",
    "C69": "C6/9",
    "Cm6": "Cm6",
    "Cmadd9": "Cmadd9",
    "Cm(add9)": "Cmadd9",
    "C(add9)": "Cadd9",
    "Cadd2": "Cadd9",
    "Cadd11": "C",
    "Cm(maj7)": "CmMaj7",
    "CmM7": "CmMaj7",
    "G7(b9)": "G7b9",
    "G7b9": "G7b9",
    "G7#9": "G7#9",
    "G7alt": "G7#9",
    "G13": "G13",
    "G7b13": "G7",
    "G9#11": "G9",
    "D7b5": "D7b5",
    "Cmaj9": "Cmaj9",
    "Dm9": "Dm9",
    "Dm11": "Dm11",
    "Dm13": "Dm13",
    "F11": "F11",
    "Ebmaj13": "Ebmaj13",
    "Abmaj7/C": "Abmaj7/C",
    "D/F#": "D/F#",
    "G/B": "G/B",
    "Bbm7/Ab": "Bbm7/Ab",
    "C6/9/E": "C6/9/E",
    "C/C": "C",
    "B♭7": "Bb7",
    "F♯m7": "F#m7",
    "am": "Am",
    "bb": "Bb",
    "Cbb": "Cbb",
    "F##": "F##",
    "Cb": "Cb",
    "E#m": "E#m",
    "  Gm7  ": "Gm7",
}


@pytest.mark.parametrize("typed,canonical", sorted(SPELLINGS.items()))
def test_real_world_spellings(typed, canonical):
    assert str(parse_chord(typed)) == canonical


@pytest.mark.parametrize("typed", ["N.C.", "NC", "n.c.", "N.C", "N/C"])
def test_no_chord_is_none(typed):
    assert parse_chord(typed) is None


@pytest.mark.parametrize(
    "typed,words",
    [
        ("H7", "German name for B"),
        ("C#b", "mixes sharps and flats"),
        ("Xmaj7", "root note"),
        ("", "empty"),
        ("   ", "empty"),
        ("C77", "out of place"),
        ("Cmm", "out of place"),
        ("C🎸", "unknown"),
        ("ド", "root note"),
        ("C/H", "bass"),
        ("C/X", "bass"),
        ("Cmaj7/", "unknown"),
        ("C" + "7" * 40, "too long"),
    ],
)
def test_bad_symbols_have_clear_messages(typed, words):
    with pytest.raises(SongcraftError, match=words):
        parse_chord(typed)


def test_bb7_is_b_flat_seven_not_b():
    chord = parse_chord("Bb7")
    assert (chord.root, chord.quality, chord.root_pc) == ("Bb", "7", 10)
    assert chord.pitch_classes() == (10, 2, 5, 8)


def test_tones_and_bass():
    chord = parse_chord("Bbmaj7/D")
    assert str(chord) == "Bbmaj7/D"
    assert chord.bass_pc == 2 and chord.intervals() == (0, 4, 7, 11)
    assert parse_chord("C9").intervals() == (0, 4, 7, 10, 14)
    assert parse_chord("C9").pitch_classes() == (0, 4, 7, 10, 2)
    assert parse_chord("F#").bass_pc is None


def test_every_quality_round_trips_through_its_string():
    for quality in QUALITIES:
        for root in ("C", "F#", "Bb", "Ebb"):
            chord = ChordSymbol(root, quality)
            assert parse_chord(str(chord)) == chord
            with_bass = ChordSymbol(root, quality, "G#")
            if note_pc("G#") != chord.root_pc:
                assert parse_chord(str(with_bass)) == with_bass


def test_chord_symbol_validates():
    with pytest.raises(SongcraftError):
        ChordSymbol("C", "maj8")
    with pytest.raises(SongcraftError):
        ChordSymbol("H", "")


def test_progression_bars_and_repeats():
    bars = parse_progression("| Eb | Cm | Ab Bb | % |")
    assert [[str(c) for c in bar] for bar in bars] == [["Eb"], ["Cm"], ["Ab", "Bb"], ["Ab", "Bb"]]
    assert parse_progression("C N.C. | G")[0][1] is None


@pytest.mark.parametrize(
    "text,words",
    [
        ("", "empty"),
        ("C | | G", "Bar 2 is empty"),
        ("% | C", "nothing|no bar"),
        ("C | G | H7", "Bar 3"),
    ],
)
def test_progression_errors(text, words):
    with pytest.raises(SongcraftError, match=words):
        parse_progression(text)
