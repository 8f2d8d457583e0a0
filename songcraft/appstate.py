"""What the app's pages share: every st.session_state key, and the song helpers they call.

Pages keep their own widgets' state; anything another page reads lives under a key declared
here, with what it holds. The helpers are plain functions of a Song; the few that touch the
session (current_song, save_current, open_song, new_song) take the session state and query
params as arguments and fall back to Streamlit's, imported only when called, so this module
is importable and testable without a running page.
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from songcraft.errors import SongcraftError
from songcraft.music.song import ChordAt, Line, Section, Song, progression_to_section
from songcraft.store import SongStore, data_dir, db_path

# --- session_state keys (values are per browser session; nothing here is shared) ---
SONG = "sc_song"  # Song: the song being written, autosaved to the library on every change
SONG_ID = "sc_song_id"  # str: that song's id in the library (also ?song=<id> in the URL)
SECTION = "sc_section"  # int: index of the section Lyrics and Chords keep into
EDIT_REV = "sc_edit_rev"  # int: bumped when the song changes outside the Song page's inputs,
#                           so those inputs (keyed with it) show the new text
LYRIC_MODEL = "sc_lyric_model"  # str: name (a list_lyric_models() key) chosen on Lyrics
LYRIC_CANDIDATES = "sc_lyric_candidates"  # list[Candidate]: the Lyrics page's candidates
CHORD_CANDIDATES = "sc_chord_candidates"  # list[Progression]: the Chords page's candidates
MELODY_CANDIDATES = "sc_melody_candidates"  # dict | None: melodies offered on the Song
#   page, {"song_id": str, "section": int, "candidates": list[MelodyCandidate]}
TRAIN_JOB = "sc_train_job"  # songcraft.trainjob.TrainJob | None: this session's training
TRAIN_OVERRIDES = "sc_train_overrides"  # dict: {"settings": {...}, "model": {...}} passed
#                                        to train_lyrics (tests use a tiny model this way)
LIBRARY_UNDO = "sc_library_undo"  # str | None: id of the song just deleted, for Undo
NOTICE = "sc_notice"  # str | None: a success message shown once after a rerun
QUERY_SONG = "song"  # st.query_params key holding the current song's id

SHIPPED_LYRIC_MODELS = ("lyrics-char", "lyrics-word")  # folders under models/
HOLD = "."  # in a chord line, holds the chord before for that share of the bar

_STORES: dict[Path, SongStore] = {}
_STORES_LOCK = threading.Lock()
_HELD: dict[str, str] = {}  # browser session id -> song id it has open (this process)
_HELD_LOCK = threading.Lock()


def get_store() -> SongStore:
    """The library at $SONGCRAFT_DB / $SONGCRAFT_DATA_DIR (opened once per path and process)."""
    path = db_path()
    with _STORES_LOCK:
        if path not in _STORES:
            _STORES[path] = SongStore(path)
        return _STORES[path]


def blank_song() -> Song:
    """A new song with one verse to keep lines into."""
    return Song(title="Untitled", sections=[Section("verse", "Verse 1")])


def keep_lines(song: Song, section_index: int, lines: list[str] | tuple[str, ...]) -> Song:
    """A copy of `song` with `lines` added at the end of a section (a verse is made if none)."""
    song = copy.deepcopy(song)
    if not song.sections:
        song.sections.append(Section("verse", "Verse 1"))
    section = song.sections[_section_index(song, section_index)]
    texts = [" ".join(str(text).split()) for text in lines]
    if not any(texts):
        raise SongcraftError("there are no lyric lines to keep")
    section.lines.extend(Line(text) for text in texts if text)
    song.validate(for_export=False)
    return song


def keep_progression(song: Song, section_index: int, bars: list[list[str]]) -> Song:
    """A copy of `song` whose section takes the chords in `bars` (lyrics and melody kept)."""
    song = copy.deepcopy(song)
    if not song.sections:
        song.sections.append(Section("verse", "Verse 1"))
    index = _section_index(song, section_index)
    song.sections[index] = progression_to_section(
        [list(bar) for bar in bars], song.sections[index], song.beats_per_bar
    )
    song.validate(for_export=False)
    return song


def _section_index(song: Song, index: int) -> int:
    if not 0 <= index < len(song.sections):
        raise SongcraftError(
            f"section {index + 1} does not exist: the song has {len(song.sections)} sections"
        )
    return index


def parse_bars(text: str, beats_per_bar: int) -> list[ChordAt]:
    """Chords from a chord line: bars split by |, chords in a bar share it evenly.

    "." (or "%" or "-") holds the chord before for its share; an empty bar holds it a bar.

    >>> [(c.symbol, c.beats) for c in parse_bars("| C | . F | G |", 4)]
    [('C', 6.0), ('F', 2.0), ('G', 4.0)]
    """
    text = str(text).strip().strip("|").strip()
    chords: list[ChordAt] = []
    if not text:
        return chords
    for number, bar in enumerate(text.split("|"), 1):
        tokens = bar.split() or [HOLD]
        share = beats_per_bar / len(tokens)
        for token in tokens:
            if token in (HOLD, "%", "-"):
                if not chords:
                    raise SongcraftError(f"bar {number} holds a chord, but no chord comes before")
                chords[-1].beats += share
            else:
                chords.append(ChordAt(token, share))
    return chords


def format_bars(chords: list[ChordAt], beats_per_bar: int) -> str:
    """The chord line `parse_bars` reads back.

    >>> format_bars([ChordAt("C", 6), ChordAt("F", 2), ChordAt("G", 4)], 4)
    'C | . F | G'
    """
    starts, beat = {}, 0.0
    for chord in chords:
        starts[round(beat, 6)] = chord.symbol
        beat += chord.beats
    bars = []
    for first in range(0, max(math.ceil(beat / beats_per_bar - 1e-9), 0)):
        lo = first * beats_per_bar
        inside = [s - lo for s in starts if lo <= s < lo + beats_per_bar]
        slots = _slots(inside, beats_per_bar)
        step = beats_per_bar / slots
        tokens = [starts.get(round(lo + k * step, 6), HOLD) for k in range(slots)]
        bars.append(" ".join(tokens))
    return " | ".join(bars)


def _slots(offsets: list[float], beats_per_bar: int) -> int:
    """Fewest even slots in a bar that put every chord change on a slot."""
    for slots in (1, 2, 3, 4, 6, 8, 12, 16, 24, 32):
        step = beats_per_bar / slots
        if all(abs(o / step - round(o / step)) < 1e-6 for o in offsets):
            return slots
    return 32


def place_chords(line: Line) -> Line:
    """Put each chord on the word where it changes, spreading the line's words over its beats.

    >>> [c.word for c in place_chords(Line("hold me close now", parse_bars("C | G", 4))).chords]
    [0, 2]
    """
    words, total = line.words(), sum(c.beats for c in line.chords)
    start, last = 0.0, -1
    for chord in line.chords:
        word = int(start / total * len(words)) if words and total else None
        chord.word = word if word is not None and word > last else None
        last = chord.word if chord.word is not None else last
        start += chord.beats
    return line


def edit_line(song: Song, section_index: int, line_index: int, text: str, chords: str) -> Song:
    """A copy of `song` with one line's lyric and chord line replaced (melody kept if the
    lyric is unchanged, since it was set to those words)."""
    song = copy.deepcopy(song)
    section = song.sections[_section_index(song, section_index)]
    old = section.lines[line_index]
    text = " ".join(str(text).split())
    parsed = parse_bars(chords, song.beats_per_bar)
    same = format_bars(old.chords, song.beats_per_bar) == format_bars(parsed, song.beats_per_bar)
    line = Line(text, old.chords if same else parsed, old.melody if text == old.text else [])
    section.lines[line_index] = place_chords(line) if (not same or text != old.text) else line
    song.validate(for_export=False)
    return song


def file_stem(title: str) -> str:
    """A safe file name for a song's downloads.

    >>> file_stem("Hold Me / Close?"), file_stem("  ")
    ('hold-me-close', 'song')
    """
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    return "-".join(words)[:60].strip("-") or "song"


def list_lyric_models() -> dict[str, Path]:
    """Lyric models the Lyrics page offers: the shipped ones, then those trained on Train."""
    from songcraft.lyrics.model import MODELS_DIR

    models = {name: MODELS_DIR / name for name in SHIPPED_LYRIC_MODELS}
    trained = data_dir() / "models"
    if trained.is_dir():
        for folder in sorted(trained.iterdir()):
            if (folder / "config.json").is_file() and folder.name not in models:
                models[folder.name] = folder
    return models


def current_song(state: MutableMapping | None = None, params: MutableMapping | None = None) -> Song:
    """This session's song: the one in the URL, else the most recently edited one no other
    open session is writing, else a new one."""
    state, params = _session(state, params)
    if SONG not in state:
        store = get_store()
        wanted = str(params.get(QUERY_SONG, "") or "")
        info = store.info(wanted) if wanted else None
        if info is not None and info.deleted is None:
            open_song(wanted, state, params)
        elif (recent := store.most_recent(exclude=_held_elsewhere())) is not None:
            open_song(recent, state, params)
        else:
            new_song(blank_song(), state, params)
    elif params.get(QUERY_SONG) != state[SONG_ID]:
        params[QUERY_SONG] = state[SONG_ID]  # page switches may drop it; a refresh needs it
    return state[SONG]


def current_song_id(
    state: MutableMapping | None = None, params: MutableMapping | None = None
) -> str:
    """This session's song id (opening a song first, like current_song)."""
    state, params = _session(state, params)
    current_song(state, params)
    return state[SONG_ID]


def save_current(
    song: Song | None = None,
    state: MutableMapping | None = None,
    params: MutableMapping | None = None,
    *,
    refresh_inputs: bool = True,
) -> Song:
    """Make `song` this session's song and save it to the library (a new version if changed).

    Call it on every keep and edit. `refresh_inputs=False` is for edits made in the Song
    page's own inputs, which already show the new text.
    """
    state, params = _session(state, params)
    current_song(state, params)
    song = song if song is not None else state[SONG]
    get_store().save(state[SONG_ID], song)
    state[SONG] = song
    params[QUERY_SONG] = state[SONG_ID]
    if refresh_inputs:
        state[EDIT_REV] = state.get(EDIT_REV, 0) + 1
    return song


def open_song(
    song_id: str, state: MutableMapping | None = None, params: MutableMapping | None = None
) -> Song:
    """Make a library song this session's song."""
    state, params = _session(state, params)
    song = get_store().load(song_id)
    state[SONG], state[SONG_ID], state[SECTION] = song, song_id, 0
    state[EDIT_REV] = state.get(EDIT_REV, 0) + 1
    params[QUERY_SONG] = song_id
    _hold(song_id)
    return song


def new_song(
    song: Song | None = None,
    state: MutableMapping | None = None,
    params: MutableMapping | None = None,
) -> str:
    """Add `song` (or a blank one) to the library and open it; returns its id."""
    song_id = get_store().create(song if song is not None else blank_song())
    open_song(song_id, state, params)
    return song_id


def _session(
    state: MutableMapping | None, params: MutableMapping | None
) -> tuple[MutableMapping, MutableMapping]:
    if state is None or params is None:
        import streamlit as st  # only when a page calls without explicit state

        state = st.session_state if state is None else state
        params = st.query_params if params is None else params
    return state, params


def _session_id() -> str | None:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:
        return None
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else None


def _hold(song_id: str) -> None:
    session = _session_id()
    if session:
        with _HELD_LOCK:
            _HELD[session] = song_id


def _held_elsewhere() -> set[str]:
    """Songs open in other live sessions, so a new session doesn't write into someone's song."""
    me, alive = _session_id(), _live_sessions()
    with _HELD_LOCK:
        for session in list(_HELD):
            if session != me and not alive(session):
                del _HELD[session]
        return {song for session, song in _HELD.items() if session != me}


def _live_sessions() -> Any:
    try:
        from streamlit import runtime

        if runtime.exists():
            instance = runtime.get_instance()
            return lambda session: bool(instance.is_active_session(session))
    except ImportError:
        pass
    return lambda session: True
