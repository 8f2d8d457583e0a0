"""Train: teach a lyric model the writer's own lyrics, in the background, with live progress.

The result is a named model under the data folder that the Lyrics page offers beside the
shipped ones. Training runs in a thread (songcraft.trainjob), so this page, other pages and
other writers keep working; the progress panel polls it once a second.
"""

import math

import streamlit as st

from pages._shared import errors_shown, plain
from songcraft import appstate as app
from songcraft.errors import SongcraftError
from songcraft.trainjob import TrainJob, read_lyrics, summarize

MODES = ("Fine-tune a model", "Train a new model")


def progress_panel(polling: bool) -> None:
    job = st.session_state[app.TRAIN_JOB]
    progress = job.snapshot()
    st.subheader(plain(f"Training {job.name}"))
    if progress.state == "queued":
        st.info("Waiting for another training job on this server to finish...")
    text = f"Epoch {progress.epoch} of {progress.epochs}, step {progress.step} of {progress.steps}"
    if progress.state == "training" and not progress.epochs:
        text = "Preparing the lyrics and the model..."
    if not math.isnan(progress.loss):
        text += f", training loss {progress.loss:.3f}"
    st.progress(progress.fraction, text=text)
    val = [v for v in progress.val_losses if not math.isnan(v)]
    if val:
        st.caption(f"Validation loss after epoch {len(val)}: {val[-1]:.3f} (lower is better)")
        st.line_chart({"validation loss": val}, x_label="epoch", y_label="loss", height=200)
    if not progress.finished:
        st.button("Cancel training", on_click=job.cancel, icon=":material/stop:")
    elif progress.state == "done":
        st.success(
            plain(f"{progress.message} Choose it on the Lyrics page, next to the shipped ones.")
        )
    elif progress.state == "cancelled":
        st.warning(plain(progress.message))
    else:
        st.error(plain(progress.message))
    if polling and progress.finished:
        st.rerun()  # a full run, which stops the polling


def start(songs, name, mode, base, level, epochs, steps) -> None:
    overrides = st.session_state.get(app.TRAIN_OVERRIDES, {})
    settings = {"epochs": int(epochs), "max_steps_per_epoch": int(steps)}
    job = TrainJob(
        name,
        songs,
        level=level,
        base_path=app.list_lyric_models()[base] if mode == MODES[0] else None,
        settings_overrides={**settings, **overrides.get("settings", {})},
        model_overrides=overrides.get("model"),
    )
    st.session_state[app.TRAIN_JOB] = job.start()


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
summary = summarize(songs)
cols = st.columns(4)
cols[0].metric("Songs", summary.songs)
cols[1].metric("Lines", summary.lines)
cols[2].metric("Words", summary.words)
cols[3].metric("Size", f"{summary.characters / 1000:.1f} kB")
with st.expander("First lines"):
    st.text("\n".join(line for song in songs[:3] for line in song.lines[:4]))
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
