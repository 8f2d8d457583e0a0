"""Voice leading: smoother than root position, no crossing, sensible ranges and tones."""

import pytest

from songcraft.chords.symbols import parse_chord
from songcraft.music.voicing import (
    BASS_RANGE,
    UPPER_RANGE,
    UPPER_VOICES,
    motion,
    root_position,
    upper_tones,
    voice_progression,
    voice_symbols,
)

PROGRESSIONS = [
    "C Am F G C",
    "Dm7 G7 Cmaj7 A7 Dm7 G7 Cmaj7",
    "Bb F/A Gm Eb Bb/F F7 Bb",
    "Am C G D Em Am F E7",
    "F#m7b5 B7b9 Em9 A13 Dmaj9 G7#9 Cmaj13 C6/9",
    "C5 G5 Ab5 Bb5 Csus4 C Gsus2 G Ebdim7 Dm11 G11",
]


def total_motion(voicings):
    return sum(motion(a.upper, b.upper) for a, b in zip(voicings, voicings[1:], strict=False))


@pytest.mark.parametrize("text", PROGRESSIONS)
def test_voice_leading_moves_less_than_root_position(text):
    chords = [parse_chord(s) for s in text.split()]
    led = voice_progression(chords)
    naive = [root_position(c) for c in chords]
    assert total_motion(led) <= total_motion(naive)


@pytest.mark.parametrize("text", PROGRESSIONS)
def test_voices_stay_in_range_and_order(text):
    chords = [parse_chord(s) for s in text.split()]
    for chord, voicing in zip(chords, voice_progression(chords), strict=False):
        assert len(voicing.upper) == UPPER_VOICES
        assert list(voicing.upper) == sorted(set(voicing.upper))  # no crossing, no unison
        assert UPPER_RANGE[0] <= voicing.upper[0] and voicing.upper[-1] <= UPPER_RANGE[1]
        assert BASS_RANGE[0] <= voicing.bass <= BASS_RANGE[1] < voicing.upper[0]
        assert {p % 12 for p in voicing.upper} <= set(chord.pitch_classes())


def test_each_voice_moves_to_a_near_tone():
    voicings = voice_symbols(["C", "F", "G7", "C"])
    for before, after in zip(voicings, voicings[1:], strict=False):
        assert all(abs(a - b) <= 5 for a, b in zip(before.upper, after.upper, strict=False))


def test_bass_plays_root_or_slash_bass():
    c_over_e, g = voice_symbols(["C/E", "G"])
    assert c_over_e.bass % 12 == 4
    assert g.bass % 12 == 7


def test_no_chord_is_silent_and_leading_continues():
    voicings = voice_symbols(["C", "N.C.", "F"])
    assert voicings[1] is None
    assert motion(voicings[0].upper, voicings[2].upper) <= 6


def test_sevenths_and_extended_chords_voiced_sensibly():
    assert set(upper_tones(parse_chord("G7"))) == {7, 11, 2, 5}
    g13 = upper_tones(parse_chord("G13"))
    assert 2 not in g13 and {11, 5, 4} <= set(g13)  # fifth dropped; third, seventh, 13th kept


def parallel_fifths(before, after):
    pairs = [(i, j) for i in range(len(before)) for j in range(i + 1, len(before))]
    return [
        (i, j)
        for i, j in pairs
        if (before[j] - before[i]) % 12 == 7 == (after[j] - after[i]) % 12 and after[i] != before[i]
    ]


@pytest.mark.parametrize("text", ["C D E F G A", "C Dm Em F G Am", "F G Am Bb C", "C Bb F C"])
def test_no_parallel_fifths_in_stepwise_root_motion(text):
    voicings = voice_symbols(text.split())
    for before, after in zip(voicings, voicings[1:], strict=False):
        assert parallel_fifths(before.upper, after.upper) == [], (before, after)
