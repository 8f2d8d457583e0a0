"""The SQLite song library: save, history, search, rename, duplicate, delete/undo, threads."""

import sqlite3
import threading

import pytest

from songcraft.errors import SongcraftError
from songcraft.music.song import Line, Section, Song
from songcraft.store import (
    MAX_VERSIONS,
    SongStore,
    data_dir,
    db_path,
    songs_from_file,
    songs_to_json,
)


def song(title="Morning", *lines):
    return Song(title=title, sections=[Section("verse", "Verse 1", [Line(t) for t in lines])])


@pytest.fixture
def store(tmp_path):
    return SongStore(tmp_path / "lib.db")


def test_create_load_and_wal(store):
    song_id = store.create(song("Morning", "hold me close"))
    loaded = store.load(song_id)
    assert loaded.title == "Morning" and loaded.sections[0].lines[0].text == "hold me close"
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == 1


def test_save_keeps_history_and_skips_unchanged(store):
    song_id = store.create(song("A"))
    assert store.save(song_id, song("A")) is False
    assert store.save(song_id, song("B", "line one")) is True
    versions = store.versions(song_id)
    assert [v.title for v in versions] == ["B", "A"]
    restored = store.restore(song_id, versions[-1].id)
    assert restored.title == "A" and store.load(song_id).title == "A"
    assert len(store.versions(song_id)) == 3  # the restore is itself undoable


def test_history_is_capped(store, monkeypatch):
    monkeypatch.setattr("songcraft.store.MAX_VERSIONS", 3)
    song_id = store.create(song("v0"))
    for n in range(1, 6):
        store.save(song_id, song(f"v{n}"))
    assert [v.title for v in store.versions(song_id)] == ["v5", "v4", "v3"]
    assert MAX_VERSIONS >= 100


def test_search_title_and_lyrics(store):
    store.create(song("Rain Song", "falling down"))
    store.create(song("Sunny", "100% bright_day"))
    assert [s.title for s in store.songs("rain")] == ["Rain Song"]
    assert [s.title for s in store.songs("FALLING")] == ["Rain Song"]
    assert [s.title for s in store.songs("100%")] == ["Sunny"]
    assert [s.title for s in store.songs("%")] == ["Sunny"]  # % matches only itself
    assert store.songs("t_g") == []  # _ is no wildcard either
    assert len(store.songs("")) == 2


def test_rename_duplicate_delete_undo(store):
    song_id = store.create(song("Old", "a line"))
    store.rename(song_id, "  New   name ")
    assert store.load(song_id).title == "New name"
    copy_id = store.duplicate(song_id)
    assert store.load(copy_id).title == "New name (copy)"
    assert len(store.versions(copy_id)) == 1
    store.delete(song_id)
    assert [s.id for s in store.songs()] == [copy_id]
    assert [s.id for s in store.songs(deleted=True)] == [song_id]
    store.undelete(song_id)
    assert {s.id for s in store.songs()} == {song_id, copy_id}


def test_most_recent_skips_excluded(store):
    first = store.create(song("First"))
    second = store.create(song("Second"))
    store.save(first, song("First again"))
    assert store.most_recent() == first
    assert store.most_recent(exclude={first}) == second
    assert store.most_recent(exclude={first, second}) is None


@pytest.mark.parametrize(
    "action",
    [
        lambda s: s.load("nope"),
        lambda s: s.save("nope", song()),
        lambda s: s.delete("nope"),
        lambda s: s.rename("nope", "x"),
        lambda s: s.load_version("nope", 1),
    ],
)
def test_missing_song_is_a_clear_error(store, action):
    with pytest.raises(SongcraftError, match="no song|no longer kept"):
        action(store)


def test_bad_titles_are_refused(store):
    song_id = store.create(song())
    with pytest.raises(SongcraftError, match="needs a title"):
        store.rename(song_id, "   ")
    with pytest.raises(SongcraftError, match="limit"):
        store.rename(song_id, "x" * 500)


def test_not_a_database(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(SongcraftError, match="not a Songcraft song library"):
        SongStore(path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "lib.db"
    SongStore(path)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(SongcraftError, match="newer Songcraft"):
        SongStore(path)


def test_locations_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SONGCRAFT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SONGCRAFT_DB", raising=False)
    assert data_dir() == tmp_path and db_path() == tmp_path / "songcraft.db"
    monkeypatch.setenv("SONGCRAFT_DB", f"sqlite:///{tmp_path}/other.db")
    assert db_path() == tmp_path / "other.db"
    with pytest.raises(SongcraftError, match="only SQLite"):
        db_path("postgresql://host/db")
    with pytest.raises(SongcraftError, match="database file"):
        db_path("sqlite:///:memory:")


def test_concurrent_writers_from_threads(store):
    ids = [store.create(song(f"Song {n}")) for n in range(4)]
    errors = []

    def writer(worker):
        try:
            for step in range(15):
                target = ids[(worker + step) % len(ids)]
                store.save(target, song(f"w{worker} s{step}", f"line {step}"))
            store.create(song(f"new from {worker}"))
        except Exception as err:  # collected so the main thread can report it
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.songs()) == 10
    total = sum(len(store.versions(i)) for i in ids)
    assert total == 4 + 6 * 15  # every change kept as a version


def test_json_library_round_trip():
    songs = [song("One", "a"), song("Two", "b")]
    back = songs_from_file(songs_to_json(songs), "library.json")
    assert [s.title for s in back] == ["One", "Two"]
    single = songs_from_file(songs[0].to_json().encode(), "one.json")
    assert single[0].title == "One"


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "empty.json", "empty"),
        (b"\xff\xfe\x00bad", "bin.json", "binary|UTF-8"),
        (b"\xe9t\xe9", "latin.json", "UTF-8"),
        (b"{not json", "broken.json", "not valid JSON"),
        (b'{"songcraft_library": 1, "songs": []}', "none.json", "no songs"),
        (b'{"title": "x"}', "plain.json", "schema_version"),
    ],
)
def test_bad_files_are_refused(data, name, message):
    with pytest.raises(SongcraftError, match=message):
        songs_from_file(data, name)


def test_chordpro_file_is_read():
    pytest.importorskip("songcraft.music.chordpro")
    text = "{title: Road}\n{key: G}\n{start_of_verse}\n[G]On the [C]road\n{end_of_verse}\n"
    (read,) = songs_from_file(text.encode(), "road.cho")
    assert read.title == "Road"
    assert read.sections[0].lines[0].text == "On the road"
