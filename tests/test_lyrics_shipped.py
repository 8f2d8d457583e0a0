"""The shipped lyric bundles load on their own and write rhyming, fitting lines."""

from __future__ import annotations

import pytest

from songcraft.lyrics import phonetics
from songcraft.lyrics.engine import LyricRequest, generate_lyrics
from songcraft.lyrics.model import load_shipped

pytestmark = pytest.mark.shipped


@pytest.mark.parametrize("level", ["char", "word"])
def test_shipped_bundle_writes_rhyming_lines(level):
    model = load_shipped(level)
    assert model.metrics["evaluation"]["lstm"]
    request = LyricRequest(
        lines=("I left the porch light on for you",),
        candidates=4,
        lines_per_candidate=4,
        rhyme_scheme="AABB",
        style="folk",
    )
    cands = generate_lyrics(model, request, seed=11)
    assert len({tuple(line.text for line in c.lines) for c in cands}) == 4
    for cand in cands:
        assert cand.lines[0].rhymes_with == "you"
        for line in cand.lines:
            assert phonetics.fits_syllables(line.text, 8)
            if line.rhymes_with:
                assert phonetics.rhymes_with(line.rhyme_word, line.rhymes_with)


@pytest.mark.parametrize("level", ["char", "word"])
def test_shipped_models_beat_their_ngram_baselines(level):
    figures = load_shipped(level).metrics["evaluation"]
    key = "bits_per_char" if level == "char" else "perplexity"
    assert figures["lstm"][key] < figures["ngram"][key]
