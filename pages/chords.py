"""Chords: pick a key and a style, audition progressions side by side, keep one into a section.

The chord engine writes the progressions (songcraft.chords); each candidate is shown as chord
names over Roman numerals, voiced to audio at the song's tempo, with how likely the model
found each chord. Typed chords and keys are checked here first, so a typo gets a clear message.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import replace

import streamlit as st

from pages._shared import chord_model, notice, plain, section_name, show_notice
from songcraft import appstate
from songcraft.chords import generate as chords
from songcraft.chords.keys import KEY_NAMES, parse_key
from songcraft.chords.symbols import parse_chord, parse_progression
from songcraft.chords.tokens import section_token
from songcraft.errors import SongcraftError
from songcraft.music.audition import PATTERNS, progression_to_wav
from songcraft.music.synth import SOUNDS

# Page-local session keys (only this page reads them; shared keys live in appstate).
REQUEST = "chords_request"  # ProgressionRequest that made the candidates on screen
ROUND = "chords_round"  # int: bumped on every generation (candidate containers are keyed by it)

MATCH_SONG = "match the song"
CADENCES = ("any", "authentic", "half", "plagal", "deceptive")
RHYTHMS = (1, 2, 3, 4, 0)  # chords per bar; 0: the model chooses the harmonic rhythm
COLUMNS = 4  # candidates per row; more wrap onto the next row
_LOCK = re.compile(r"^(\d{1,3})\s*[=:]\s*(\S+)$")


def new_seed() -> int:
    return secrets.randbelow(2**31)


@st.cache_data(max_entries=256, show_spinner=False)
def audition(bars: tuple[tuple[str, ...], ...], tempo: int, meter: str, sound: str, pattern: str):
    """WAV bytes of a progression (cached: every rerun shows the same players)."""
    return progression_to_wav([list(bar) for bar in bars], tempo, meter, sound, pattern)


def parse_locks(text: str, positions: int) -> dict[int, str]:
    """Locks typed as `1=C 8=G7` (positions from 1) -> {0: "C", 7: "G7"}, checked."""
    locks: dict[int, str] = {}
    for item in re.split(r"[,;]\s*|\s+(?=\d)", text.strip()) if text.strip() else []:
        match = _LOCK.match(item.strip())
        if not match:
            raise SongcraftError(
                f"The lock '{item.strip()[:20]}' should be a position and a chord, like 3=Am."
            )
        position, symbol = int(match[1]), match[2]
        if not 1 <= position <= positions:
            raise SongcraftError(
                f"Lock position {position} is outside the progression: use 1 to {positions}."
            )
        parse_chord(symbol)  # a clear message for H7 and friends
        locks[position - 1] = symbol
    return locks


def aligned(progression, bars_per_row: int = 4) -> str:
    """Chord names over Roman numerals, bar by bar, in columns that line up (4 bars a row)."""
    names: dict[int, list[str]] = {}
    numerals: dict[int, list[str]] = {}
    for chord in progression.chords:
        names.setdefault(chord.bar, []).append(chord.symbol)
        numerals.setdefault(chord.bar, []).append(chord.roman)
    rows = []
    bars = sorted(names)
    for first in range(0, len(bars), bars_per_row):
        top, bottom = [], []
        for bar in bars[first : first + bars_per_row]:
            a, b = " ".join(names[bar]), " ".join(numerals[bar])
            width = max(len(a), len(b))
            top.append(a.ljust(width))
            bottom.append(b.ljust(width))
        rows.append("| " + " | ".join(top) + " |\n| " + " | ".join(bottom) + " |")
    return "\n\n".join(rows)


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


def section_kind(song, model, section: int) -> str | None:
    """The kind of section the chords are for (verse, chorus...), when the model knows it."""
    if not song.sections:
        return None
    kind = song.sections[section].kind
    return kind if section_token(kind) in model.vocab.index else None


def regenerate_one(model, index: int) -> None:
    """A fresh candidate in place of one, different from every other on screen."""
    candidates = list(st.session_state[appstate.CHORD_CANDIDATES])
    request = replace(st.session_state[REQUEST], candidates=1)
    others = {tuple(map(tuple, c.bars())) for i, c in enumerate(candidates) if i != index}
    for _ in range(4):
        fresh = chords.generate_progressions(model, request, new_seed())[0]
        if tuple(map(tuple, fresh.bars())) not in others:
            break
    candidates[index] = fresh
    st.session_state[appstate.CHORD_CANDIDATES] = candidates
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


def keep(progression, song, section: int) -> None:
    song = appstate.save_current(appstate.keep_progression(song, section, progression.bars()))
    notice(f"Kept {len(progression.bars())} bars of chords in {section_name(song, section)}.")


def show_candidate(model, index: int, progression, song, section: int, sound, pattern) -> None:
    """One candidate: chords over numerals, an audio player, probabilities, keep, regenerate."""
    st.markdown(f"**Candidate {index + 1}** · score {progression.score:.2f}")
    st.code(aligned(progression), language=None)
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


def pick_section() -> None:
    st.session_state[appstate.SECTION] = st.session_state["chords_section"]


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
    st.session_state["chords_section"] = section
    st.selectbox(
        "Section (the chords are for it, and Keep puts them there)",
        range(len(song.sections)),
        format_func=lambda i: section_name(song, i),
        key="chords_section",
        on_change=pick_section,
    )
try:
    request = settings_form(song, model, section)
    if request is not None:
        st.session_state[appstate.CHORD_CANDIDATES] = chords.generate_progressions(
            model, request, new_seed()
        )
        st.session_state[REQUEST] = request
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
except SongcraftError as err:
    st.error(plain(str(err)))

candidates = st.session_state.get(appstate.CHORD_CANDIDATES) or []
if not candidates:
    st.info("Choose a key and a style, then Generate to audition progressions.")
    st.stop()

cols = st.columns([1, 1, 2])
sound = cols[0].segmented_control("Sound", SOUNDS, default=SOUNDS[0], key="chords_sound")
pattern = cols[1].segmented_control("Pattern", PATTERNS, default="strum", key="chords_pattern")
cols[2].caption(f"Played at the song's tempo: {song.tempo} bpm in {song.time_signature}.")
with st.container(key=f"chords_round_{st.session_state.get(ROUND, 0)}"):
    for start in range(0, len(candidates), COLUMNS):
        columns = st.columns(COLUMNS)
        for index in range(start, min(start + COLUMNS, len(candidates))):
            with columns[index - start].container(border=True, key=f"chords_cand_{index}"):
                show_candidate(
                    model,
                    index,
                    candidates[index],
                    song,
                    section,
                    sound or SOUNDS[0],
                    pattern or PATTERNS[0],
                )
    # Last on the page: browser tests wait for it to know every candidate is shown.
    with st.container(key=f"chords_done_{st.session_state.get(ROUND, 0)}"):
        st.caption(plain(f"{len(candidates)} progressions in {candidates[0].key}."))
