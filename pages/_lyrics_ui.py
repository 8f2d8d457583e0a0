"""The Lyrics page's pieces: the model choice, the settings form, the candidates with their
locks and buttons, and the rhyme finder and syllable counter in the sidebar.

Candidates, the request that made them and the locked lines belong to this browser session
(the keys below, and appstate.LYRIC_CANDIDATES). Writer text reaches the screen through
st.text / st.code or escaped Markdown, never as HTML.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from pages import _shared  # fresh_seed called through the module: tests swap it
from pages._shared import notice, plain, section_name
from songcraft import appstate
from songcraft.errors import SongcraftError
from songcraft.lyrics import engine, phonetics, rhyme
from songcraft.lyrics.lexicon import tables_for

# Page-local session keys (only this page reads them; shared keys live in appstate).
REQUEST = "lyrics_request"  # LyricRequest that made the candidates on screen
TYPED = "lyrics_typed"  # str | None: the starting line typed for that request, kept with them
LOCKS = "lyrics_locks"  # dict[int, str]: line position -> text fixed for "regenerate the rest"
ROUND = "lyrics_round"  # int: bumped on every generation (candidate containers are keyed by it)
CLEAR_START = "lyrics_clear_start"  # bool: empty the starting-line box on the next run

SCHEMES = ("AABB", "ABAB", "ABCB", "AAAA", "free", "custom")
SYLLABLES = ("auto", "off", *range(3, 21))
SHIPPED_LABELS = {"lyrics-char": "Character (shipped)", "lyrics-word": "Word (shipped)"}
COLUMNS = 4  # candidates per row; more wrap onto the next row
CONTEXT_LINES = 40  # the section's last lines the model reads


@st.cache_resource(show_spinner=False)
def rhyme_dictionary() -> bool:
    """Build CMUdict's rhyme tables once, before any session generates.

    `pronouncing` fills its tables lazily on first use, and two sessions racing that first
    build see a half-filled dictionary; st.cache_resource lets one build while others wait.
    """
    rhyme.dictionary_index()
    return True


@st.cache_resource(show_spinner=False)
def word_tables(path: str, _model) -> bool:
    """Build a model's word and rhyme tables once, so no writer's first request waits for it."""
    tables_for(_model)
    return True


def build_tables(model, path: str) -> None:
    """The rhyme dictionary and the model's word tables, built once per process."""
    rhyme_dictionary()
    word_tables(path, model)


def choose_model(models: dict) -> str:
    """The lyric model picker (shipped and trained models); returns the chosen name."""
    names = list(models)
    chosen = st.session_state.get(appstate.LYRIC_MODEL)
    name = st.selectbox(
        "Model",
        names,
        index=names.index(chosen) if chosen in names else names.index("lyrics-word"),
        format_func=lambda n: SHIPPED_LABELS.get(n, f"{n} (trained)"),
        key="lyrics_model_choice",
    )
    st.session_state[appstate.LYRIC_MODEL] = name
    return name


def show_kept(song, section: int) -> list[str]:
    """The section's kept lines, shown locked; returns the last ones the model reads."""
    if not song.sections:
        return []
    kept = [line.text for line in song.sections[section].lines if line.text]
    if kept:
        where = plain(section_name(song, section))
        st.caption(f"Kept in {where} (locked; edit them on the Song page)")
        st.text("\n".join(kept))
    return kept[-CONTEXT_LINES:]


def bare(token: str) -> str:
    """A token as a rhyme word: lower case, no punctuation around it."""
    return "".join(ch for ch in token.lower() if ch.isalnum() or ch == "'").strip("'")


def highlighted(text: str, word: str | None) -> str:
    """The line as Markdown with its rhyme word (the last match) on an orange background."""
    tokens = [plain(token) for token in text.split(" ")]
    raw = text.split(" ")
    for index in range(len(raw) - 1, -1, -1):
        if word and bare(raw[index]) == bare(word):
            tokens[index] = f":orange-background[**{tokens[index]}**]"
            break
    return " ".join(tokens)


def set_lock(position: int, text: str, widget: str) -> None:
    """Checkbox callback: fix (or free) the line at `position` for "regenerate the rest".

    One line per position can be locked, so ticking it in one candidate clears the same
    position's box in the others.
    """
    locks = st.session_state.setdefault(LOCKS, {})
    if st.session_state[widget]:
        locks[position] = text
        prefix = widget.rsplit("_", 2)[0] + "_"  # lyrics_lock_<round>_
        for key in list(st.session_state):
            if key != widget and key.startswith(prefix) and key.endswith(f"_{position}"):
                st.session_state[key] = False
    elif locks.get(position) == text:
        del locks[position]


def store_candidates(candidates: list, request, typed: str | None) -> None:
    st.session_state[appstate.LYRIC_CANDIDATES] = candidates
    st.session_state[REQUEST] = request
    st.session_state[TYPED] = typed
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


def write_candidates(model, path: str, request, typed: str | None) -> None:
    """New candidates for a submitted form; the last round's locks no longer apply."""
    st.session_state[LOCKS] = {}
    build_tables(model, path)
    store_candidates(engine.generate_lyrics(model, request, _shared.fresh_seed()), request, typed)


def locked_tuple(request) -> tuple[str | None, ...]:
    locks = st.session_state.get(LOCKS, {})
    return tuple(locks.get(i) for i in range(request.lines_per_candidate))


def keep(candidate, song, section: int) -> None:
    """Keep the typed starting line and the candidate's lines at the end of the section."""
    typed = st.session_state.get(TYPED)
    lines = ([typed] if typed else []) + [line.text for line in candidate.lines]
    song = appstate.save_current(appstate.keep_lines(song, section, lines))
    st.session_state[appstate.LYRIC_CANDIDATES] = []
    st.session_state[LOCKS] = {}
    st.session_state[TYPED] = None
    st.session_state[CLEAR_START] = True
    notice(f"Kept {len(lines)} lines in {section_name(song, section)}.")


def show_candidate(model, index: int, candidate, round_number: int, song, section: int) -> None:
    """One candidate: highlighted lines, syllables, score, lock boxes and its buttons."""
    locks = st.session_state.get(LOCKS, {})
    st.markdown(f"**Candidate {index + 1}**")
    for position, line in enumerate(candidate.lines):
        st.markdown(highlighted(line.text, line.rhyme_word))
        partner = f" · rhymes with {plain(line.rhymes_with)}" if line.rhymes_with else ""
        st.caption(f"{line.syllables} syllables{partner}")
        widget = f"lyrics_lock_{round_number}_{index}_{position}"
        st.checkbox(
            f"Lock line {position + 1}",
            value=locks.get(position) == line.text,
            key=widget,
            on_change=set_lock,
            args=(position, line.text, widget),
        )
    st.caption(f"Score {candidate.score:.2f} (higher is likelier)")
    with st.container(horizontal=True):  # side by side where they fit, wrapped where not
        keep_it = st.button("Keep", key=f"lyrics_keep_{index}", type="primary")
        again = st.button("Regenerate", key=f"lyrics_again_{index}", help="Just this one")
    if keep_it:
        try:
            keep(candidate, song, section)
            st.rerun()
        except SongcraftError as err:
            st.error(plain(str(err)))
    if again:
        regenerate_one(model, index)
    with st.expander("Copy"):
        st.code("\n".join(line.text for line in candidate.lines), language=None)


def regenerate_one(model, index: int) -> None:
    candidates = list(st.session_state[appstate.LYRIC_CANDIDATES])
    request = replace(st.session_state[REQUEST], locked=locked_tuple(st.session_state[REQUEST]))
    others = candidates[:index] + candidates[index + 1 :]
    try:
        candidates[index] = engine.regenerate_one(model, request, others, _shared.fresh_seed())
    except SongcraftError as err:
        st.error(plain(str(err)))
        return
    store_candidates(candidates, request, st.session_state.get(TYPED))
    st.rerun()


def settings_form(model, context: list[str]):
    """The starting line and settings; returns (request, typed line) when submitted."""
    with st.form("lyrics_form", border=False):
        label = "Next line (optional: empty continues the section)" if context else "Starting line"
        typed = st.text_input(label, key="lyrics_start", placeholder="I left the light on")
        cols = st.columns(4)
        count = cols[0].number_input("Candidates", 1, 16, 4, key="lyrics_count")
        per = cols[1].number_input("Lines per candidate", 1, 8, 2, key="lyrics_lines")
        scheme = cols[2].selectbox("Rhyme scheme", SCHEMES, key="lyrics_scheme")
        custom = cols[3].text_input("Custom scheme", key="lyrics_custom", placeholder="AXAX")
        cols = st.columns(4)
        strictness = cols[0].radio("Rhyme", ("perfect", "slant"), key="lyrics_strictness")
        target = cols[1].selectbox("Syllables per line", SYLLABLES, key="lyrics_syllables")
        style = cols[2].selectbox("Style", model.styles, key="lyrics_style")
        heat = cols[3].slider("Temperature", 0.2, 1.5, 0.8, 0.05, key="lyrics_temperature")
        if not st.form_submit_button("Generate", type="primary"):
            return None
    request = engine.LyricRequest(
        lines=engine.writer_lines(context, typed),
        candidates=int(count),
        lines_per_candidate=int(per),
        rhyme_scheme=engine.chosen_scheme(scheme, custom),
        strictness=strictness,
        syllable_target=None if target == "off" else target,
        style=None if style == "any" else style,
        temperature=float(heat),
    )
    return request, typed.strip() or None


def sidebar_tools(model) -> None:
    """Rhyme finder and syllable counter, on the model's own vocabulary."""
    st.sidebar.subheader("Rhyme finder")
    word = st.sidebar.text_input("Rhymes for", key="lyrics_rhyme_word", max_chars=40)
    slant = st.sidebar.toggle("Slant rhymes too", key="lyrics_rhyme_slant")
    if word.strip():
        found = phonetics.find_rhymes(word.strip(), "slant" if slant else "perfect", model.lexicon)
        if found:
            st.sidebar.text(", ".join(found))
        else:
            st.sidebar.caption("No rhymes found for that word.")
    st.sidebar.subheader("Syllable counter")
    text = st.sidebar.text_area("Lines to count", key="lyrics_count_text", max_chars=5000)
    rows = phonetics.counted_lines(text)
    if rows:
        st.sidebar.text("\n".join(rows))


def regenerate_rest(model) -> None:
    """New candidates that keep the locked lines where they are."""
    request = st.session_state[REQUEST]
    request = replace(request, locked=locked_tuple(request))
    try:
        candidates = engine.generate_lyrics(model, request, _shared.fresh_seed())
    except SongcraftError as err:
        st.error(plain(str(err)))
        return
    store_candidates(candidates, request, st.session_state.get(TYPED))
    st.rerun()


def show_candidates(model, candidates: list, song, section: int) -> None:
    """The candidates side by side, a row of four at a time, with the locks above them."""
    round_number = st.session_state.get(ROUND, 0)
    with st.container(key=f"lyrics_round_{round_number}"):
        locks = st.session_state.get(LOCKS, {})
        if locks:
            if st.button("Regenerate the rest", key="lyrics_rest", type="primary"):
                regenerate_rest(model)
            st.caption(f"Locked lines: {', '.join(str(p + 1) for p in sorted(locks))}")
        for start in range(0, len(candidates), COLUMNS):
            columns = st.columns(COLUMNS)
            for index in range(start, min(start + COLUMNS, len(candidates))):
                with columns[index - start].container(border=True, key=f"lyrics_cand_{index}"):
                    show_candidate(model, index, candidates[index], round_number, song, section)
        # Last of them: browser tests and the benchmark wait for it to know all are shown.
        with st.container(key=f"lyrics_done_{round_number}"):
            st.caption(f"{len(candidates)} candidates; Keep adds the starting line and the lines.")
