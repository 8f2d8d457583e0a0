"""Keys, degrees and roman numerals: spelling round trips in all 24 keys."""

import pytest

from songcraft.chords.degrees import (
    Degree,
    degree_from_symbol,
    parse_roman,
    roman_of,
    symbol_from_degree,
)
from songcraft.chords.keys import KEY_NAMES, KEYS, Key, parse_key
from songcraft.chords.symbols import QUALITIES, parse_chord
from songcraft.chords.tokens import ROOT_STEPS, canonical, chord_tokens, degree_of_token
from songcraft.errors import SongcraftError

ROMANS = [
    "I",
    "ii",
    "ii7",
    "iii",
    "IV",
    "V",
    "V7",
    "vi",
    "vii°",
    "viiø7",
    "vii°7",
    "bII",
    "bIII",
    "bVI",
    "bVII",
    "i",
    "iv",
    "v",
    "iv6",
    "I6",
    "I64",
    "V65",
    "V43",
    "V42",
    "ii65",
    "V7/V",
    "V65/V",
    "V7/vi",
    "V7/ii",
    "IV/5",
    "I/b7",
    "Imaj7",
    "imaj7",
    "#iv°7",
    "Isus4",
    "V7sus4",
    "I5",
    "Iadd9",
    "IVadd6",
    "V9",
    "V13",
    "bVII9",
    "I+",
    "I69",
]


def test_there_are_24_keys():
    assert len(KEYS) == 24 and len(set(KEY_NAMES)) == 24
    assert sum(k.mode == "minor" for k in KEYS) == 12
    assert len({(k.tonic_pc, k.mode) for k in KEYS}) == 24


@pytest.mark.parametrize("key", KEYS, ids=KEY_NAMES)
def test_every_roman_round_trips_in_every_key(key):
    for roman in ROMANS:
        degree = parse_roman(roman, key.mode)
        symbol = symbol_from_degree(degree, key, simplify=False)
        back = degree_from_symbol(parse_chord(str(symbol)), key)
        assert back == degree, (roman, str(symbol))
        assert parse_roman(back.roman(key.mode), key.mode) == degree
        plain = symbol_from_degree(degree, key)
        assert plain.pitch_classes() == symbol.pitch_classes() and plain.bass_pc == symbol.bass_pc
        assert canonical(degree_from_symbol(plain, key)) == canonical(degree)


@pytest.mark.parametrize("key", KEYS, ids=KEY_NAMES)
def test_every_root_and_quality_spells_and_parses_back(key):
    for offset, (step, alter) in ROOT_STEPS.items():
        for quality in QUALITIES:
            degree = Degree(step, alter, quality)
            symbol = symbol_from_degree(degree, key, simplify=False)
            assert (symbol.root_pc - key.tonic_pc) % 12 == offset
            assert degree_from_symbol(parse_chord(str(symbol)), key) == degree
            plain = str(symbol_from_degree(degree, key))
            assert "##" not in plain and "bb" not in plain.replace("Cb", "C").replace("Fb", "F")


@pytest.mark.parametrize("key", KEYS, ids=KEY_NAMES)
def test_scale_spelling_uses_each_letter_once(key):
    # Steps count from the major scale in both modes; minor lowers 3, 6 and 7.
    lowered = {3, 6, 7} if key.mode == "minor" else set()
    scale = [key.spell(step, -1 if step in lowered else 0) for step in range(1, 8)]
    assert len({name[0] for name in scale}) == 7
    # Diatonic notes of the usual 24 keys never need double accidentals.
    assert all("##" not in n and "bb" not in n for n in scale), scale


@pytest.mark.parametrize(
    "key,roman,symbol",
    [
        ("F major", "IV", "Bb"),
        ("D major", "iii", "F#m"),
        ("Bb major", "bVII", "Ab"),
        ("A minor", "bVI", "F"),
        ("A minor", "bVII", "G"),
        ("A minor", "bIII", "C"),
        ("C minor", "bVI", "Ab"),
        ("C minor", "bVII", "Bb"),
        ("E minor", "bVI", "C"),
        ("Eb minor", "bVI", "Cb"),
        ("G# minor", "bVII", "F#"),
        ("F# minor", "bVI", "D"),
        ("Eb major", "vi", "Cm"),
        ("Db major", "V7", "Ab7"),
        ("B major", "iii", "D#m"),
        ("C major", "V65/V", "D7/F#"),
        ("G major", "V7/V", "A7"),
        ("E major", "viiø7", "D#m7b5"),
        ("C major", "#iv°7", "F#dim7"),
        ("F major", "I64", "F/C"),
        ("A minor", "V7", "E7"),
        ("C minor", "vii°7", "Bdim7"),
        ("Db major", "bVI", "A"),
        ("G# minor", "vii°7", "Gdim7"),
        ("Ab major", "bIII", "Cb"),
    ],
)
def test_spellings_musicians_expect(key, roman, symbol):
    k = parse_key(key)
    assert str(symbol_from_degree(parse_roman(roman, k.mode), k)) == symbol


@pytest.mark.parametrize(
    "symbol,key,roman",
    [
        ("Dm7", "C major", "ii7"),
        ("D7", "C major", "V7/V"),
        ("C7", "C major", "I7"),
        ("A7", "A minor", "V7/iv"),
        ("G", "A minor", "bVII"),
        ("F", "A minor", "bVI"),
        ("E7", "A minor", "V7"),
        ("Fm/Ab", "C major", "iv6"),
        ("G7/F", "C major", "V42"),
        ("F/G", "C major", "IV/5"),
        ("Bb", "C major", "bVII"),
        ("Ebmaj7", "Eb major", "Imaj7"),
        ("N.C.", "C major", "N.C."),
        ("Bbmaj13#11", "F major", "IVmaj13"),
    ],
)
def test_roman_of_typed_chords(symbol, key, roman):
    assert roman_of(symbol, key) == roman


def test_enharmonic_roots_share_one_model_token():
    c = parse_key("C major")
    sharp = degree_from_symbol(parse_chord("C#dim7"), c)
    flat = degree_from_symbol(parse_chord("Dbdim7"), c)
    assert chord_tokens(sharp) == chord_tokens(flat)
    assert chord_tokens(sharp)[0] == "#i°7"
    assert str(symbol_from_degree(degree_of_token("#i°7"), c)) == "C#dim7"
    assert canonical(degree_from_symbol(parse_chord("Gb"), c)).roman() == "bV"


def test_extended_chords_reduce_for_the_model():
    c = parse_key("C major")
    assert chord_tokens(degree_from_symbol(parse_chord("G13"), c))[0] == "V9"
    assert chord_tokens(degree_from_symbol(parse_chord("G7b9"), c))[0] == "V7"
    assert chord_tokens(degree_from_symbol(parse_chord("D7/F#"), c)) == ["V65/V", "V7/V", "II"]


@pytest.mark.parametrize("text", ["J major", "", "H minor", "C lydian", "🎸", "Cb# major"])
def test_bad_keys_have_clear_messages(text):
    with pytest.raises(SongcraftError, match="key"):
        parse_key(text)


def test_key_spellings_writers_type():
    assert parse_key("Am") == Key("A", "minor")
    assert parse_key("bb minor") == Key("Bb", "minor")
    assert parse_key("F#") == Key("F#", "major")
    assert parse_key("E♭ major") == Key("Eb", "major")
    assert parse_key("C MAJOR") == Key("C", "major")


@pytest.mark.parametrize("text", ["VIII", "V7/Q", "Ix", "", "V/9"])
def test_bad_romans(text):
    with pytest.raises(SongcraftError):
        parse_roman(text)
