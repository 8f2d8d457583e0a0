"""Lyrics: type a starting line, compare rhyming continuations side by side, keep the best.

The engine does the writing (songcraft.lyrics.engine); this page reads the settings, shows
the candidates with their rhyme words, syllables and scores, and keeps lines into the song.
Its pieces live in pages/_lyrics_ui.py.
"""

from __future__ import annotations

import streamlit as st

from pages._lyrics_ui import (
    CLEAR_START,
    build_tables,
    choose_model,
    settings_form,
    show_candidates,
    show_kept,
    sidebar_tools,
    write_candidates,
)
from pages._shared import lyric_model, plain, show_notice
from songcraft import appstate
from songcraft.errors import SongcraftError

st.title("Lyrics")
show_notice()
if st.session_state.pop(CLEAR_START, False):
    st.session_state["lyrics_start"] = ""
song = appstate.current_song()
section = min(st.session_state.get(appstate.SECTION, 0), max(len(song.sections) - 1, 0))
models = appstate.list_lyric_models()
path = str(models[choose_model(models)])
try:
    model = lyric_model(path)
except SongcraftError as err:
    st.error(plain(f"{err} Choose another model, or train one on the Train page."))
    st.stop()
context = show_kept(song, section)

try:
    submitted = settings_form(model, context)
    if submitted:
        write_candidates(model, path, *submitted)
except SongcraftError as err:
    st.error(plain(str(err)))

candidates = st.session_state.get(appstate.LYRIC_CANDIDATES) or []
if candidates:
    show_candidates(model, candidates, song, section)
else:
    st.info("Type a starting line and press Enter to see continuations.")
# Last, so the form can be typed in while the first visit builds the tables.
build_tables(model, path)
sidebar_tools(model)
