"""Song: edit the current song, write a melody, see the lead sheet, play it and download it.

Every edit is saved to the library at once. Inputs are keyed with the edit revision, so when
another page (or the library) changes the song they show the new text. Its pieces live in
pages/_song_ui.py and pages/_song_melody.py.
"""

import streamlit as st

from pages._shared import errors_shown, plain, show_notice
from pages._song_melody import SONG_ERROR, melody_panel
from pages._song_ui import (
    chordpro_import,
    listen_and_download,
    new_section,
    section_editor,
    song_fields,
)
from songcraft import appstate as app

with errors_shown():
    song = app.current_song()
    rev = st.session_state.get(app.EDIT_REV, 0)
    st.title("Song")
    show_notice()
    if message := st.session_state.pop(SONG_ERROR, None):
        st.error(plain(message))
    song_fields(song, rev)
    for index in range(len(song.sections)):
        section_editor(song, index, rev)
    new_section()
    melody_panel(song)
    st.subheader("Listen and download")
    listen_and_download(song)
    chordpro_import()
