"""The Lyrics page in AppTest: every control, generate, keep, regenerate one, lock, bad input.

Most tests patch the engine with a small fake that records its requests; the bad-input tests
run the real engine on a tiny untrained model (validation happens before any decoding), and
a few tests marked `shipped` run the real shipped models. Ten sessions generating at once are
tested against the real server in tests/e2e (AppTest instances share one runtime, so they
cannot run in threads).
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
from lyrics_fixtures import tiny_model  # noqa: E402

from songcraft import appstate  # noqa: E402
from songcraft.lyrics import engine, phonetics  # noqa: E402
from songcraft.lyrics.engine import Candidate, CandidateLine  # noqa: E402

TINY = tiny_model("word")
LINE = "I left the light on in the hall"


class FakeEngine:
    """Stands in for generate_lyrics: numbered candidates, every request recorded."""

    def __init__(self, text: str = "the night is {i} and {r} the light"):
        self.text = text
        self.requests: list[engine.LyricRequest] = []

    def __call__(self, model, request, seed=0):
        engine.validate(request)
        self.requests.append(request)
        number = len(self.requests)
        return [
            Candidate(
                [
                    CandidateLine(
                        request.locked[j]
                        if j < len(request.locked) and request.locked[j]
                        else self.text.format(i=i, r=number) + f" {j}",
                        "light",
                        "night" if j else None,
                        8,
                    )
                    for j in range(request.lines_per_candidate)
                ],
                score=-1.5 - i / 10,
            )
            for i in range(request.candidates)
        ]


@pytest.fixture(autouse=True)
def library(library_in_tmp):  # noqa: F811 - the fixture imported above
    """A library in a temp folder, and the tiny model wherever a lyric model is loaded."""
    with patch("pages._shared.lyric_model", lambda path: TINY):
        yield library_in_tmp


@pytest.fixture
def fake():
    fake = FakeEngine()
    with patch("songcraft.lyrics.engine.generate_lyrics", fake):
        yield fake


def shown(markdown: str) -> str:
    """An alert's text as the writer reads it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def run_page() -> AppTest:
    """The app opened on the Lyrics page, as a new browser session would."""
    at = open_page("lyrics")
    no_exception(at)
    return at


def submit(at: AppTest, line: str = "I left the porch light on for you") -> AppTest:
    at.text_input(key="lyrics_start").set_value(line)
    next(b for b in at.button if b.label == "Generate").click()
    at.run()
    no_exception(at)
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts + [t.value for t in at.text] + [c.value for c in at.code])


def shown_candidates(at: AppTest) -> list:
    key = appstate.LYRIC_CANDIDATES
    return at.session_state[key] if key in at.session_state else []


def song_lines(at: AppTest) -> list[str]:
    song = at.session_state[appstate.SONG]
    return [line.text for line in song.sections[0].lines]


def test_first_run_offers_the_form():
    at = run_page()
    assert at.text_input(key="lyrics_start").label == "Starting line"
    assert "Type a starting line" in at.info[0].value
    assert at.selectbox(key="lyrics_model_choice").value == "lyrics-word"


def test_generate_shows_candidates_side_by_side(fake):
    at = submit(run_page())
    assert len(fake.requests) == 1
    assert fake.requests[0].lines == ("I left the porch light on for you",)
    shown = texts(at)
    for i in range(4):
        assert f"Candidate {i + 1}" in shown
    assert "8 syllables" in shown and "rhymes with night" in shown and "Score -1.50" in shown
    assert ":orange-background[**light**]" in shown  # the rhyme word is highlighted
    assert len(at.get("expander")) == 4  # a copy box per candidate
    assert "The night is 0 and 1 the light 0".lower() in at.code[0].value.lower()


def test_every_control_reaches_the_request(fake):
    at = run_page()
    at.number_input(key="lyrics_count").set_value(3)
    at.number_input(key="lyrics_lines").set_value(4)
    at.selectbox(key="lyrics_scheme").set_value("ABAB")
    at.radio(key="lyrics_strictness").set_value("slant")
    at.selectbox(key="lyrics_syllables").set_value(9)
    at.selectbox(key="lyrics_style").set_value("folk")
    at.slider(key="lyrics_temperature").set_value(1.1)
    at = submit(at)
    request = fake.requests[-1]
    assert (request.candidates, request.lines_per_candidate) == (3, 4)
    assert (request.rhyme_scheme, request.strictness) == ("ABAB", "slant")
    assert (request.syllable_target, request.style, request.temperature) == (9, "folk", 1.1)
    assert "Candidate 3" in texts(at) and "Candidate 4" not in texts(at)


@pytest.mark.parametrize(
    ("scheme", "custom", "syllables", "expected"),
    [("free", "", "off", (None, None)), ("custom", "abba", "auto", ("abba", "auto"))],
)
def test_free_and_custom_schemes(fake, scheme, custom, syllables, expected):
    at = run_page()
    at.selectbox(key="lyrics_scheme").set_value(scheme)
    at.text_input(key="lyrics_custom").set_value(custom)
    at.selectbox(key="lyrics_syllables").set_value(syllables)
    submit(at)
    assert (fake.requests[-1].rhyme_scheme, fake.requests[-1].syllable_target) == expected


@pytest.mark.parametrize(
    ("line", "scheme", "message"),
    [
        ("", "AABB", "Type a starting line first"),
        ("    ", "AABB", "only spaces"),
        ("?!... ---", "AABB", "no words"),
        ("🎸🔥🎶", "AABB", "no words"),
        ("Привет, как дела", "AABB", "English"),
        ("一二三四五", "AABB", "English"),
        ("la " * 3334, "AABB", "characters long"),
        ("I left the light on", "custom:AXB1", "rhyme scheme 'AXB1'"),
        ("I left the light on", "custom:", "custom rhyme scheme"),
    ],
)
def test_bad_input_shows_a_clear_message(line, scheme, message):
    at = run_page()
    if scheme.startswith("custom:"):
        at.selectbox(key="lyrics_scheme").set_value("custom")
        at.text_input(key="lyrics_custom").set_value(scheme.split(":", 1)[1])
    at = submit(at, line)
    assert not at.exception
    assert at.error and message in shown(at.error[0].value)
    assert not shown_candidates(at)


def test_keep_adds_the_typed_line_and_the_candidate_to_the_section(fake):
    at = submit(run_page())
    at.button(key="lyrics_keep_1").click().run()
    assert not at.exception
    assert song_lines(at) == [
        "I left the porch light on for you",
        "the night is 1 and 1 the light 0",
        "the night is 1 and 1 the light 1",
    ]
    assert "Kept 3 lines in 1. Verse 1" in shown(at.success[0].value)
    assert at.text_input(key="lyrics_start").value == ""
    assert "Kept in 1. Verse 1" in shown(texts(at))  # shown as locked context
    # The next Generate continues from the section's lines, with the box left empty.
    next(b for b in at.button if b.label == "Generate").click()
    at.run()
    assert fake.requests[-1].lines[-1] == "the night is 1 and 1 the light 1"
    stored = appstate.get_store().load(at.session_state[appstate.SONG_ID])
    assert [line.text for line in stored.sections[0].lines] == song_lines(at)  # autosaved


def test_regenerate_one_replaces_only_that_candidate(fake):
    at = submit(run_page())
    before = [c.lines[0].text for c in at.session_state[appstate.LYRIC_CANDIDATES]]
    at.button(key="lyrics_again_2").click().run()
    assert not at.exception
    request = fake.requests[-1]
    assert request.candidates == 1 and len(request.avoid) == 3
    after = [c.lines[0].text for c in at.session_state[appstate.LYRIC_CANDIDATES]]
    assert after[:2] == before[:2] and after[3] == before[3] and after[2] != before[2]


def test_lock_a_line_then_regenerate_the_rest(fake):
    at = submit(run_page())
    locked_text = at.session_state[appstate.LYRIC_CANDIDATES][1].lines[0].text
    at.checkbox(key="lyrics_lock_1_0_0").check().run()
    at.checkbox(key="lyrics_lock_1_1_0").check().run()  # the same position in another one
    assert not at.exception
    assert "Locked lines: 1" in texts(at)
    assert not at.checkbox(key="lyrics_lock_1_0_0").value  # one lock per position
    at.button(key="lyrics_rest").click().run()
    assert not at.exception
    assert fake.requests[-1].locked == (locked_text, None)
    for candidate in at.session_state[appstate.LYRIC_CANDIDATES]:
        assert candidate.lines[0].text == locked_text
        assert candidate.lines[1].text != locked_text
    round_number = at.session_state["lyrics_round"]
    assert at.checkbox(key=f"lyrics_lock_{round_number}_3_0").value  # still shown locked
    at.checkbox(key=f"lyrics_lock_{round_number}_3_0").uncheck().run()
    assert not at.exception and not at.session_state["lyrics_locks"]


def test_writer_text_is_never_markup():
    nasty = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) $x$ :smile:"
    fake = FakeEngine(text=nasty + " {i}{r}")
    with patch("songcraft.lyrics.engine.generate_lyrics", fake):
        at = submit(run_page(), "I left the light on")
    assert not at.exception
    for element in at.markdown:
        assert not element.proto.allow_html
        assert "<script>" not in element.value and "**bold**" not in element.value
        assert "](javascript" not in element.value and ":smile:" not in element.value
    assert nasty in at.code[0].value  # the copy box holds the text as it is


def test_models_offered_include_trained_ones_and_a_broken_one_is_explained(library):
    from songcraft.errors import BundleError

    def load(path):
        if "mine" in path:
            raise BundleError(f"{path}/weights.npz is missing.")
        return TINY

    models = {"lyrics-char": Path("c"), "lyrics-word": Path("w"), "mine": Path("/x/mine")}
    with (
        patch("pages._shared.lyric_model", load),
        patch("songcraft.appstate.list_lyric_models", lambda: models),
    ):
        at = run_page()
        box = at.selectbox(key="lyrics_model_choice")
        assert box.options == ["Character (shipped)", "Word (shipped)", "mine (trained)"]
        box.set_value("mine").run()
    assert not at.exception
    assert "weights.npz is missing" in shown(at.error[0].value) and "Train page" in shown(
        at.error[0].value
    )
    assert at.session_state[appstate.LYRIC_MODEL] == "mine"


def test_sidebar_rhyme_finder_and_syllable_counter():
    at = run_page()
    at.sidebar.text_input(key="lyrics_rhyme_word").set_value("night").run()
    rhymes = at.sidebar.text[-1].value.split(", ")
    assert "light" in rhymes and all(phonetics.rhymes_with(w, "night") for w in rhymes)
    at.sidebar.toggle(key="lyrics_rhyme_slant").set_value(True).run()
    assert "light" in at.sidebar.text[-1].value
    at.sidebar.text_input(key="lyrics_rhyme_word").set_value("🎸").run()
    assert "No rhymes found" in at.sidebar.caption[-1].value
    at.sidebar.text_area(key="lyrics_count_text").set_value("I left the light on\n\nfire").run()
    assert not at.exception
    counted = at.sidebar.text[-1].value.splitlines()
    assert counted[0].split() == ["5", "I", "left", "the", "light", "on"]
    assert counted[1].split()[0] == "1-2"  # fire: one or two syllables


def test_the_real_engine_on_a_tiny_model():
    at = run_page()
    at.number_input(key="lyrics_count").set_value(2)
    at = submit(at, "I left the porch light on for you")
    candidates = at.session_state[appstate.LYRIC_CANDIDATES]
    assert len(candidates) == 2 and all(len(c.lines) == 2 for c in candidates)
    first = candidates[0].lines[0]
    assert phonetics.rhymes_with(first.rhyme_word, "you")


def test_two_sessions_never_share_song_or_candidates(fake):
    one = submit(run_page())
    mine = [c.lines[0].text for c in shown_candidates(one)]
    two = run_page()
    assert not shown_candidates(two) and "Candidate 1" not in texts(two)
    submit(two, "the city rain is falling down")
    assert [c.lines[0].text for c in shown_candidates(two)] != mine
    one.run()
    assert [c.lines[0].text for c in shown_candidates(one)] == mine
    one.button(key="lyrics_keep_0").click().run()
    assert len(song_lines(one)) == 3
    assert song_lines(two) == []  # the other session's song object is untouched
    assert shown_candidates(two) and not shown_candidates(one)


@pytest.mark.shipped
@pytest.mark.parametrize("level", ["word", "char"])
def test_shipped_models_write_rhyming_lines(level):
    from songcraft.lyrics.model import load_shipped

    model = load_shipped(level)
    with patch("pages._shared.lyric_model", lambda path: model):
        at = run_page()
        at.selectbox(key="lyrics_model_choice").set_value(f"lyrics-{level}").run()
        at = submit(at, LINE)
    candidates = at.session_state[appstate.LYRIC_CANDIDATES]
    assert len(candidates) == 4
    for candidate in candidates:  # AABB after one line: the first new line closes the couplet
        first, second = candidate.lines
        assert first.rhymes_with == "hall" and phonetics.rhymes_with(first.rhyme_word, "hall")
        assert phonetics.fits_syllables(first.text, phonetics.syllable_count(LINE))
        assert second.text and second.rhymes_with is None
