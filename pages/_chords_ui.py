"""The Chords page's pieces: the section picker, the settings form, and the candidates, each
with its chord chart, audio player, probabilities and buttons.

Candidates and the request that made them belong to this browser session (the keys below,
and appstate.CHORD_CANDIDATES).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from pages import _shared  # fresh_seed called through the module: tests swap it
from pages._shared import notice, plain, section_name
from songcraft import appstate
from songcraft.chords import generate as chords
from songcraft.chords.keys import KEY_NAMES, parse_key
from songcraft.chords.locks import parse_locks
from songcraft.chords.symbols import parse_progression
from songcraft.errors import SongcraftError
from songcraft.music import audition as audio  # called through the module: tests swap it
from songcraft.music.audition import PATTERNS
from songcraft.music.synth import SOUNDS

# Page-local session keys (only this page reads them; shared keys live in appstate).
REQUEST = "chords_request"  # ProgressionRequest that made the candidates on screen
ROUND = "chords_round"  # int: bumped on every generation (candidate containers are keyed by it)

MATCH_SONG = "match the song"
CADENCES = ("any", "authentic", "half", "plagal", "deceptive")
RHYTHMS = (1, 2, 3, 4, 0)  # chords per bar; 0: the model chooses the harmonic rhythm
COLUMNS = 4  # candidates per row; more wrap onto the next row


@st.cache_data(max_entries=256, show_spinner=False)
def audition(bars: tuple[tuple[str, ...], ...], tempo: int, meter: str, sound: str, pattern: str):
    """WAV bytes of a progression (cached: every rerun shows the same players)."""
    return audio.progression_to_wav([list(bar) for bar in bars], tempo, meter, sound, pattern)


def pick_section() -> None:
    st.session_state[appstate.SECTION] = st.session_state["chords_section"]


def section_picker(song, section: int) -> None:
    """The section the chords are for, shared with the sidebar's choice."""
    st.session_state["chords_section"] = section
    st.selectbox(
        "Section (the chords are for it, and Keep puts them there)",
        range(len(song.sections)),
        format_func=lambda i: section_name(song, i),
        key="chords_section",
        on_change=pick_section,
    )


def section_kind(song, model, section: int) -> str | None:
    """The kind of section the chords are for (verse, chorus...), when the model knows it."""
    if not song.sections:
        return None
    kind = song.sections[section].kind
    return kind if model.knows_section(kind) else None


def settings_form(song, model, section: int):
    """The chord settings; returns a ProgressionRequest when submitted."""
    styles = model.styles
    with st.form("chords_form", border=False):
        cols = st.columns(4)
        key = cols[0].selectbox(
            "Key", (MATCH_SONG, *KEY_NAMES), key="chords_key", accept_new_options=True
        )
        style = cols[1].selectbox("Style", styles, key="chords_style")
        bars = cols[2].number_input("Bars", 2, 32, 8, key="chords_bars")
        per_bar = cols[3].selectbox(
            "Chords per bar",
            RHYTHMS,
            format_func=lambda n: str(n) if n else "the model chooses",
            key="chords_per_bar",
        )
        cols = st.columns(4)
        cadence = cols[0].selectbox("Cadence", CADENCES, index=1, key="chords_cadence")
        surprise = cols[1].slider("Surprise", 0.2, 1.5, 0.9, 0.05, key="chords_surprise")
        count = cols[2].number_input("Candidates", 1, 16, 4, key="chords_count")
        tonic = cols[3].checkbox("Start on the tonic", True, key="chords_tonic")
        loop = cols[3].checkbox("Allow a loop", False, key="chords_loop")
        cols = st.columns(2)
        typed = cols[0].text_input(
            "Continue from (chords you have)", key="chords_from", placeholder="C | Am | F G"
        )
        lock_text = cols[1].text_input("Lock chords", key="chords_locks", placeholder="1=C 8=G7")
        if not st.form_submit_button("Generate", type="primary"):
            return None
    key_name = str(parse_key(song.key if key == MATCH_SONG else key))
    if typed.strip():
        parse_progression(typed)
    return chords.ProgressionRequest(
        key=key_name,
        style=style,
        bars=int(bars),
        chords_per_bar=int(per_bar),
        start_on_tonic=tonic,
        cadence=cadence,
        continue_from=typed.strip() or None,
        locks=parse_locks(lock_text, int(bars) * (int(per_bar) or 4)),
        candidates=int(count),
        temperature=float(surprise),
        allow_loop=loop,
        section=section_kind(song, model, section),
    )


def write_progressions(model, request) -> None:
    """New candidates for a submitted form, in place of the ones on screen."""
    st.session_state[appstate.CHORD_CANDIDATES] = chords.generate_progressions(
        model, request, _shared.fresh_seed()
    )
    st.session_state[REQUEST] = request
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


def regenerate_one(model, index: int) -> None:
    """A fresh candidate in place of one, different from every other on screen."""
    candidates = list(st.session_state[appstate.CHORD_CANDIDATES])
    request = replace(st.session_state[REQUEST], candidates=1)
    others = {tuple(map(tuple, c.bars())) for i, c in enumerate(candidates) if i != index}
    for _ in range(4):
        fresh = chords.generate_progressions(model, request, _shared.fresh_seed())[0]
        if tuple(map(tuple, fresh.bars())) not in others:
            break
    candidates[index] = fresh
    st.session_state[appstate.CHORD_CANDIDATES] = candidates
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


def keep(progression, song, section: int) -> None:
    song = appstate.save_current(appstate.keep_progression(song, section, progression.bars()))
    notice(f"Kept {len(progression.bars())} bars of chords in {section_name(song, section)}.")


def audition_controls(song) -> tuple[str, str]:
    """The sound and playing pattern every candidate's player uses."""
    cols = st.columns([1, 1, 2])
    sound = cols[0].segmented_control("Sound", SOUNDS, default=SOUNDS[0], key="chords_sound")
    pattern = cols[1].segmented_control("Pattern", PATTERNS, default="strum", key="chords_pattern")
    cols[2].caption(f"Played at the song's tempo: {song.tempo} bpm in {song.time_signature}.")
    return sound or SOUNDS[0], pattern or PATTERNS[0]


def show_candidate(model, index: int, progression, song, section: int, sound, pattern) -> None:
    """One candidate: chords over numerals, an audio player, probabilities, keep, regenerate."""
    st.markdown(f"**Candidate {index + 1}** · score {progression.score:.2f}")
    st.code(progression.chart(), language=None)
    bars = tuple(tuple(bar) for bar in progression.bars())
    st.audio(audition(bars, song.tempo, song.time_signature, sound, pattern), format="audio/wav")
    st.dataframe(  # how likely the model found each chord where it stands
        {
            "chord": [c.symbol for c in progression.chords],
            "probability": [float(c.probability) for c in progression.chords],
        },
        column_config={
            "chord": st.column_config.TextColumn(width="small"),
            "probability": st.column_config.ProgressColumn(
                "probability", min_value=0.0, max_value=1.0, format="percent"
            ),
        },
        hide_index=True,
        height=min(38 + 35 * len(progression.chords), 250),
    )
    with st.container(horizontal=True):  # side by side where they fit, wrapped where not
        keep_it = st.button("Keep", key=f"chords_keep_{index}", type="primary")
        again = st.button("Regenerate", key=f"chords_again_{index}", help="Just this one")
    try:
        if keep_it:
            keep(progression, song, section)
            st.rerun()
        if again:
            regenerate_one(model, index)
            st.rerun()
    except SongcraftError as err:
        st.error(plain(str(err)))


def show_candidates(model, candidates: list, song, section: int, sound, pattern) -> None:
    """The candidates side by side, a row of four at a time."""
    with st.container(key=f"chords_round_{st.session_state.get(ROUND, 0)}"):
        for start in range(0, len(candidates), COLUMNS):
            columns = st.columns(COLUMNS)
            for index in range(start, min(start + COLUMNS, len(candidates))):
                with columns[index - start].container(border=True, key=f"chords_cand_{index}"):
                    show_candidate(model, index, candidates[index], song, section, sound, pattern)
        # Last on the page: browser tests wait for it to know every candidate is shown.
        with st.container(key=f"chords_done_{st.session_state.get(ROUND, 0)}"):
            st.caption(plain(f"{len(candidates)} progressions in {candidates[0].key}."))
