"""The Song page's pieces: the song's fields, the section and line editors, the edits they
make, playback and downloads, and the ChordPro import.

Every edit runs in a widget callback on a copy of the song and is saved at once; an edit the
song refuses is kept under SONG_ERROR and shown once on the next run.
"""

import copy

import streamlit as st

from pages._shared import EXPORTS, errors_shown, export_file, log, plain, render
from pages._song_melody import SONG_ERROR
from songcraft import appstate as app
from songcraft.errors import SongcraftError
from songcraft.music.song import SECTION_KINDS, Line, Section, Song

MAJOR = "C Db D Eb E F F# Gb G Ab A Bb B".split()  # spelled as writers read them
MINOR = "C C# D D# Eb E F F# G G# A Bb B".split()
KEYS = [f"{t} major" for t in MAJOR] + [f"{t} minor" for t in MINOR]
METERS = ["4/4", "3/4", "6/8", "2/4", "12/8", "2/2"]


def edit(change, *args, refresh: bool = False) -> None:
    """Apply `change(song, *args)` to a copy of the song and save it; refusals are shown."""
    try:
        song = copy.deepcopy(app.current_song())
        changed = change(song, *args)
        song = changed if isinstance(changed, Song) else song
        song.validate(for_export=False)
        app.save_current(song, refresh_inputs=refresh)
    except SongcraftError as err:
        st.session_state[SONG_ERROR] = str(err)
    except Exception:  # callbacks run before the page, outside its error guard
        log.exception("unexpected error in a Song page edit")
        st.session_state[SONG_ERROR] = "That edit could not be made; your song is unchanged."


def set_field(song, field, key):
    value = st.session_state[key]
    setattr(song, field, int(value) if field == "tempo" else value)


def set_section(song, index, field, key):
    setattr(song.sections[index], field, st.session_state[key])


def set_line(song, index, line, text_key, chords_key):
    texts = st.session_state[text_key], st.session_state[chords_key]
    return app.edit_line(song, index, line, *texts)


def add_section(song, kind):
    count = sum(1 for s in song.sections if s.kind == kind) + 1
    song.sections.append(Section(kind, f"{kind.title()} {count}", [Line()]))
    st.session_state[app.SECTION] = len(song.sections) - 1


def add_line(song, index):
    song.sections[index].lines.append(Line())


def remove_line(song, index, number):
    del song.sections[index].lines[number]


def move_section(song, index, step):
    sections = song.sections
    other = index + step
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]


def remove_section(song, index):
    del song.sections[index]
    st.session_state[app.SECTION] = 0


def import_chordpro(key):
    upload = st.session_state.get(key)
    if upload is None:
        st.session_state[SONG_ERROR] = "choose a ChordPro file first"
        return
    try:
        from songcraft.store import songs_from_file

        (song,) = songs_from_file(upload.getvalue(), upload.name)
        app.new_song(song)
        st.session_state[app.NOTICE] = f"Opened {upload.name} as a new song."
    except SongcraftError as err:
        st.session_state[SONG_ERROR] = str(err)


def song_fields(song, rev):
    """Title, writer, key, tempo and meter, each saved as it changes."""
    title, writer = st.columns(2)
    title.text_input(
        "Title",
        song.title,
        key=f"{rev}:title",
        max_chars=400,
        on_change=edit,
        args=(set_field, "title", f"{rev}:title"),
    )
    writer.text_input(
        "Writer",
        song.writer,
        key=f"{rev}:writer",
        max_chars=400,
        on_change=edit,
        args=(set_field, "writer", f"{rev}:writer"),
    )
    key, tempo, meter = st.columns(3)
    keys = KEYS if song.key in KEYS else [song.key, *KEYS]
    key.selectbox(
        "Key",
        keys,
        keys.index(song.key),
        key=f"{rev}:key",
        on_change=edit,
        args=(set_field, "key", f"{rev}:key"),
    )
    tempo.number_input(
        "Tempo (beats a minute)",
        20,
        400,
        song.tempo,
        key=f"{rev}:tempo",
        on_change=edit,
        args=(set_field, "tempo", f"{rev}:tempo"),
    )
    meters = METERS if song.time_signature in METERS else [song.time_signature, *METERS]
    meter.selectbox(
        "Meter",
        meters,
        meters.index(song.time_signature),
        key=f"{rev}:meter",
        on_change=edit,
        args=(set_field, "time_signature", f"{rev}:meter"),
    )


def section_editor(song, index, rev):
    """One section: kind, label, plays, move and delete buttons, then its lines."""
    section, tag = song.sections[index], f"{rev}:s{index}"
    with st.container(border=True):
        kind, label, repeats, tools = st.columns([2, 3, 2, 3], vertical_alignment="bottom")
        kind.selectbox(
            "Section",
            SECTION_KINDS,
            SECTION_KINDS.index(section.kind),
            key=f"{tag}:kind",
            on_change=edit,
            args=(set_section, index, "kind", f"{tag}:kind"),
        )
        label.text_input(
            "Label",
            section.label,
            key=f"{tag}:label",
            max_chars=400,
            on_change=edit,
            args=(set_section, index, "label", f"{tag}:label"),
        )
        repeats.number_input(
            "Plays",
            1,
            16,
            section.repeats,
            key=f"{tag}:repeats",
            on_change=edit,
            args=(set_section, index, "repeats", f"{tag}:repeats"),
        )
        up, down, drop = tools.columns(3)
        up.button(
            "↑",
            key=f"{tag}:up",
            help="Move earlier",
            disabled=index == 0,
            on_click=edit,
            args=(move_section, index, -1),
            kwargs={"refresh": True},
        )
        down.button(
            "↓",
            key=f"{tag}:down",
            help="Move later",
            disabled=index == len(song.sections) - 1,
            on_click=edit,
            args=(move_section, index, 1),
            kwargs={"refresh": True},
        )
        drop.button(
            "✕",
            key=f"{tag}:drop",
            help="Delete this section (the library keeps the earlier version)",
            on_click=edit,
            args=(remove_section, index),
            kwargs={"refresh": True},
        )
        for number, line in enumerate(section.lines):
            line_editor(song, index, number, line, tag)
        st.button(
            "Add a line",
            key=f"{tag}:addline",
            on_click=edit,
            kwargs={"refresh": True},
            args=(add_line, index),
        )


def line_editor(song, index, number, line, tag):
    """One line's lyric and chord line, and a button that deletes it."""
    key = f"{tag}:l{number}"
    text, chords, drop = st.columns([6, 4, 1], vertical_alignment="bottom")
    shown = "visible" if number == 0 else "collapsed"
    args = (set_line, index, number, f"{key}:text", f"{key}:chords")
    text.text_input(
        "Lyric",
        line.text,
        key=f"{key}:text",
        max_chars=400,
        label_visibility=shown,
        on_change=edit,
        args=args,
    )
    chords.text_input(
        "Chords (bars split by |, . holds)",
        app.format_bars(line.chords, song.beats_per_bar),
        key=f"{key}:chords",
        label_visibility=shown,
        on_change=edit,
        args=args,
    )
    drop.button(
        "✕",
        key=f"{key}:drop",
        help="Delete this line",
        on_click=edit,
        args=(remove_line, index, number),
        kwargs={"refresh": True},
    )


def listen_and_download(song):
    """Play, download and preview the song once it is complete enough to export."""
    try:
        song.validate(for_export=True)
        if not any(section.lines for section in song.sections):
            raise SongcraftError("the song has no lines yet: add a line or keep some lyrics")
    except SongcraftError as err:
        st.info(plain(f"Downloads and playback need a complete song: {err}"))
        return
    if st.button("Play the song", icon=":material/play_arrow:"):
        with errors_shown(), st.spinner("Rendering the audio..."):
            st.audio(render("wav", song.to_json())[0], format="audio/wav", autoplay=True)
    stem, columns, body = app.file_stem(song.title), st.columns(len(EXPORTS)), song.to_json()
    for column, (label, fmt) in zip(columns, EXPORTS.items(), strict=True):
        suffix, mime = export_file(fmt)
        column.download_button(
            label,
            lambda f=fmt: render(f, body)[0],  # made only when the writer clicks
            file_name=stem + suffix,
            mime=mime,
            key=f"download:{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )
    if st.toggle("Preview the lead sheet", value=True, key="show_lead_sheet"):
        with errors_shown(), st.spinner("Engraving the lead sheet..."):
            for page in render("svg", body):
                st.image(page.decode("utf-8"), width="stretch")


def new_section() -> None:
    """A kind of section and the button that adds one at the end of the song."""
    add_kind, add = st.columns([3, 1], vertical_alignment="bottom")
    kind = add_kind.selectbox("New section", SECTION_KINDS, key="new_section_kind")
    add.button("Add section", on_click=edit, args=(add_section, kind), kwargs={"refresh": True})


def chordpro_import() -> None:
    """Open a ChordPro file as a new song."""
    with st.expander("Import a ChordPro file"):
        st.file_uploader(
            "ChordPro file",
            type=["cho", "chordpro", "chopro", "crd", "pro", "txt"],
            key="chordpro_upload",
        )
        st.button("Open as a new song", on_click=import_chordpro, args=("chordpro_upload",))
