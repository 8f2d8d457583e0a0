"""The Train page's pieces: the summary of the uploaded lyrics, the start of a training job,
and the progress panel that polls it.

The job belongs to this browser session (appstate.TRAIN_JOB) and runs in a thread
(songcraft.trainjob), so the page only reads its snapshot.
"""

import math

import streamlit as st

from pages._shared import plain
from songcraft import appstate as app
from songcraft.trainjob import TrainJob, summarize

MODES = ("Fine-tune a model", "Train a new model")


def progress_panel(polling: bool) -> None:
    """Epochs, losses and the outcome of this session's job (a fragment while it runs)."""
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


def show_summary(songs) -> None:
    """Songs, lines, words and size of the lyrics, and the first lines to check them by."""
    summary = summarize(songs)
    cols = st.columns(4)
    cols[0].metric("Songs", summary.songs)
    cols[1].metric("Lines", summary.lines)
    cols[2].metric("Words", summary.words)
    cols[3].metric("Size", f"{summary.characters / 1000:.1f} kB")
    with st.expander("First lines"):
        st.text("\n".join(line for song in songs[:3] for line in song.lines[:4]))


def start(songs, name, mode, base, level, epochs, steps) -> None:
    """Start this session's training job in the background."""
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
