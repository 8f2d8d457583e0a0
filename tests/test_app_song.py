"""The Song page and the song helpers in songcraft.appstate (keep, chord lines, sessions)."""

import pytest
from app_fixtures import (
    TIMEOUT,
    button,
    fixed_seeds,  # noqa: F401 (autouse fixture)
    library_in_tmp,  # noqa: F401 (autouse fixture)
    no_exception,
    open_page,
    texts,
    widget_key,
)
from streamlit.testing.v1 import AppTest

import pages._song_melody as melody_page
import songcraft.music as music
from pages._shared import EXPORTS, render
from songcraft import appstate
from songcraft.errors import BundleError, SongcraftError
from songcraft.music.song import ChordAt, Line, Section, Song


def current(at):
    return appstate.get_store().load(at.session_state[appstate.SONG_ID])


def type_line(at, text, chords):
    at.text_input(key=widget_key(at.text_input, "s0:l0:text")).set_value(text).run()
    at.text_input(key=widget_key(at.text_input, "s0:l0:chords")).set_value(chords).run()


def song_with_line():
    song = Song("Road", sections=[Section("verse", "Verse 1", [Line("on the open road")])])
    return appstate.get_store().create(song)


# --- helpers without a page ---


def test_keep_lines_and_progression():
    song = Song(title="T")
    kept = appstate.keep_lines(song, 0, ["hold me  close", "", "tonight"])
    assert song.sections == []  # the original is not changed
    assert [ln.text for ln in kept.sections[0].lines] == ["hold me close", "tonight"]
    chords = appstate.keep_progression(kept, 0, [["C"], ["G"], ["Am", "F"]])
    assert [ln.text for ln in chords.sections[0].lines] == ["hold me close", "tonight"]
    assert [c.symbol for ln in chords.sections[0].lines for c in ln.chords] == ["C", "G", "Am", "F"]
    with pytest.raises(SongcraftError, match="section 3 does not exist"):
        appstate.keep_lines(kept, 2, ["x"])
    with pytest.raises(SongcraftError, match="no lyric lines"):
        appstate.keep_lines(kept, 0, ["  "])


@pytest.mark.parametrize(
    "text", ["C", "C | G", "C | . F | G", "Am F C G", "C . . G | F", "| D | | A |"]
)
def test_chord_lines_round_trip(text):
    chords = appstate.parse_bars(text, 4)
    again = appstate.parse_bars(appstate.format_bars(chords, 4), 4)
    assert [(c.symbol, c.beats) for c in again] == [(c.symbol, c.beats) for c in chords]


def test_chord_line_errors_and_odd_lengths():
    with pytest.raises(SongcraftError, match="no chord comes before"):
        appstate.parse_bars(". C", 4)
    assert appstate.format_bars([ChordAt("C", 3), ChordAt("G", 1)], 4) == "C . . G"
    assert appstate.format_bars([ChordAt("C", 1.5), ChordAt("G", 1.5)], 3) == "C G"
    assert appstate.parse_bars("", 4) == []


def test_edit_line_keeps_melody_only_for_the_same_words():
    note = music.Note(60, 4.0, "hold")
    song = Song(sections=[Section("verse", "", [Line("hold", [ChordAt("C", 4)], [note])])])
    same = appstate.edit_line(song, 0, 0, "hold", "C | G")
    assert same.sections[0].lines[0].melody == [note]
    changed = appstate.edit_line(song, 0, 0, "let go", "C")
    assert changed.sections[0].lines[0].melody == []
    with pytest.raises(SongcraftError, match="not a chord"):
        appstate.edit_line(song, 0, 0, "hold", "H7")


def test_file_stem():
    assert appstate.file_stem("Été / Summer!") == "été-summer"


# --- the page ---


def test_fresh_session_opens_a_new_song():
    at = open_page("song")
    no_exception(at)
    assert texts(at, "title") == ["Song"]
    song_id = at.session_state[appstate.SONG_ID]
    assert at.query_params[appstate.QUERY_SONG] == song_id
    assert appstate.get_store().load(song_id).title == "Untitled"


def test_edit_fields_are_saved():
    at = open_page("song")
    at.text_input(key=widget_key(at.text_input, ":title")).set_value("Night Drive").run()
    at.text_input(key=widget_key(at.text_input, ":writer")).set_value("Sam").run()
    at.selectbox(key=widget_key(at.selectbox, ":key")).set_value("F# minor").run()
    at.number_input(key=widget_key(at.number_input, ":tempo")).set_value(132).run()
    at.selectbox(key=widget_key(at.selectbox, ":meter")).set_value("6/8").run()
    no_exception(at)
    song = current(at)
    assert (song.title, song.writer, song.key, song.tempo, song.time_signature) == (
        "Night Drive",
        "Sam",
        "F# minor",
        132,
        "6/8",
    )
    assert len(appstate.get_store().versions(at.session_state[appstate.SONG_ID])) == 6


def test_lines_and_chords_are_edited_and_bad_chords_refused():
    at = open_page("song")
    button(at, "Add a line").click().run()
    type_line(at, "hold me close tonight", "C | G")
    no_exception(at)
    line = current(at).sections[0].lines[0]
    assert line.text == "hold me close tonight"
    assert [(c.symbol, c.beats, c.word) for c in line.chords] == [("C", 4, 0), ("G", 4, 2)]
    at.text_input(key=widget_key(at.text_input, "s0:l0:chords")).set_value("H7 | G").run()
    assert any("H is the German name" in e for e in texts(at, "error"))
    assert current(at).sections[0].lines[0].chords[0].symbol == "C"  # nothing bad was saved
    button(at, "Add a line").click().run()
    assert len(current(at).sections[0].lines) == 2
    at.button(key=widget_key(at.button, "s0:l1:drop")).click().run()
    assert len(current(at).sections[0].lines) == 1
    no_exception(at)


def test_sections_add_move_and_delete():
    at = open_page("song")
    at.selectbox(key="new_section_kind").set_value("chorus").run()
    button(at, "Add section").click().run()
    assert [s.kind for s in current(at).sections] == ["verse", "chorus"]
    assert at.session_state[appstate.SECTION] == 1
    at.button(key=widget_key(at.button, "s1:up")).click().run()
    assert [s.kind for s in current(at).sections] == ["chorus", "verse"]
    at.selectbox(key=widget_key(at.selectbox, "s1:kind")).set_value("bridge").run()
    at.number_input(key=widget_key(at.number_input, "s1:repeats")).set_value(2).run()
    at.text_input(key=widget_key(at.text_input, "s1:label")).set_value("Middle").run()
    assert [(s.kind, s.label, s.repeats) for s in current(at).sections][1] == (
        "bridge",
        "Middle",
        2,
    )
    at.button(key=widget_key(at.button, "s0:drop")).click().run()
    assert [s.kind for s in current(at).sections] == ["bridge"]
    no_exception(at)


def test_downloads_preview_and_playback():
    at = open_page("song")
    assert "need a complete song" in " ".join(texts(at, "info"))
    button(at, "Add a line").click().run()
    type_line(at, "on the open road", "G | C")
    no_exception(at)
    assert [b.label for b in at.download_button] == ["PDF", "MusicXML", "MIDI", "ChordPro", "WAV"]
    assert len(at.image) == 1  # the engraved lead sheet, one page
    button(at, "Play the song").click().run()  # the real synthesiser
    no_exception(at)
    assert len(at.get("audio")) == 1
    at.toggle(key="show_lead_sheet").set_value(False).run()
    assert len(at.image) == 0


def test_every_download_makes_its_file():
    song = Song("Road", sections=[Section("verse", "", [Line("on the road", [ChordAt("G", 4)])])])
    starts = {"pdf": b"%PDF", "midi": b"MThd", "wav": b"RIFF", "chordpro": b"{title: Road}"}
    for fmt in EXPORTS.values():
        data = render(fmt, song.to_json())[0]
        assert data.startswith(starts.get(fmt, b"")), fmt
        assert fmt != "musicxml" or b"<score-partwise" in data


def test_writer_text_is_never_markup():
    at = open_page("song")
    title = "<script>alert(1)</script> **bold** [x](http://e.vil)"
    at.text_input(key=widget_key(at.text_input, ":title")).set_value(title).run()
    no_exception(at)
    assert current(at).title == title
    sidebar = AppTest.from_function(show_sidebar, default_timeout=TIMEOUT)
    sidebar.query_params[appstate.QUERY_SONG] = at.session_state[appstate.SONG_ID]
    sidebar.run()
    assert title in [t.value for t in sidebar.sidebar.text]  # plain text, as typed
    assert not any(title in m for m in texts(sidebar, "markdown"))


def show_sidebar():
    from pages._shared import sidebar

    sidebar()


def test_refresh_reopens_the_same_song_and_sessions_stay_apart():
    first = open_page("song")
    first_id = first.session_state[appstate.SONG_ID]
    first.text_input(key=widget_key(first.text_input, ":title")).set_value("Mine").run()
    # AppTest gives every session one id: file the first under another live browser's id.
    appstate._HELD["first browser"] = appstate._HELD.pop("test session id")
    other = open_page("song")  # a second browser while the first is still open
    assert other.session_state[appstate.SONG_ID] != first_id
    refreshed = open_page("song", song_id=first_id)
    assert refreshed.session_state[appstate.SONG_ID] == first_id
    assert refreshed.session_state[appstate.SONG].title == "Mine"
    appstate._HELD.clear()  # every tab closed: a new one reopens the latest edit
    later = open_page("song")
    assert later.session_state[appstate.SONG_ID] in (
        first_id,
        other.session_state[appstate.SONG_ID],
    )
    assert later.session_state[appstate.SONG_ID] == appstate.get_store().most_recent()


def test_chordpro_import():
    at = open_page("song")
    button(at, "Open as a new song").click().run()
    assert "choose a ChordPro file first" in texts(at, "error")
    sheet = b"{title: Road}\n{key: G}\n{start_of_verse}\n[G]On the [C]road\n{end_of_verse}\n"
    at.file_uploader(key="chordpro_upload").set_value(("road.cho", sheet, "text/plain")).run()
    button(at, "Open as a new song").click().run()
    no_exception(at)
    assert current(at).title == "Road"
    assert "Opened road.cho as a new song." in texts(at, "success")


@pytest.mark.parametrize(
    "data, message", [(b"\xe9t\xe9", "not UTF-8"), (b"   \n", "empty"), (b"\0\1\2", "binary")]
)
def test_chordpro_import_refuses_bad_files(data, message):
    at = open_page("song")
    at.file_uploader(key="chordpro_upload").set_value(("bad.cho", data, "text/plain")).run()
    button(at, "Open as a new song").click().run()
    no_exception(at)
    assert any(message in e for e in texts(at, "error")), texts(at, "error")


def test_page_opens_the_song_in_the_url():
    song_id = song_with_line()
    at = open_page("song", song_id=song_id)
    no_exception(at)
    assert at.text_input(key=widget_key(at.text_input, "s0:l0:text")).value == "on the open road"


def test_sidebar_section_and_new_song():
    at = open_page("song")
    at.selectbox(key="new_section_kind").set_value("chorus").run()
    button(at, "Add section").click().run()
    first_id = at.session_state[appstate.SONG_ID]
    sidebar = AppTest.from_function(show_sidebar, default_timeout=TIMEOUT)
    sidebar.query_params[appstate.QUERY_SONG] = first_id
    sidebar.run()
    assert sidebar.selectbox(key="sidebar_section").options == ["1. Verse 1", "2. Chorus 1"]
    sidebar.selectbox(key="sidebar_section").set_value(0).run()
    assert sidebar.session_state[appstate.SECTION] == 0
    sidebar.button(key="sidebar_new_song").click().run()
    assert not sidebar.exception
    assert sidebar.session_state[appstate.SONG_ID] != first_id
    assert sidebar.query_params[appstate.QUERY_SONG] == sidebar.session_state[appstate.SONG_ID]


def test_an_unexpected_failure_shows_an_apology_not_a_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(appstate.SongStore, "save", broken)
    at = open_page("song")
    at.text_input(key=widget_key(at.text_input, ":title")).set_value("New").run()
    assert not at.exception
    assert "That edit could not be made; your song is unchanged." in texts(at, "error")
    monkeypatch.setattr(appstate.SongStore, "info", broken)
    at = open_page("song", song_id="anything")
    assert not at.exception
    assert any("Something went wrong" in e for e in texts(at, "error"))
    assert not any("disk on fire" in e for e in texts(at, "error"))


def test_write_hear_and_keep_a_melody(monkeypatch):
    from songcraft.melody.model import untrained_model

    monkeypatch.setattr(melody_page, "melody_model", lambda: untrained_model())  # real decoder
    song_id = song_with_line()
    at = open_page("song", song_id=song_id)
    at.number_input(key="melody_count").set_value(2).run()
    button(at, "Write melodies").click().run()
    no_exception(at)
    assert len([b for b in at.button if b.label == "Use this melody"]) == 2
    assert len(at.get("audio")) == 2  # each melody can be heard
    at.button(key="melody:keep:1").click().run()
    no_exception(at)
    melody = current(at).sections[0].lines[0].melody
    assert [n.syllable for n in melody if n.syllable] == ["on", "the", "o", "pen", "road"]
    assert "Kept melody 2 in Verse 1." in texts(at, "success")
    assert not [b for b in at.button if b.label == "Use this melody"]


def first_bar(melody, beats_per_bar=4):
    """The notes that start in the first bar."""
    kept, at = [], 0.0
    for note in melody:
        if at < beats_per_bar:
            kept.append(note)
        at += note.beats
    return kept


def test_keep_bars_of_the_melody_and_write_the_rest_again(monkeypatch):
    from songcraft.melody.model import untrained_model

    monkeypatch.setattr(melody_page, "melody_model", lambda: untrained_model())
    at = open_page("song", song_id=song_with_line())
    assert "melody_keep" not in [w.key for w in at.text_input]  # no melody, nothing to keep
    button(at, "Write melodies").click().run()
    at.button(key="melody:keep:0").click().run()
    kept = first_bar(current(at).sections[0].lines[0].melody)
    for typed, message in [
        ("one", "'one' is not a bar or a range of bars such as 3 or 3-4 (the first bar is 1)"),
        ("0", "'0' is not a bar"),
        ("5", "Bar 5 is locked, but Verse 1 has only 2 bars."),
    ]:
        at.text_input(key="melody_keep").set_value(typed).run()
        button(at, "Write melodies").click().run()
        assert not at.exception
        assert any(e.startswith(message) for e in texts(at, "error")), texts(at, "error")
    at.text_input(key="melody_keep").set_value("1").run()
    at.number_input(key="melody_count").set_value(2).run()
    button(at, "Write melodies").click().run()
    no_exception(at)
    offered = at.session_state[appstate.MELODY_CANDIDATES]["candidates"]
    assert offered and all(first_bar(c.lines[0]) == kept for c in offered)
    at.button(key="melody:keep:0").click().run()
    no_exception(at)
    melody = current(at).sections[0].lines[0].melody
    assert first_bar(melody) == kept
    assert [n.syllable for n in melody if n.syllable] == ["on", "the", "o", "pen", "road"]


def test_melody_without_a_model_or_lyrics_shows_a_message(monkeypatch):
    def missing():
        raise BundleError("models/melody-lstm/config.json is missing.")

    monkeypatch.setattr(melody_page, "melody_model", missing)
    at = open_page("song", song_id=song_with_line())
    button(at, "Write melodies").click().run()
    no_exception(at)
    assert "models/melody-lstm/config.json is missing." in texts(at, "error")


@pytest.mark.shipped
def test_shipped_melody_model_sets_the_words():
    at = open_page("song", song_id=song_with_line())
    button(at, "Write melodies").click().run(timeout=120)
    no_exception(at)
    at.button(key="melody:keep:0").click().run()
    melody = current(at).sections[0].lines[0].melody
    assert [n.syllable for n in melody if n.syllable] == ["on", "the", "o", "pen", "road"]
