"""Melody model bundles and held-out likelihood, with tiny untrained models."""

import json
import math

import numpy as np
import pytest

from songcraft.bundle import save_bundle
from songcraft.errors import BundleError
from songcraft.melody.evaluate import lstm_note_nll, ngram_note_nll
from songcraft.melody.extract import Record
from songcraft.melody.model import load_melody_model, untrained_model
from songcraft.seqlm import SeqLMConfig, random_weights


def tunes(count: int) -> list[Record]:
    rng = np.random.default_rng(0)
    out = []
    for i in range(count):
        notes = [
            (4, int(rng.choice([0, 2, 4, 5, 7])), "h0" if k % 4 == 0 else None) for k in range(16)
        ]
        out.append(Record(f"t#{i}", "4/4", "major" if i % 2 else "minor", 0, notes))
    return out


def test_bundle_round_trip_keeps_weights_vocabulary_and_modes(tmp_path):
    model = untrained_model(units=8, seed=3)
    model.save(tmp_path / "m")
    again = load_melody_model(tmp_path / "m")
    assert again.vocab.tokens == model.vocab.tokens and again.modes == model.modes
    ids = np.array([again.vocab.id("M4/4"), again.vocab.id("@0")])
    a, _ = model.lm.step(ids, np.zeros(2, int), model.lm.initial_state(2))
    b, _ = again.lm.step(ids, np.zeros(2, int), again.lm.initial_state(2))
    np.testing.assert_allclose(a, b)
    assert again.mode_id("minor") == 1 and again.mode_id("blues") == 0


def test_broken_bundles_are_named(tmp_path):
    with pytest.raises(BundleError, match="does not exist"):
        load_melody_model(tmp_path / "missing")
    model = untrained_model(units=8)
    model.save(tmp_path / "m")
    (tmp_path / "m" / "weights.npz").write_bytes(b"not a zip")
    with pytest.raises(BundleError, match="weights.npz is corrupt"):
        load_melody_model(tmp_path / "m")
    config = SeqLMConfig(vocab_size=5)
    save_bundle(tmp_path / "other", {"kind": "lyrics"}, [], random_weights(config))
    with pytest.raises(BundleError, match="'lyrics' model, not 'melody'"):
        load_melody_model(tmp_path / "other")


def test_a_vocabulary_that_does_not_match_the_weights_is_refused(tmp_path):
    model = untrained_model(units=8)
    model.save(tmp_path / "m")
    vocab = json.loads((tmp_path / "m" / "vocab.json").read_text())
    config = {"kind": "melody", "model": model.config.to_dict(), "modes": ["major"]}
    save_bundle(tmp_path / "m", config, vocab[:-3], model.weights)
    with pytest.raises(BundleError, match="does not describe a melody model"):
        load_melody_model(tmp_path / "m")


def test_held_out_likelihood_is_per_note_for_both_models():
    records = tunes(12)
    lstm = lstm_note_nll(untrained_model(units=8), records[:4])
    ngram = ngram_note_nll(records[4:], records[:4], order=3)
    assert lstm["notes"] == ngram["notes"] == 4 * 16
    assert math.isfinite(lstm["nll_per_note"]) and lstm["nll_per_note"] > 0
    assert 0 < ngram["nll_per_note"] < lstm["nll_per_note"]  # untrained: close to uniform
