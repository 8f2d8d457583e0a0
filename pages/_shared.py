"""Streamlit helpers every page uses: cached models, error display and the shared sidebar.

Models load once per process (st.cache_resource) and are shared read-only by every session.
Writer text is shown with st.text or escaped, never rendered as HTML.
"""

from __future__ import annotations

import itertools
import logging
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from songcraft import appstate
from songcraft.errors import SongcraftError

log = logging.getLogger("songcraft.app")
_SEED_LOCK = threading.Lock()
_replayed_seeds: Iterator[int] | None = None


def fresh_seed() -> int:
    """A new seed for each Generate click, so every click offers new candidates.

    The engines take it explicitly. With SONGCRAFT_SEED=N in the environment the server's
    clicks draw N, N+1, N+2... instead, so a browser test or a benchmark replays exactly;
    page tests swap this function for a fixed sequence.
    """
    start = os.environ.get("SONGCRAFT_SEED", "").strip()
    if not start.isdigit():
        return secrets.randbelow(2**31)
    global _replayed_seeds
    with _SEED_LOCK:
        if _replayed_seeds is None:
            _replayed_seeds = itertools.count(int(start))
        return next(_replayed_seeds)


def _leave_folder_navigation() -> None:
    """Run every page through app.py's st.navigation, even the very first one.

    Streamlit treats a pages/ folder as old-style folder navigation until some run calls
    st.navigation, so the first visitor after a server start who opens /song (a bookmark,
    a refresh) would get that page alone: no shared sidebar, other page names. Every page
    imports this module first, so its first import switches folder navigation off and
    reruns, and that rerun goes through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@contextmanager
def errors_shown() -> Iterator[None]:
    """Show a SongcraftError as st.error with its message; anything else as a short apology."""
    try:
        yield
    except SongcraftError as err:
        st.error(plain(str(err)))
    except Exception:  # st.rerun/st.stop are BaseException and pass through
        log.exception("unexpected error in a page")
        st.error("Something went wrong there; your song is saved. Try again or reload the page.")


# Download label -> export name in songcraft.music.exports (suffix and MIME type come from it)
EXPORTS = {
    "PDF": "pdf",
    "MusicXML": "musicxml",
    "MIDI": "midi",
    "ChordPro": "chordpro",
    "WAV": "wav",
}


def export_file(fmt: str) -> tuple[str, str]:
    """(file suffix, MIME type) of an export, e.g. (".pdf", "application/pdf")."""
    from songcraft.music.exports import FORMATS

    return FORMATS[fmt]


@st.cache_data(max_entries=32, show_spinner=False)
def render(fmt: str, song_json: str) -> list[bytes]:
    """A song exported to `fmt` (one item; one per page for "svg"), cached by the song's
    content: equal songs share a result, different songs never do."""
    from songcraft.music.exports import export
    from songcraft.music.song import Song

    return export(Song.from_json(song_json), fmt)


@st.cache_resource(show_spinner="Loading the lyric model...")
def lyric_model(path: str):
    """A lyric model bundle, loaded once per process (path from appstate.list_lyric_models)."""
    from songcraft.lyrics.model import load_lyric_model

    return load_lyric_model(Path(path))


@st.cache_resource(show_spinner="Loading the chord model...")
def chord_model():
    from songcraft.chords.model import load_chord_model

    return load_chord_model()


@st.cache_resource(show_spinner="Loading the melody model...")
def melody_model():
    from songcraft.melody.model import load_melody_model

    return load_melody_model()


def notice(message: str) -> None:
    """A success message shown once, after the rerun that follows an action."""
    st.session_state[appstate.NOTICE] = message


def show_notice() -> None:
    message = st.session_state.pop(appstate.NOTICE, None)
    if message:
        st.success(plain(message))


def escape(text: str) -> str:
    """Writer text made safe to place in Markdown (no links, HTML or formatting run)."""
    specials = "\\`*_{}[]()<>#+-.!|~$"
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def plain(text: str) -> str:
    """Text for st.error/st.success/labels, shown exactly as written: Markdown escaped, and
    colons too, so ":red[...]" or ":material/...:" in a title stays text."""
    return escape(text).replace(":", "\\:")


def section_name(song, index: int) -> str:
    section = song.sections[index]
    return f"{index + 1}. {section.title}"


def sidebar() -> None:
    """The current song and section, shared by every page."""
    with errors_shown():
        song = appstate.current_song()
        st.sidebar.caption("Current song")
        st.sidebar.text(song.title)
        if song.sections:
            index = min(st.session_state.get(appstate.SECTION, 0), len(song.sections) - 1)
            st.session_state[appstate.SECTION] = index
            # Set the widget from the shared key: other pages may have moved the section.
            st.session_state["sidebar_section"] = index
            st.sidebar.selectbox(
                "Section to keep into",
                range(len(song.sections)),
                format_func=lambda i: section_name(song, i),
                key="sidebar_section",
                on_change=_pick_section,
            )
        if st.sidebar.button("New song", key="sidebar_new_song"):
            appstate.new_song()
            st.rerun()


def _pick_section() -> None:
    st.session_state[appstate.SECTION] = st.session_state["sidebar_section"]


# Last, so that the module is whole before the rerun: a session importing it at the same
# moment must never find a half-defined module.
_leave_folder_navigation()
