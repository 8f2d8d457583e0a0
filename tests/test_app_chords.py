"""The Chords page in AppTest: every control, generate, audition, keep, regenerate one, bad input.

The real chord engine runs on a tiny untrained model built in code (its constraints hold
whatever the weights); a recording fake checks what the controls ask for; tests marked
`shipped` run the shipped chord model.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from unittest.mock import patch

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from app_fixtures import fixed_seeds, library_in_tmp, no_exception, open_page  # noqa: E402, F401

TONIC = {"I", "Imaj7", "I6", "Iadd9", "Imaj9", "I5"}  # the major tonic chords the engine may choose

from songcraft import appstate  # noqa: E402
from songcraft.chords import generate  # noqa: E402
from songcraft.chords.corpus import build_vocabulary  # noqa: E402
from songcraft.chords.model import untrained_model  # noqa: E402
from songcraft.chords.progfile import read_progressions  # noqa: E402
from songcraft.chords.progression import Progression, ProgressionChord  # noqa: E402
from songcraft.music.song import Section, Song  # noqa: E402

SAMPLE = """# style=pop section=verse
C major: C | Am | F | G
A minor: Am | F | C | G
C major: C G | Am F | C | G7
# style=rock section=chorus
G major: G | D | Em | C
E minor: Em | C | G | D
"""
TINY = untrained_model(build_vocabulary(read_progressions(SAMPLE).progressions), seed=3)


class FakeEngine:
    """Stands in for generate_progressions: a different progression each call, requests kept."""

    def __init__(self):
        self.requests: list[generate.ProgressionRequest] = []

    def __call__(self, model, request, seed):
        self.requests.append(request)
        n = len(self.requests)
        names = ["C", "Am", "F", "G", "Dm", "Em", "Bb", "E7"]
        return [
            Progression(
                request.key,
                [
                    ProgressionChord(names[(3 * n + i + b) % 8], "I", b, 0.0, 4.0, 0.5)
                    for b in range(request.bars)
                ],
                score=0.3,
            )
            for i in range(request.candidates)
        ]


@pytest.fixture(autouse=True)
def library(library_in_tmp):  # noqa: F811 - the fixture imported above
    """A library in a temp folder, and the tiny chord model wherever the model is loaded."""
    with patch("pages._shared.chord_model", lambda: TINY):
        yield library_in_tmp


@pytest.fixture
def fake():
    fake = FakeEngine()
    with patch("songcraft.chords.generate.generate_progressions", fake):
        yield fake


def shown(markdown: str) -> str:
    """An alert's text as the writer reads it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def run_page(song: Song | None = None) -> AppTest:
    song_id = appstate.get_store().create(song) if song else None
    at = open_page("chords", song_id)
    no_exception(at)
    return at


def submit(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Generate").click()
    at.run()
    no_exception(at)
    return at


def candidates(at: AppTest) -> list:
    key = appstate.CHORD_CANDIDATES
    return at.session_state[key] if key in at.session_state else []


def test_first_run_offers_the_form():
    at = run_page()
    keys = at.selectbox(key="chords_key").options
    assert keys[0] == "match the song" and len(keys) == 25 and "F# minor" in keys
    assert at.selectbox(key="chords_style").options == TINY.styles
    assert "Choose a key" in at.info[0].value


def test_generate_shows_chords_numerals_audio_and_probabilities():
    at = submit(run_page())
    shown = candidates(at)
    assert len(shown) == 4
    first = shown[0]
    rows = at.code[0].value.splitlines()
    assert rows[0].split("|")[1].strip() == first.chords[0].symbol
    assert rows[1].split("|")[1].strip() == first.chords[0].roman
    assert len(rows) == 5  # two rows of four bars: names over numerals, a blank between
    assert len(at.get("audio")) == 4 and len(at.dataframe) == 4
    frame = at.dataframe[0].value
    assert list(frame["chord"]) == [c.symbol for c in first.chords]
    assert all(0 <= p <= 1 for p in frame["probability"])
    assert first.chords[-1].roman in TONIC  # an authentic cadence by default
    assert "Candidate 4" in "".join(m.value for m in at.markdown)


def test_every_control_reaches_the_request(fake):
    at = run_page()
    at.selectbox(key="chords_key").set_value("A minor")
    at.selectbox(key="chords_style").set_value("rock")
    at.number_input(key="chords_bars").set_value(12)
    at.selectbox(key="chords_per_bar").set_value(2)
    at.selectbox(key="chords_cadence").set_value("plagal")
    at.slider(key="chords_surprise").set_value(1.2)
    at.number_input(key="chords_count").set_value(3)
    at.checkbox(key="chords_tonic").uncheck()
    at.checkbox(key="chords_loop").check()
    at.text_input(key="chords_from").set_value("Am | F")
    at.text_input(key="chords_locks").set_value("3=C, 24=E7")
    request = submit(at) and fake.requests[-1]
    assert (request.key, request.style, request.bars, request.chords_per_bar) == (
        "A minor",
        "rock",
        12,
        2,
    )
    assert (request.cadence, request.temperature, request.candidates) == ("plagal", 1.2, 3)
    assert (request.start_on_tonic, request.allow_loop) == (False, True)
    assert request.continue_from == "Am | F" and request.locks == {2: "C", 23: "E7"}
    assert request.section == "verse"  # the section the chords are for
    assert len(at.get("audio")) == 3


def test_match_the_song_uses_the_song_key(fake):
    submit(run_page(Song(title="Blue", key="Eb minor", sections=[Section("chorus")])))
    assert fake.requests[-1].key == "Eb minor" and fake.requests[-1].section == "chorus"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("chords_from", "C | H7", "German name for B"),
        ("chords_from", "C | Xmaj7 |", "is not a chord"),
        ("chords_from", "C | | G", "Bar 2 is empty"),
        ("chords_from", "C | Am | F | G | C | Am | F | G", "ask for more than 8 bars"),
        ("chords_locks", "C", "should be a position and a chord"),
        ("chords_locks", "40=C", "outside the progression"),
        ("chords_locks", "2=H7", "German name for B"),
        ("chords_locks", "8=F#", "authentic cadence"),
    ],
)
def test_bad_chords_show_a_clear_message(field, value, message):
    at = run_page()
    at.text_input(key=field).set_value(value)
    at = submit(at)
    assert at.error and message in shown(at.error[0].value), [shown(e.value) for e in at.error]
    assert not candidates(at)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"chords_from": "C | F", "chords_locks": "2=F"},
            "Chord 2 is one you typed (chords 1 to 2); lock chords after them.",
        ),
        (
            {"chords_from": "C | F", "chords_locks": "15=C", "chords_per_bar": 2},
            "Locked chord 15 is past the end: this progression holds chords 1 to 14.",
        ),
        (
            {"chords_locks": "3=G 4=G", "chords_per_bar": 2},
            "Chords 3 and 4 lock the same chord in one bar",
        ),
    ],
)
def test_lock_messages_count_chords_from_one(fields, message):
    at = run_page()
    for key, value in fields.items():
        widget = at.selectbox(key=key) if key == "chords_per_bar" else at.text_input(key=key)
        widget.set_value(value)
    at = submit(at)
    assert not at.exception
    assert at.error and message in shown(at.error[0].value), [shown(e.value) for e in at.error]
    assert not candidates(at)


def test_extended_chords_are_accepted():
    at = run_page()
    at.text_input(key="chords_from").set_value("Bbmaj13#11 | F/A")
    at = submit(at)
    assert not at.error
    shown_chords = [c.symbol for c in candidates(at)[0].chords[:2]]
    assert shown_chords == ["Bbmaj13#11", "F/A"]  # kept as typed, heard as Bbmaj13


def test_unknown_key_and_unlockable_rhythm_are_explained():
    at = run_page()
    box = at.selectbox(key="chords_key")
    box.options.append("J major")  # typed into the key box, as the browser sends it
    box.set_value("J major")
    at = submit(at)
    assert "'J major' is not a key" in shown(at.error[0].value)
    at = run_page()
    at.selectbox(key="chords_per_bar").set_value(0)
    at.text_input(key="chords_locks").set_value("2=F")
    at = submit(at)
    assert "fixed number of chords per bar" in shown(at.error[0].value)


def test_keep_puts_the_chords_into_the_chosen_section():
    song = Song(title="Two parts", sections=[Section("verse", "Verse 1"), Section("chorus")])
    at = run_page(song)
    at.selectbox(key="chords_section").set_value(1).run()
    assert at.session_state[appstate.SECTION] == 1
    at = submit(at)
    chosen = candidates(at)[2]
    at.button(key="chords_keep_2").click().run()
    no_exception(at)
    kept = at.session_state[appstate.SONG].sections[1]
    assert [c.symbol for line in kept.lines for c in line.chords] == [
        c.symbol for c in chosen.chords
    ]
    assert not at.session_state[appstate.SONG].sections[0].lines
    assert "Kept 8 bars of chords in 2. Chorus" in shown(at.success[0].value)
    stored = appstate.get_store().load(at.session_state[appstate.SONG_ID])
    assert stored.sections[1].lines == kept.lines  # autosaved


def test_regenerate_one_replaces_only_that_candidate(fake):
    at = submit(run_page())
    before = [p.bars() for p in candidates(at)]
    at.button(key="chords_again_1").click().run()
    no_exception(at)
    after = [p.bars() for p in candidates(at)]
    assert fake.requests[-1].candidates == 1
    assert after[0] == before[0] and after[2:] == before[2:] and after[1] != before[1]


def test_sound_and_pattern_choose_the_audition():
    calls = []

    def wav(bars, tempo, meter, sound, pattern):
        calls.append((tempo, meter, sound, pattern))
        return b"RIFF....WAVE"

    song = Song(title="Slow", tempo=72, time_signature="3/4", sections=[Section("verse")])
    with patch("songcraft.music.audition.progression_to_wav", wav):
        at = submit(run_page(song))
        (sound, pattern) = at.get("button_group")
        assert sound.value == "piano" and pattern.value == "strum"
        sound.set_value("pad").run()
        pattern.set_value("arpeggio").run()
    no_exception(at)
    assert (72, "3/4", "piano", "strum") in calls and calls[-1] == (72, "3/4", "pad", "arpeggio")
    assert len(at.get("audio")) == 4


def test_two_sessions_keep_their_own_candidates():
    one = submit(run_page())
    two = run_page()
    assert not candidates(two)
    assert len(candidates(one.run())) == 4


@pytest.mark.shipped
def test_shipped_model_writes_cadences_in_every_style():
    from songcraft.chords.generate import load_chord_model

    model = load_chord_model()
    with patch("pages._shared.chord_model", lambda: model):
        at = run_page()
        at.selectbox(key="chords_key").set_value("Bb major")
        at = submit(at)
    shown = candidates(at)
    # "Start on the tonic" and an authentic cadence are the defaults: any tonic chord qualifies
    assert len(shown) == 4 and all(p.chords[0].roman in TONIC for p in shown)
    assert all(p.chords[0].symbol.startswith("Bb") for p in shown)
    assert all(p.chords[-1].roman in TONIC for p in shown)
    assert len({tuple(map(tuple, p.bars())) for p in shown}) == 4
