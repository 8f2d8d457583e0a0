"""ChordPro: round trip of our own files, import of writers' files, clear errors."""

import pytest

from songcraft.errors import SongcraftError
from songcraft.music.chordpro import from_chordpro, to_chordpro
from songcraft.music.song import ChordAt, Line, Note, Section, Song


def full_song() -> Song:
    melody = [Note(60, 1, "Hel", False), Note(62, 1, "lo"), Note(64, 2, "world"), Note(None, 2)]
    verse = Section(
        "verse",
        "Verse 1",
        [
            Line("Hello world", [ChordAt("C", 3, 0), ChordAt("G/B", 3)], melody),
            Line("", [ChordAt("Am7", 3), ChordAt("N.C.", 3)]),
            Line("", [], [Note(67, 3), Note(65, 3)]),
        ],
    )
    pre = Section(
        "pre-chorus",
        "Pre-Chorus",
        [Line("Build it [up] \\u {x}", [ChordAt("F", 3, 0), ChordAt("G", 3, 2)])],
    )
    chorus = Section(
        "chorus",
        "",
        [
            Line(
                "{Sing} it out",
                [ChordAt("N.C.", 3), ChordAt("F", 3, 0), ChordAt("C", 1.5, 2), ChordAt("G", 1.5)],
            ),
            Line("愛してる 🎶", [ChordAt("Bbmaj7", 6, 1)]),
        ],
        repeats=2,
    )
    bridge = Section("bridge", "Bridge", [Line("la la", [ChordAt("Eb", 3, 0)])])
    return Song("Test {x}", "Me & You", "Eb minor", 90, "3/4", [verse, pre, chorus, bridge])


def test_round_trip_gives_the_same_song():
    song = full_song()
    text = to_chordpro(song)
    assert from_chordpro(text) == song
    assert from_chordpro(text.encode()) == song


def test_export_uses_chordpro_6_directives_and_inline_chords():
    text = to_chordpro(full_song())
    for expected in (
        "{title: Test {x}}",
        "{artist: Me & You}",
        "{key: Ebm}",
        "{tempo: 90}",
        "{time: 3/4}",
        "{start_of_verse: Verse 1}",
        "{end_of_verse}",
        "{start_of_chorus}",
        "{end_of_chorus}",
        "{start_of_bridge: Bridge}",
        "{start_of_pre_chorus: Pre-Chorus}",
        "[C][G/B]Hello world",
        "{comment: Repeat x2}",
        "愛してる [Bbmaj7]🎶",
    ):
        assert expected in text, expected


WRITERS_FILE = """# from a writer's folder
{t: House Song}
{composer: Jane Doe}
{key: Am}
{time: 6/8}
{tempo: 72.0}

[Am]There is a [C]house in New [D]Orleans
They call the [F]Rising [E]Sun

{soc}
[Am]And it's been the [C]ru[G]in of many a [D]poor [F]boy
{eoc}
{c: x2}

{start_of_tab: Riff}
e|---0---[x]|
{end_of_tab}
{start_of_prechorus}
[G]Love [*riff] me
{end_of_prechorus}
{chorus}
"""


def test_writers_files_import():
    song = from_chordpro(WRITERS_FILE)
    assert (song.title, song.writer, song.key, song.tempo) == (
        "House Song",
        "Jane Doe",
        "A minor",
        72,
    )
    kinds = [(s.kind, s.repeats) for s in song.sections]
    assert kinds == [("verse", 1), ("chorus", 2), ("pre-chorus", 1), ("chorus", 1)]
    first = song.sections[0].lines[0]
    assert first.text == "There is a house in New Orleans"
    assert [(c.symbol, c.word, c.beats) for c in first.chords] == [
        ("Am", 0, 6),
        ("C", 3, 6),
        ("D", 6, 6),
    ]
    chorus = song.sections[1].lines[0]
    assert [c.word for c in chorus.chords] == [0, 4, None, 8, 9]  # "ru[G]in" stays on "ruin"
    assert song.sections[2].lines[0].text == "Love  me"


@pytest.mark.parametrize(
    "text, message",
    [
        ("{title: x", "line 1: .*closing"),
        ("[Am There", "line 1: .*bracket"),
        ("{sov}\n[C]x\n{soc}", "line 3: .*end_of_verse.* missing"),
        ("[C]la\n{eoc}", "line 2: .*end_of_chorus"),
        ("[C]fine\n[Xq7]hello", "line 2: 'Xq7' is not a chord"),
        ("\x00\x01\x02", "binary"),
        (b"\xff\xfe\xfa", "UTF-8"),
        ("", "no lyrics or chords"),
        ("{key: H}\n[C]x", "line 1: key 'H'"),
        ("{tempo: fast}\n[C]x", "line 1: tempo"),
        ("{time: 7/5}\n[C]x", "time signature"),
        ("{chorus}", "no chorus"),
        ("{x_songcraft_chords: 4@0 4}\n[C]one", "line 2: .*2 timings for 1"),
    ],
)
def test_broken_files_give_clear_messages(text, message):
    with pytest.raises(SongcraftError, match=message):
        from_chordpro(text)


def test_huge_files_and_songs_are_refused():
    with pytest.raises(SongcraftError, match="limit"):
        from_chordpro("[C]" * 2000)
    with pytest.raises(SongcraftError, match="limit"):
        from_chordpro("x" * 600_000)
    with pytest.raises(SongcraftError, match="no sections"):
        to_chordpro(Song())
