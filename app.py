"""Songcraft in the browser: `streamlit run app.py`. Configures the page, the shared sidebar
and the navigation; each page is a script under pages/."""

from pathlib import Path

import streamlit as st

from pages._shared import errors_shown, sidebar

ROOT = Path(__file__).resolve().parent
PAGES = [  # (script, title, icon); the first one present opens first
    ("pages/lyrics.py", "Lyrics", ":material/edit_note:"),
    ("pages/chords.py", "Chords", ":material/piano:"),
    ("pages/song.py", "Song", ":material/queue_music:"),
    ("pages/train.py", "Train", ":material/model_training:"),
    ("pages/library.py", "Library", ":material/library_music:"),
]

st.set_page_config(page_title="Songcraft", page_icon=":material/music_note:", layout="wide")
present = [entry for entry in PAGES if (ROOT / entry[0]).is_file()]
page = st.navigation(
    [
        st.Page(script, title=title, icon=icon, default=index == 0)
        for index, (script, title, icon) in enumerate(present)
    ]
)
sidebar()
with errors_shown():
    page.run()
