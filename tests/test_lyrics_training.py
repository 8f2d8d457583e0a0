"""Training, bundles, the split and evaluation, on tiny data in code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from lyrics_fixtures import TINY_SONGS, tiny_model

from songcraft.bundle import load_bundle
from songcraft.errors import BundleError, SongcraftError
from songcraft.lyrics.corpus import (
    LyricSong,
    decode_text,
    load_corpus,
    parse_plain_text,
    read_text_file,
    split_songs,
)
from songcraft.lyrics.evaluate import evaluate
from songcraft.lyrics.model import load_lyric_model
from songcraft.lyrics.tokens import CharTokenizer, WordTokenizer
from songcraft.lyrics.train import train_lyrics
from songcraft.seqlm import NumpyLM, build_model

ROOT = Path(__file__).resolve().parents[1]
QUICK = {"epochs": 1, "max_steps_per_epoch": 2, "seq_len": 16, "batch_size": 4}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "tiny-word"
    model = train_lyrics(
        "word",
        TINY_SONGS[:3],
        TINY_SONGS[3:],
        out,
        name="tiny",
        model_overrides={"units": 16, "embed_dim": 8},
        settings_overrides=QUICK,
    )
    return model, out


def test_training_writes_a_bundle_that_reloads_identically(trained):
    model, out = trained
    again = load_lyric_model(out)
    ids = np.asarray([again.tokenizer.encode_song("the night was cold")], np.int32)
    a, _ = model.lm.feed(ids, np.zeros(1, np.int32))
    b, _ = again.lm.feed(ids, np.zeros(1, np.int32))
    np.testing.assert_allclose(a, b)
    assert again.metrics["corpus_hash"] and "loss" in again.metrics["history"]
    assert "porch" in again.lexicon


def test_numpy_step_matches_keras_to_1e5():
    model = tiny_model("char", seed=4)
    keras_model = build_model(model.config)
    keras_model.set_weights(model.weights)
    ids = np.asarray([model.tokenizer.encode_song("we light a fire")] * 2, np.int32)
    cond = np.asarray([0, 2], np.int32)
    expected = keras_model.predict([ids, cond], verbose=0)
    lm = NumpyLM(model.config, model.weights)
    state = lm.initial_state(2)
    for t in range(ids.shape[1]):
        logp, state = lm.step(ids[:, t], cond, state)
        ref = expected[:, t] - np.log(np.exp(expected[:, t]).sum(-1, keepdims=True))
        np.testing.assert_allclose(logp, ref, atol=1e-5)


def test_fine_tuning_keeps_vocabulary(trained, tmp_path):
    base, _ = trained
    tuned = train_lyrics(
        "word",
        TINY_SONGS[1:],
        TINY_SONGS[:1],
        tmp_path / "mine",
        base=base,
        settings_overrides=QUICK,
    )
    assert tuned.tokenizer.tokens == base.tokenizer.tokens


def test_failed_training_keeps_the_good_bundle(trained):
    _, out = trained
    before = (out / "weights.npz").read_bytes()
    with pytest.raises(SongcraftError):
        train_lyrics(
            "word", [LyricSong("x", "pop", ["one line"])], [], out, settings_overrides=QUICK
        )
    assert (out / "weights.npz").read_bytes() == before


def test_cancelled_training_writes_nothing(tmp_path):
    with pytest.raises(SongcraftError, match="cancelled"):
        train_lyrics(
            "char",
            TINY_SONGS,
            TINY_SONGS[:1],
            tmp_path / "m",
            model_overrides={"units": 8},
            settings_overrides=QUICK,
            should_stop=lambda: True,
        )
    assert not (tmp_path / "m").exists()


def test_corrupt_or_missing_bundle_names_the_file(trained, tmp_path):
    _, out = trained
    with pytest.raises(BundleError, match="does not exist"):
        load_lyric_model(tmp_path / "nowhere")
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in out.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "weights.npz").write_bytes(b"not a zip")
    with pytest.raises(BundleError, match="weights.npz"):
        load_bundle(broken)
    (broken / "config.json").unlink()
    with pytest.raises(BundleError, match="config.json is missing"):
        load_bundle(broken)


def test_tokenizers_round_trip():
    text = "i can't stop, i won't stop\nthe night is young"
    word = WordTokenizer.build([text], min_count=1)
    assert word.decode(word.encode(text)) == text
    char = CharTokenizer.build([text], min_count=1)
    assert char.decode(char.encode(text)) == text
    assert word.encode("zebra")[0] == 1  # unknown words become <unk>


def test_split_is_deterministic_and_song_disjoint():
    songs = load_corpus()
    first, second = split_songs(songs), split_songs(load_corpus())
    assert {k: [s.title for s in v] for k, v in first.items()} == {
        k: [s.title for s in v] for k, v in second.items()
    }
    keys = [{(s.style, s.title) for s in part} for part in first.values()]
    assert not (keys[0] & keys[1]) and not (keys[0] & keys[2]) and not (keys[1] & keys[2])
    assert len(songs) >= 300 and len({s.style for s in songs}) >= 8


def test_eval_gives_sane_numbers(trained):
    model, _ = trained
    figures = evaluate(model, TINY_SONGS, TINY_SONGS[:2], TINY_SONGS[2:])
    assert 1 < figures["lstm"]["perplexity"] < 10 * len(model.tokenizer)
    assert 1 < figures["ngram"]["perplexity"] < 10 * len(model.tokenizer)
    assert figures["lines"] == 8


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe caf\xe9", "UTF-8")],
)
def test_bad_files_are_refused(tmp_path, data, message):
    path = tmp_path / "lyrics.txt"
    path.write_bytes(data)
    with pytest.raises(SongcraftError, match=message):
        read_text_file(path)


def test_huge_file_is_refused_without_reading(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)
    with pytest.raises(SongcraftError, match="MB"):
        read_text_file(path)


def test_emoji_and_other_scripts_are_refused_for_training(tmp_path):
    songs = parse_plain_text(decode_text("Привет мир как дела\nこんにちは 世界\n🎸🎶🎸".encode()))
    with pytest.raises(SongcraftError, match="cannot read"):
        train_lyrics("char", songs, [], tmp_path / "m", settings_overrides=QUICK)
    assert not (tmp_path / "m").exists()


def test_single_line_is_refused(tmp_path):
    with pytest.raises(SongcraftError, match="at least two"):
        train_lyrics(
            "word", parse_plain_text("just one line"), [], tmp_path / "m", settings_overrides=QUICK
        )


def _eval(path: Path, model: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "songcraft", "lyrics", "eval", "--file", str(path),
               "--level", "word", "--model", str(model)]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def test_eval_command_on_a_tiny_file(trained, tmp_path):
    _, out = trained
    path = tmp_path / "mine.txt"
    path.write_text("the night was cold\nthe sky was blue\n\nwe walked along the road\n")
    result = _eval(path, out)
    assert result.returncode == 0, result.stderr
    assert "perplexity" in result.stdout and "2 songs, 3 lines" in result.stdout
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = _eval(empty, out)
    assert result.returncode == 2 and "empty" in result.stderr


def _corpus_folder(tmp_path: Path, copies: int) -> Path:
    """A corpus folder holding the tiny songs `copies` times under distinct titles."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "\n\n".join(
        f"# song: {s.title} {i}\n# style: {s.style}\n[verse]\n" + s.text
        for i in range(copies)
        for s in TINY_SONGS
    )
    (corpus / "tiny.txt").write_text(text)
    return corpus


def test_mirrored_strategy_on_two_logical_cpus(tmp_path):
    corpus = _corpus_folder(tmp_path, copies=5)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "songcraft",
            "train",
            "lyrics",
            "--level",
            "char",
            "--corpus",
            str(corpus),
            "--out",
            str(tmp_path / "m"),
            "--epochs",
            "1",
            "--steps-per-epoch",
            "2",
            "--units",
            "8",
            "--strategy",
            "mirrored",
            "--logical-cpus",
            "2",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert load_lyric_model(tmp_path / "m").level == "char"


def test_training_resumes_after_being_killed(tmp_path):
    corpus = _corpus_folder(tmp_path, copies=100)
    # Epochs long enough (20 steps) that the first run is surely killed mid-way.
    command = [sys.executable, "-m", "songcraft", "train", "lyrics", "--level", "char",
               "--corpus", str(corpus), "--out", str(tmp_path / "m"), "--epochs", "3",
               "--units", "16", "--steps-per-epoch", "20"]  # fmt: skip
    log = tmp_path / "first.log"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONUNBUFFERED": "1"}
    with log.open("w") as out:
        first = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        deadline = time.time() + 240
        while "epoch 1:" not in log.read_text() and time.time() < deadline:
            assert first.poll() is None, log.read_text()[-2000:]
            time.sleep(0.05)
        first.kill()
        first.wait()
    assert not (tmp_path / "m").exists()  # nothing half-written where the bundle goes
    second = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    assert second.returncode == 0, second.stderr[-2000:]
    epochs = [int(n) for n in re.findall(r"epoch (\d+): loss", second.stdout + second.stderr)]
    assert epochs and epochs[0] >= 2 and epochs[-1] == 3
    assert load_lyric_model(tmp_path / "m").level == "char"
