"""The shipped chord bundle: it loads, generates sensibly and beats the trigram baseline."""

import pytest

from songcraft.chords.bench import cadence_ok
from songcraft.chords.generate import ProgressionRequest, generate_progressions
from songcraft.chords.model import SHIPPED_PATH, load_chord_model

pytestmark = pytest.mark.shipped


@pytest.fixture(scope="module")
def model():
    return load_chord_model()


def test_bundle_is_small():
    size = sum(f.stat().st_size for f in SHIPPED_PATH.iterdir())
    assert size < 5_000_000


def test_lstm_beats_the_trigram_on_the_test_split(model):
    figures = model.metrics["test"]
    for view in ("changes", "bars"):
        lstm, trigram = figures["lstm"][view], figures["trigram"][view]
        assert lstm["top1"] > trigram["top1"]
        assert lstm["perplexity"] < trigram["perplexity"]


def test_styles_of_the_original_corpus_are_known(model):
    styles = {
        "pop",
        "rock",
        "blues",
        "jazz",
        "folk",
        "gospel",
        "soul",
        "edm",
        "ballad",
        "punk",
        "country",
    }
    assert styles <= set(model.styles)


@pytest.mark.parametrize(
    "key,style,cadence",
    [
        ("C major", "pop", "authentic"),
        ("A minor", "rock", "half"),
        ("Bb major", "jazz", "plagal"),
        ("E minor", "ballad", "deceptive"),
        ("F# major", "gospel", "authentic"),
    ],
)
def test_generates_in_style_with_the_cadence(model, key, style, cadence):
    request = ProgressionRequest(key=key, style=style, cadence=cadence, candidates=8)
    found = generate_progressions(model, request, seed=0)
    assert len(found) == 8 and len({p.as_text() for p in found}) == 8
    assert all(cadence_ok(p, cadence) for p in found)


def test_a_pop_progression_starts_on_the_tonic_and_continues_typed_chords(model):
    request = ProgressionRequest(
        key="G major", style="pop", continue_from="G | D | Em", bars=8, candidates=4
    )
    for p in generate_progressions(model, request, seed=3):
        assert p.bars()[:3] == [["G"], ["D"], ["Em"]]
