"""The song model: JSON round trip, validation messages, bars and progression keeping."""

import json

import pytest

from songcraft.errors import SongcraftError
from songcraft.music.song import (
    MAX_BARS,
    ChordAt,
    Line,
    Note,
    Section,
    Song,
    parse_key,
    parse_time_signature,
    progression_to_section,
)


def small_song() -> Song:
    melody = [Note(60, 1, "Hel", False), Note(62, 1, "lo"), Note(64, 2, "world"), Note(None, 4)]
    verse = Section(
        "verse",
        "Verse 1",
        [
            Line("Hello world", [ChordAt("C", 4, 0), ChordAt("G/B", 4)], melody),
            Line("", [ChordAt("Am7", 2), ChordAt("N.C.", 2)]),
        ],
    )
    chorus = Section("chorus", "Chorus", [Line("Sing it out", [ChordAt("F", 4, 0)])], repeats=2)
    return Song("Test", "Me", "Eb major", 90, "3/4", [verse, chorus])


def test_json_round_trip_keeps_everything():
    song = small_song()
    text = song.to_json()
    assert json.loads(text)["schema_version"] == 1
    assert Song.from_json(text) == song


def test_bars_count_repeats_and_meter():
    song = small_song()
    assert song.beats_per_bar == 3
    # verse: 8 + 4 beats, chorus: 4 beats twice
    assert song.bars() == pytest.approx((12 + 8) / 3)
    starts = [start for _, _, start in song.played_lines()]
    assert starts == [0, 8, 12, 16]


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "not valid JSON"),
        ("[1]", "JSON object"),
        ('{"title": "x"}', "schema_version"),
        ('{"schema_version": 99}', "newer Songcraft"),
        ('{"schema_version": 1, "sections": [{"label": "V"}]}', "'kind' is missing"),
        ('{"schema_version": 1, "time_signature": "7/5"}', "time signature"),
        ('{"schema_version": 1, "key": "H major"}', "key"),
    ],
)
def test_broken_files_give_clear_errors(text, message):
    with pytest.raises(SongcraftError, match=message):
        Song.from_json(text)


def test_validate_refuses_empty_and_huge_songs():
    with pytest.raises(SongcraftError, match="no sections"):
        Song().validate()
    Song().validate(for_export=False)
    huge = Song(sections=[Section("verse", lines=[Line(chords=[ChordAt("C", 4)] * 2000)])])
    with pytest.raises(SongcraftError, match=f"limit is {MAX_BARS} bars"):
        huge.validate()


def test_validate_names_bad_values():
    song = small_song()
    song.sections[0].lines[0].chords[0].beats = 0
    with pytest.raises(SongcraftError, match="Verse 1, line 1"):
        song.validate()
    with pytest.raises(SongcraftError, match="tempo"):
        Song(tempo=5, sections=small_song().sections).validate()


def test_other_scripts_and_emoji_are_fine_lyrics():
    song = small_song()
    song.sections[0].lines[1].text = "愛してる 🎶"
    assert Song.from_json(song.to_json()).sections[0].lines[1].text == "愛してる 🎶"


def test_theory_helpers():
    assert parse_time_signature(" 6 / 8 ") == (6, 8)
    assert parse_key("Bb minor") == (10, "minor")
    with pytest.raises(SongcraftError):
        parse_time_signature("four")


def test_progression_spreads_bars_across_lines_and_keeps_lyrics():
    section = Section("chorus", "Chorus", [Line("one two three four"), Line("five six")])
    bars = [["C"], ["F", "G"], ["Am"]]
    kept = progression_to_section(bars, section, 4)
    assert [ln.text for ln in kept.lines] == ["one two three four", "five six"]
    assert [c.symbol for c in kept.lines[0].chords] == ["C", "F", "G"]
    assert [c.beats for c in kept.lines[0].chords] == [4, 2, 2]
    assert [c.word for c in kept.lines[0].chords] == [0, 2, 3]
    assert [c.symbol for c in kept.lines[1].chords] == ["Am"]
    assert section.lines[0].chords == []  # the original is untouched


def test_progression_into_empty_section_makes_instrumental_lines():
    kept = progression_to_section([["C"]] * 6, Section("intro"), 4)
    assert [len(ln.chords) for ln in kept.lines] == [3, 3]
    with pytest.raises(SongcraftError, match="empty"):
        progression_to_section([], Section("intro"), 4)


def test_progression_follows_the_melody_syllables():
    melody = [Note(60, 2, "take", True), Note(62, 1, "my", True), Note(64, 1, "hand", True)]
    section = Section("verse", lines=[Line("take my hand", melody=melody)])
    kept = progression_to_section([["C", "G"]], section, 4)
    assert [c.word for c in kept.lines[0].chords] == [0, 1]
