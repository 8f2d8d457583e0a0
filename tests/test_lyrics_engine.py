"""The lyric decoder against tiny untrained models: constraints hold whatever the weights."""

from __future__ import annotations

import pytest
from lyrics_fixtures import tiny_model

from songcraft.errors import SongcraftError
from songcraft.lyrics import phonetics
from songcraft.lyrics.engine import LyricRequest, generate_lyrics, regenerate_one
from songcraft.lyrics.guards import has_loop, line_words


@pytest.fixture(scope="module", params=["word", "char"])
def model(request):
    return tiny_model(request.param)


def _request(**kw) -> LyricRequest:
    base = dict(
        lines=("I left the porch light on for you",),
        candidates=4,
        lines_per_candidate=4,
        rhyme_scheme="AABB",
    )
    return LyricRequest(**{**base, **kw})


@pytest.mark.parametrize("scheme", ["AABB", "ABAB", "ABCB", "AAAA"])
def test_rhyme_and_syllables_always_hold(model, scheme):
    request = _request(rhyme_scheme=scheme, syllable_target=8)
    for cand in generate_lyrics(model, request, seed=3):
        assert len(cand.lines) == 4
        for line in cand.lines:
            assert phonetics.fits_syllables(line.text, 8), line.text
            if line.rhymes_with:
                assert phonetics.rhymes_with(line.rhyme_word, line.rhymes_with), line
        words = [w for line in cand.lines for w in line_words(line.text)]
        assert not has_loop(words)
        assert not any(model.copy_guard.copies(line.text) for line in cand.lines)


def test_partners_follow_the_scheme(model):
    cands = generate_lyrics(model, _request(rhyme_scheme="AABB"), seed=1)
    for cand in cands:
        partners = [line.rhymes_with for line in cand.lines]
        assert partners[0] == "you"
        assert partners[1] is None
        assert partners[2] == cand.lines[1].rhyme_word
        assert partners[3] is None


def test_candidates_distinct_and_deterministic(model):
    first = generate_lyrics(model, _request(candidates=6), seed=7)
    again = generate_lyrics(model, _request(candidates=6), seed=7)
    assert [c.lines for c in first] == [c.lines for c in again]
    texts = [tuple(line.text for line in c.lines) for c in first]
    assert len(set(texts)) == len(texts)
    assert all(c.score < 0 for c in first)


def test_locked_lines_and_regenerate_one(model):
    request = _request(locked=(None, "We sang until the morning came"))
    cands = generate_lyrics(model, request, seed=2)
    assert all(c.lines[1].text == "We sang until the morning came" for c in cands)
    one = regenerate_one(model, request, cands, seed=9)
    assert tuple(x.text for x in one.lines) not in {tuple(x.text for x in c.lines) for c in cands}


def test_slant_and_free(model):
    for cand in generate_lyrics(model, _request(rhyme_scheme=None, syllable_target=None), seed=4):
        assert all(line.rhymes_with is None for line in cand.lines)
    for cand in generate_lyrics(model, _request(strictness="slant"), seed=5):
        for line in cand.lines:
            if line.rhymes_with:
                assert phonetics.rhymes_with(line.rhyme_word, line.rhymes_with, "slant")


def test_writer_word_outside_the_vocabulary_still_rhymes(model):
    request = _request(
        lines=("We drove all night to see Jaxon",), lines_per_candidate=1, strictness="slant"
    )
    for cand in generate_lyrics(model, request, seed=0):
        line = cand.lines[0]
        assert phonetics.rhymes_with(line.rhyme_word, "jaxon", "slant")


@pytest.mark.parametrize(
    "kw, message",
    [
        (dict(lines=("",)), "empty"),
        (dict(lines=("   ",)), "empty"),
        (dict(lines=("!!! ...",)), "no words"),
        (dict(lines=("\U0001f3b8\U0001f3b6",)), "no words"),
        (dict(lines=("Привет мой друг",)), "English"),
        (dict(lines=("la " * 3400,)), "characters long"),
        (dict(rhyme_scheme="AXB1"), "scheme"),
        (dict(candidates=0), "1 to 16"),
        (dict(candidates=500), "1 to 16"),
        (dict(lines_per_candidate=9), "1 to 8"),
        (dict(syllable_target=0), "out of range"),
        (dict(syllable_target=99), "out of range"),
        (dict(strictness="loose"), "strictness"),
        (dict(temperature=0), "Temperature"),
    ],
)
def test_bad_input_gets_a_clear_message(model, kw, message):
    with pytest.raises(SongcraftError, match=message):
        generate_lyrics(model, _request(**kw), seed=0)


def test_unknown_style_is_named(model):
    with pytest.raises(SongcraftError, match="Unknown style 'polka'"):
        generate_lyrics(model, _request(style="polka"), seed=0)


def test_a_word_nothing_rhymes_with_is_named(model):
    with pytest.raises(SongcraftError, match="No word rhymes with 'orange'"):
        generate_lyrics(model, _request(lines=("I peeled an orange",)), seed=0)
