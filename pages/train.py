"""Train: teach a lyric model the writer's own lyrics, in the background, with live progress.

The result is a named model under the data folder that the Lyrics page offers beside the
shipped ones. Training runs in a thread (songcraft.trainjob), so this page, other pages and
other writers keep working; the progress panel polls it once a second. Its pieces live in
pages/_train_ui.py.
"""

import streamlit as st

from pages._shared import errors_shown, plain
from pages._train_ui import MODES, progress_panel, show_summary, start
from songcraft import appstate as app
from songcraft.errors import SongcraftError
from songcraft.trainjob import read_lyrics

st.title("Train")
st.write(
    "Teach a lyric model your own writing. Upload lyrics (one line per lyric line, a blank "
    "line between songs; ChordPro chords and directives are ignored) or paste them."
)
files = st.file_uploader(
    "Lyrics files",
    type=["txt", "cho", "chordpro", "chopro", "crd"],
    accept_multiple_files=True,
    key="train_files",
)
pasted = st.text_area("Or paste lyrics", key="train_pasted", height=160)
job = st.session_state.get(app.TRAIN_JOB)
running = job is not None and not job.snapshot().finished
if job is not None:
    st.fragment(progress_panel, run_every=1.0 if running else None)(running)
if not files and not pasted.strip():
    st.info("Add some lyrics to see a summary and train.")
    st.stop()
try:
    songs = read_lyrics([(f.name, f.getvalue()) for f in files], pasted)
except SongcraftError as err:
    st.error(plain(str(err)))
    st.stop()
show_summary(songs)

name = st.text_input("Name for the new model", placeholder="my-ballads", max_chars=40)
mode = st.radio(
    "How",
    MODES,
    horizontal=True,
    help="Fine-tuning starts from a trained model and needs far less text.",
)
models = list(app.list_lyric_models())
base = st.selectbox("Start from", models, disabled=mode != MODES[0])
level = st.radio(
    "Model reads",
    ("char", "word"),
    horizontal=True,
    format_func={"char": "characters", "word": "words"}.get,
    disabled=mode != MODES[1],
)
epochs = st.number_input(
    "Epochs (at most; it stops early when validation stops improving)", 1, 50, 5
)
steps = st.number_input("Steps per epoch (at most)", 1, 2000, 200)
if st.button("Start training", type="primary", disabled=running, icon=":material/play_arrow:"):
    with errors_shown():
        start(songs, name, mode, base, level, epochs, steps)
        st.rerun()
