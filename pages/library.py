"""Library: every saved song; search, open, rename, duplicate, delete with undo, history,
import and export (JSON and ChordPro). Its pieces live in pages/_library_ui.py."""

import streamlit as st

from pages._library_ui import (
    ERROR,
    import_and_export,
    pick_song,
    recently_deleted,
    song_actions,
    undo_button,
)
from pages._shared import errors_shown, plain, show_notice
from songcraft import appstate as app

with errors_shown():
    store = app.get_store()
    app.current_song()
    st.title("Library")
    show_notice()
    if message := st.session_state.pop(ERROR, None):
        st.error(plain(message))
    undo_button(store)
    query = st.text_input("Search titles and lyrics", key="library_search", max_chars=200)
    songs = store.songs(query)
    if not songs:
        st.info("No songs match." if query else "The library is empty: write something first.")
    else:
        song_actions(store, pick_song(songs))
    recently_deleted(store)
    st.subheader("Import and export")
    import_and_export(store)
