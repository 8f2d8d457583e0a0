"""The Library page's pieces: the song table and picker, each song's actions and history,
undo of a delete, recently deleted songs, and import and export.

Actions run in button callbacks through `act`, so a refusal is kept under ERROR and shown
once on the next run.
"""

from datetime import datetime

import streamlit as st

from pages._shared import notice, plain, render
from songcraft import appstate as app
from songcraft.errors import SongcraftError
from songcraft.store import songs_from_file, songs_to_json

ERROR = "library_page_error"  # this page only: a refused action, shown once
PICK = "library_pick"  # this page only: the song the actions apply to


def when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def act(action, *args) -> None:
    """Run a library action from a button; a refusal is shown on the next run."""
    try:
        action(*args)
    except SongcraftError as err:
        st.session_state[ERROR] = str(err)


def open_song(song_id):
    app.open_song(song_id)
    notice("Opened. The Song, Lyrics and Chords pages now work on it.")


def rename(song_id, key):
    song = app.get_store().rename(song_id, st.session_state[key])
    if song_id == app.current_song_id():
        app.open_song(song_id)
    notice(f"Renamed to {song.title}.")


def duplicate(song_id):
    st.session_state[PICK] = app.get_store().duplicate(song_id)
    notice("Duplicated: the copy is selected.")


def delete(song_id):
    store = app.get_store()
    store.delete(song_id)
    st.session_state[app.LIBRARY_UNDO] = song_id
    if song_id == app.current_song_id():  # the writer keeps working on another song
        recent = store.most_recent()
        if recent:
            app.open_song(recent)
        else:
            app.new_song()
    st.session_state.pop(PICK, None)


def undo_delete(song_id):
    app.get_store().undelete(song_id)
    st.session_state[app.LIBRARY_UNDO] = None
    st.session_state[PICK] = song_id
    notice("The song is back in the library.")


def restore(song_id, version_id):
    song = app.get_store().restore(song_id, version_id)
    if song_id == app.current_song_id():
        app.open_song(song_id)
    notice(f"Restored the version saved as {song.title}.")


def import_files(key):
    uploads = st.session_state.get(key) or []
    if not uploads:
        raise SongcraftError("choose one or more .json or ChordPro files first")
    songs = [song for upload in uploads for song in songs_from_file(upload.getvalue(), upload.name)]
    for song in songs:
        st.session_state[PICK] = app.get_store().create(song)
    notice(f"Imported {len(songs)} song{'s' * (len(songs) != 1)}.")


def song_actions(store, song_id):
    """Open, duplicate, delete, rename and download one song, then its history."""
    info = store.info(song_id)
    open_, copy_, drop = st.columns(3)
    open_.button("Open", on_click=act, args=(open_song, song_id), icon=":material/edit:")
    copy_.button("Duplicate", on_click=act, args=(duplicate, song_id))
    drop.button("Delete", on_click=act, args=(delete, song_id), icon=":material/delete:")
    name, go = st.columns([4, 1], vertical_alignment="bottom")
    name.text_input("New title", info.title, key=f"rename:{song_id}", max_chars=400)
    go.button("Rename", on_click=act, args=(rename, song_id, f"rename:{song_id}"))
    song = store.load(song_id)
    stem = app.file_stem(song.title)
    json_col, cho_col = st.columns(2)
    json_col.download_button(
        "Song as JSON", song.to_json(), f"{stem}.json", "application/json", on_click="ignore"
    )
    if song.sections:
        body = song.to_json()
        cho_col.download_button(
            "Song as ChordPro",
            lambda: render("chordpro", body)[0],
            f"{stem}.cho",
            "text/plain",
            on_click="ignore",
        )
    history(store, song_id)


def history(store, song_id):
    """The song's saved versions; any one can be read and restored."""
    versions = store.versions(song_id)
    with st.expander(f"History ({len(versions)} versions)"):
        labels = {v.id: f"{when(v.saved)}  {v.title}" for v in versions}
        chosen = st.selectbox(
            "Version", list(labels), format_func=labels.get, key=f"version:{song_id}"
        )
        if chosen is not None:
            earlier = store.load_version(song_id, chosen)
            st.text("\n".join(ln.text for s in earlier.sections for ln in s.lines) or "(no lyrics)")
            st.button("Restore this version", on_click=act, args=(restore, song_id, chosen))


def undo_button(store) -> None:
    """Undo for the song this session just deleted."""
    if undo := st.session_state.get(app.LIBRARY_UNDO):
        st.button(
            plain(f"Undo delete of “{store.load(undo).title}”"),
            on_click=act,
            args=(undo_delete, undo),
            icon=":material/undo:",
        )


def pick_song(songs) -> str:
    """The songs as a table, and the picker the actions apply to (the open song first)."""
    st.dataframe(
        [{"Title": s.title, "Edited": when(s.updated)} for s in songs],
        hide_index=True,
        width="stretch",
    )
    titles = {s.id: f"{s.title}  ({when(s.updated)})" for s in songs}
    if st.session_state.get(PICK) not in titles:
        current = st.session_state.get(app.SONG_ID)
        st.session_state[PICK] = current if current in titles else songs[0].id
    return st.selectbox("Song", list(titles), format_func=titles.get, key=PICK)


def recently_deleted(store) -> None:
    """Deleted songs, newest first, each with a button that restores it."""
    if deleted := store.songs(deleted=True, limit=20):
        with st.expander(f"Recently deleted ({len(deleted)})"):
            for info in deleted:
                name, back = st.columns([4, 1], vertical_alignment="center")
                name.text(f"{info.title}  (deleted {when(info.deleted)})")
                back.button(
                    "Restore", key=f"undelete:{info.id}", on_click=act, args=(undo_delete, info.id)
                )


def import_and_export(store) -> None:
    """Import songs from files, and download the whole library."""
    st.file_uploader(
        "Songs to import (.json or ChordPro)",
        accept_multiple_files=True,
        type=["json", "cho", "chordpro", "chopro", "crd", "pro"],
        key="import",
    )
    st.button("Import", on_click=act, args=(import_files, "import"), icon=":material/upload:")
    st.download_button(
        "Whole library as JSON",
        lambda: songs_to_json([store.load(s.id) for s in store.songs()]),
        "songcraft-library.json",
        "application/json",
        on_click="ignore",
    )
