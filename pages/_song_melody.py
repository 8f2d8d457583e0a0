"""The Song page's melody panel: set a section's lyrics to a few melodies, hear each, keep one.

Once the section has a melody, the writer can name bars of it to keep (counted from 1, as in
"1, 3-4"); the next melodies are written around them.

Candidates belong to this browser session (appstate.MELODY_CANDIDATES) and to the song and
section they were written for; changing either drops them.
"""

from __future__ import annotations

import copy

import streamlit as st

from pages import _shared  # fresh_seed called through the module: tests swap it
from pages._shared import errors_shown, melody_model, plain, render
from songcraft import appstate as app
from songcraft.errors import SongcraftError
from songcraft.music.song import Song

SONG_ERROR = "song_page_error"  # the Song page's own key: a refused edit, shown once
VOICES = ("auto", "soprano", "alto", "tenor", "baritone", "bass")  # melody.plan.VOICES
NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def note_names(notes) -> str:
    """A melody line as note names with octave, rests as "-"."""
    return " ".join(
        "-" if n.pitch is None else f"{NAMES[n.pitch % 12]}{n.pitch // 12 - 1}" for n in notes
    )


def section_only(song: Song, index: int) -> Song:
    """The song cut down to one section, to audition a melody quickly."""
    short = copy.deepcopy(song)
    short.sections = [short.sections[index]]
    short.sections[0].repeats = 1
    return short


def write_melodies(
    song: Song, index: int, voice: str, count: int, melisma: bool, keep: str = ""
) -> None:
    from songcraft.melody.generate import MelodyRequest, generate_melodies
    from songcraft.melody.locks import parse_locked_bars

    bars = parse_locked_bars(keep)
    request = MelodyRequest(candidates=int(count), voice=voice, melisma=melisma, locked_bars=bars)
    seed = _shared.fresh_seed()
    with st.spinner("Writing melodies..."):
        found = generate_melodies(melody_model(), song, index, request, seed)
    st.session_state[app.MELODY_CANDIDATES] = {
        "song_id": st.session_state[app.SONG_ID],
        "section": index,
        "candidates": found,
    }


def keep_melody(index: int, number: int) -> None:
    from songcraft.melody.generate import apply_melody

    offered = st.session_state.get(app.MELODY_CANDIDATES) or {}
    try:
        song = apply_melody(app.current_song(), index, offered["candidates"][number])
        app.save_current(song)
        st.session_state[app.MELODY_CANDIDATES] = None
        st.session_state[app.NOTICE] = f"Kept melody {number + 1} in {song.sections[index].title}."
    except (SongcraftError, KeyError, IndexError) as err:
        message = str(err) if isinstance(err, SongcraftError) else "write the melodies again"
        st.session_state[SONG_ERROR] = message


def show_candidates(song: Song, index: int) -> None:
    from songcraft.melody.generate import apply_melody

    offered = st.session_state.get(app.MELODY_CANDIDATES) or {}
    fresh = offered.get("song_id") == st.session_state.get(app.SONG_ID)
    if not fresh or offered.get("section") != index:
        return
    for number, candidate in enumerate(offered["candidates"]):
        with st.container(border=True), errors_shown():
            st.caption(f"Melody {number + 1} · typicality {candidate.score:.2f} per note")
            st.text("\n".join(note_names(notes) for notes in candidate.lines))
            heard = section_only(apply_melody(song, index, candidate), index)
            st.audio(render("wav", heard.to_json())[0], format="audio/wav")
            st.button(
                "Use this melody",
                key=f"melody:keep:{number}",
                on_click=keep_melody,
                args=(index, number),
            )


def melody_panel(song: Song) -> None:
    """Controls and candidates for the section chosen in the sidebar."""
    st.subheader("Melody")
    if not song.sections:
        st.info("Add a section with lyrics to write a melody for it.")
        return
    index = min(st.session_state.get(app.SECTION, 0), len(song.sections) - 1)
    st.caption(
        plain(f"For {index + 1}. {song.sections[index].title} (choose the section in the sidebar)")
    )
    voice, count, melisma = st.columns(3, vertical_alignment="bottom")
    voice = voice.selectbox("Voice", VOICES, key="melody_voice")
    count = count.number_input("Melodies", 1, 8, 3, key="melody_count")
    melisma = melisma.checkbox("Let the last syllable take two notes", key="melody_melisma")
    keep = ""
    if any(line.melody for line in song.sections[index].lines):
        keep = st.text_input(
            "Bars to keep",
            key="melody_keep",
            placeholder="e.g. 1, 3-4",
            help="Bars of this section's melody to keep as they are, counted from 1. "
            "The rest is written again.",
        )
    if st.button("Write melodies", icon=":material/music_note:"):
        with errors_shown():
            write_melodies(song, index, voice, count, melisma, keep)
    show_candidates(song, index)
