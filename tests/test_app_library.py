"""The Library page: list, search, open, rename, duplicate, delete and undo, history, import,
export."""

import pytest
from app_fixtures import (
    button,
    fixed_seeds,  # noqa: F401 (autouse fixture)
    library_in_tmp,  # noqa: F401 (autouse fixture)
    no_exception,
    open_page,
    texts,
)

from songcraft import appstate
from songcraft.music.song import Line, Section, Song
from songcraft.store import songs_to_json


def add(title, *lines):
    song = Song(title, sections=[Section("verse", "Verse 1", [Line(t) for t in lines])])
    return appstate.get_store().create(song)


def pick(at, song_id):
    at.selectbox(key="library_pick").set_value(song_id).run()


def listed(at):
    return [option.split("  (")[0] for option in at.selectbox(key="library_pick").options]


def titles():
    return [s.title for s in appstate.get_store().songs()]


def test_list_search_and_open():
    rain, sun = add("Rain", "falling down"), add("Sun", "bright day")
    at = open_page("library")
    no_exception(at)
    assert {"Rain", "Sun"} == set(listed(at))  # a fresh session opens Sun, the latest
    at.text_input(key="library_search").set_value("falling").run()
    assert listed(at) == ["Rain"] and at.selectbox(key="library_pick").value == rain
    assert sun not in at.session_state["library_pick"]
    button(at, "Open").click().run()
    no_exception(at)
    assert at.session_state[appstate.SONG_ID] == rain
    assert at.query_params[appstate.QUERY_SONG] == rain
    at.text_input(key="library_search").set_value("nothing like this").run()
    assert "No songs match." in texts(at, "info")


def test_rename_duplicate_delete_and_undo():
    song_id = add("Old", "a line")
    at = open_page("library")
    pick(at, song_id)
    at.text_input(key=f"rename:{song_id}").set_value("New Title").run()
    button(at, "Rename").click().run()
    assert appstate.get_store().load(song_id).title == "New Title"
    assert "Renamed to New Title." in texts(at, "success")
    button(at, "Duplicate").click().run()
    assert sorted(titles()) == ["New Title", "New Title (copy)"]
    copy_id = at.session_state["library_pick"]
    button(at, "Delete").click().run()
    assert "New Title (copy)" not in titles()
    button(at, "Undo delete of “New Title (copy)”").click().run()
    assert "New Title (copy)" in titles()
    assert at.session_state["library_pick"] == copy_id
    no_exception(at)


def test_rename_to_nothing_is_refused():
    song_id = add("Keep", "x")
    at = open_page("library")
    pick(at, song_id)
    at.text_input(key=f"rename:{song_id}").set_value("   ").run()
    button(at, "Rename").click().run()
    assert any("needs a title" in e for e in texts(at, "error"))
    assert appstate.get_store().load(song_id).title == "Keep"


def test_deleting_the_open_song_moves_to_another():
    at = open_page("library")
    open_id = at.session_state[appstate.SONG_ID]
    pick(at, open_id)
    button(at, "Delete").click().run()
    no_exception(at)
    assert at.session_state[appstate.SONG_ID] != open_id
    assert at.query_params[appstate.QUERY_SONG] == at.session_state[appstate.SONG_ID]


def test_history_restore():
    store = appstate.get_store()
    song_id = add("Draft", "first words")
    store.save(song_id, Song("Draft", sections=[Section("verse", "", [Line("second words")])]))
    at = open_page("library", song_id=song_id)
    pick(at, song_id)
    versions = store.versions(song_id)
    at.selectbox(key=f"version:{song_id}").set_value(versions[-1].id).run()
    assert "first words" in texts(at, "text")  # the earlier lyrics, as plain text
    button(at, "Restore this version").click().run()
    no_exception(at)
    assert store.load(song_id).sections[0].lines[0].text == "first words"
    assert at.session_state[appstate.SONG].sections[0].lines[0].text == "first words"


def test_import_json_and_chordpro_and_exports():
    at = open_page("library")
    library = songs_to_json([Song("One"), Song("Two")])
    sheet = b"{title: Road}\n{start_of_verse}\n[G]On the [C]road\n{end_of_verse}\n"
    at.file_uploader(key="import").set_value(
        [("lib.json", library, "application/json"), ("road.cho", sheet, "text/plain")]
    ).run()
    button(at, "Import").click().run()
    no_exception(at)
    assert "Imported 3 songs." in texts(at, "success")
    assert {"One", "Two", "Road"} <= set(titles())
    labels = [b.label for b in at.download_button]
    assert "Song as JSON" in labels and "Whole library as JSON" in labels
    assert "Song as ChordPro" in labels  # the imported song is selected and has a section


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.json", b"", "empty"),
        ("latin.json", b"\xe9t\xe9", "not UTF-8"),
        ("broken.json", b"{oops", "not valid JSON"),
        ("other.json", b'{"title": "x"}', "schema_version"),
        ("bad.cho", b"\x00\x01binary", "binary"),
    ],
)
def test_bad_imports_show_a_message(name, data, message):
    at = open_page("library")
    before = titles()
    at.file_uploader(key="import").set_value([(name, data, "application/octet-stream")]).run()
    button(at, "Import").click().run()
    no_exception(at)
    assert any(message in e for e in texts(at, "error")), texts(at, "error")
    assert titles() == before


def test_import_without_files():
    at = open_page("library")
    button(at, "Import").click().run()
    assert any("choose one or more" in e for e in texts(at, "error"))


def test_recently_deleted_can_be_restored():
    first, second = add("First", "a"), add("Second", "b")
    store = appstate.get_store()
    store.delete(first)
    store.delete(second)
    at = open_page("library")
    assert any(t.startswith("First  (deleted") for t in texts(at, "text"))
    at.button(key=f"undelete:{first}").click().run()
    no_exception(at)
    assert "First" in titles() and "Second" not in titles()
