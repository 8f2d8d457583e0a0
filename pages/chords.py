"""Chords: pick a key and a style, audition progressions side by side, keep one into a section.

The chord engine writes the progressions (songcraft.chords); each candidate is shown as chord
names over Roman numerals, voiced to audio at the song's tempo, with how likely the model
found each chord. Typed chords and keys are checked first, so a typo gets a clear message.
Its pieces live in pages/_chords_ui.py.
"""

from __future__ import annotations

import streamlit as st

from pages._chords_ui import (
    audition_controls,
    section_picker,
    settings_form,
    show_candidates,
    write_progressions,
)
from pages._shared import chord_model, plain, show_notice
from songcraft import appstate
from songcraft.errors import SongcraftError

st.title("Chords")
show_notice()
song = appstate.current_song()
section = min(st.session_state.get(appstate.SECTION, 0), max(len(song.sections) - 1, 0))
try:
    model = chord_model()
except SongcraftError as err:
    st.error(
        plain(f"{err} The chord model has to be trained first: python -m songcraft train chords")
    )
    st.stop()

if song.sections:
    section_picker(song, section)
try:
    request = settings_form(song, model, section)
    if request is not None:
        write_progressions(model, request)
except SongcraftError as err:
    st.error(plain(str(err)))

candidates = st.session_state.get(appstate.CHORD_CANDIDATES) or []
if not candidates:
    st.info("Choose a key and a style, then Generate to audition progressions.")
    st.stop()

sound, pattern = audition_controls(song)
show_candidates(model, candidates, song, section, sound, pattern)
