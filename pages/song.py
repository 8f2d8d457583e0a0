"""Song: the current song (first cut; editing, preview and downloads follow)."""

import streamlit as st

from songcraft import appstate

song = appstate.current_song()
st.title("Song")
st.text(song.title)
