"""MusicXML and MIDI: read back by music21, the chords, lyrics, key, tempo and durations match."""

import pytest
from music21 import converter, harmony, key, meter, note, tempo

from songcraft.chords.symbols import parse_chord
from songcraft.errors import SongcraftError
from songcraft.music.m21chords import KINDS, from_m21, to_m21
from songcraft.music.notation import to_midi, to_musicxml
from songcraft.music.song import ChordAt, Line, Note, Section, Song
from songcraft.music.voicing import voice_symbols


def tune_song(melody: bool = True, time_signature: str = "4/4") -> Song:
    tune = [
        Note(63, 1, "Hel", False),
        Note(65, 1, "lo"),
        Note(67, 2, "world"),
        Note(70, 1.5, "sing", False),
        Note(68, 0.5, "ing"),
        Note(None, 2),
    ]
    verse = Section(
        "verse",
        "Verse 1",
        [
            Line(
                "Hello world singing",
                [ChordAt("Eb", 4, 0), ChordAt("Bb/D", 2, 2), ChordAt("Cm7", 2)],
                tune if melody else [],
            ),
            Line("Under the silver moon", [ChordAt("Abmaj7", 4, 0), ChordAt("Bb7sus4", 4, 3)]),
        ],
    )
    chorus = Section(
        "chorus",
        "Chorus",
        [Line("", [ChordAt("Gm7", 2), ChordAt("C7b9", 2), ChordAt("N.C.", 4)])],
        repeats=2,
    )
    return Song("Silver Moon", "Jane Writer", "Eb major", 96, time_signature, [verse, chorus])


def read_back(data: bytes, fmt: str):
    return converter.parseData(data, format=fmt)


@pytest.mark.parametrize("melody", [True, False])
def test_musicxml_reads_back_with_the_same_chords_lyrics_and_key(melody):
    song = tune_song(melody)
    score = read_back(to_musicxml(song), "musicxml")
    chords = [from_m21(h) for h in score.recurse().getElementsByClass(harmony.Harmony)]
    written = [c.symbol for s in song.sections for ln in s.lines for c in ln.chords]
    assert chords == [str(parse_chord(c)) if c != "N.C." else "N.C." for c in written]
    found = score.recurse().getElementsByClass(key.KeySignature)[0]
    assert found.sharps == -3 and getattr(found, "mode", "major") == "major"
    assert score.metadata.bestTitle == "Silver Moon"
    assert score.recurse().getElementsByClass(tempo.MetronomeMark)[0].number == 96
    lyrics = [(n.lyrics[0].text, n.lyrics[0].syllabic) for n in score.recurse().notes if n.lyrics]
    if melody:
        assert lyrics[:5] == [
            ("Hel", "begin"),
            ("lo", "end"),
            ("world", "single"),
            ("sing", "begin"),
            ("ing", "end"),
        ]
    else:
        assert (
            " ".join(text for text, _ in lyrics).split()
            == "Hello world singing".split() + "Under the silver moon".split()
        )


def test_musicxml_marks_sections_and_writes_slashes_without_melody():
    text = to_musicxml(tune_song(melody=False)).decode()
    assert "<rehearsal" in text and "Verse 1" in text and "Chorus (x2)" in text
    assert '<notehead parentheses="no">slash</notehead>' in text
    assert '<kind text="7b9"' in text and "B-" not in text.split("<harmony>")[1][:200]


def test_every_quality_crosses_to_music21_and_back():
    for quality in KINDS:
        for root in ("C", "Bb", "F#"):
            symbol = root + quality + "/E"
            assert from_m21(to_m21(symbol)) == str(parse_chord(symbol))


@pytest.mark.parametrize("time_signature, bars", [("4/4", 6), ("3/4", 8), ("6/8", 4)])
def test_meter_sets_the_measures(time_signature, bars):
    score = read_back(to_musicxml(tune_song(False, time_signature)), "musicxml")
    assert score.recurse().getElementsByClass(meter.TimeSignature)[0].ratioString == time_signature
    measures = score.parts[0].getElementsByClass("Measure")
    assert len(measures) == bars  # 24 beats of chords


def held_note_song(time_signature: str, chords: list[ChordAt]) -> Song:
    tune = [Note(60, 4, "hold"), Note(62, 2, "me"), Note(64, 3, "now")]
    line = Line("hold me now", chords, tune)
    return Song(
        "Held",
        key="C major",
        time_signature=time_signature,
        sections=[Section("verse", lines=[line])],
    )


def one_voice_measures(data: bytes) -> list:
    """The measures read back, after checking none of them splits into voices."""
    assert b"<voice>2</voice>" not in data and b"<backup>" not in data
    measures = list(read_back(data, "musicxml").parts[0].getElementsByClass("Measure"))
    assert all(not m.voices for m in measures)
    return measures


def written(measure) -> list:
    """A measure's contents: ("chord", offset, symbol) and (name, offset, length, tie, lyric)."""
    found = []
    for element in measure.notesAndRests:
        if isinstance(element, harmony.Harmony):
            found.append(("chord", element.offset, from_m21(element)))
        else:
            name = "rest" if element.isRest else element.nameWithOctave
            tie = element.tie.type if element.tie else None
            found.append((name, element.offset, element.quarterLength, tie, element.lyric))
    return found


def test_chord_change_under_a_held_note_ties_it_across_the_bar_in_one_voice():
    chords = [ChordAt("C", 3, 0), ChordAt("F", 3), ChordAt("G", 3, 2)]
    measures = one_voice_measures(to_musicxml(held_note_song("3/4", chords)))
    assert [written(m) for m in measures] == [
        [("chord", 0.0, "C"), ("C4", 0.0, 3.0, "start", "hold")],
        [("chord", 0.0, "F"), ("C4", 0.0, 1.0, "stop", None), ("D4", 1.0, 2.0, None, "me")],
        [("chord", 0.0, "G"), ("E4", 0.0, 3.0, None, "now")],
    ]


def test_chord_change_inside_a_held_note_sits_over_it_at_its_beat():
    chords = [ChordAt("C", 2, 0), ChordAt("Am", 2), ChordAt("G7", 5, 1)]
    measures = one_voice_measures(to_musicxml(held_note_song("4/4", chords)))
    assert written(measures[0]) == [
        ("chord", 0.0, "C"),
        ("C4", 0.0, 4.0, None, "hold"),
        ("chord", 2.0, "Am"),
    ]
    assert [w[0] for w in written(measures[1])] == ["chord", "D4", "E4"]


def test_midi_has_chords_with_real_durations_bass_and_melody():
    song = tune_song()
    score = read_back(to_midi(song), "midi")
    assert len(score.parts) == 3
    chord_part, bass_part, melody_part = score.parts
    chords = list(chord_part.recurse().getElementsByClass("Chord"))
    voicings = [v for v in voice_symbols(["Eb", "Bb/D", "Cm7"]) if v]
    for played, voicing, beats in zip(chords, voicings, [4, 2, 2], strict=False):
        assert tuple(p.midi for p in played.pitches) == voicing.upper
        assert played.quarterLength == beats
    # chorus played twice: 2 + 2 beats of chords, then N.C. (nothing) each time
    assert len(chords) == 3 + 2 + 2 * 2
    basses = [n.pitch.midi for n in bass_part.recurse().notes]
    assert basses[:3] == [v.bass for v in voicings]
    assert [n.pitch.midi for n in melody_part.recurse().notes][:5] == [63, 65, 67, 70, 68]
    assert score.recurse().getElementsByClass(tempo.MetronomeMark)[0].number == 96


def test_midi_without_melody_has_two_tracks():
    score = read_back(to_midi(tune_song(melody=False)), "midi")
    assert len(score.parts) == 2
    assert isinstance(score.parts[0].recurse().notes[0], note.NotRest)


def test_bad_songs_give_clear_messages():
    with pytest.raises(SongcraftError, match="no sections"):
        to_musicxml(Song())
    with pytest.raises(SongcraftError, match="limit"):
        to_midi(Song(sections=[Section("verse", lines=[Line(chords=[ChordAt("C", 4)] * 2000)])]))
    bad = tune_song()
    bad.sections[0].lines[0].chords[0].symbol = "H7"
    with pytest.raises(SongcraftError, match="Verse 1, line 1.*H7"):
        to_musicxml(bad)
