"""The Train page and its background job: uploads, summary, training, fine-tuning, cancel."""

import threading

import pytest
from app_fixtures import (
    button,
    fixed_seeds,  # noqa: F401 (autouse fixture)
    library_in_tmp,  # noqa: F401 (autouse fixture)
    no_exception,
    open_page,
    texts,
)
from lyrics_fixtures import tiny_model

from songcraft import appstate, trainjob
from songcraft.errors import SongcraftError
from songcraft.lyrics.corpus import LyricSong

LYRICS = (
    "hold me close tonight\nunder the silver light\nwe were young and free\nyou and me\n\n"
    "rain on the window pane\ncalling out your name\nthe road goes on and on\n"
)
TINY = {  # a model small enough to train in seconds
    "model": {"units": 8, "layers": 1, "embed_dim": 8, "cond_dim": 2},
    "settings": {"seq_len": 16, "batch_size": 4},
}


def with_lyrics(**files):
    at = open_page("train")
    at.session_state[appstate.TRAIN_OVERRIDES] = TINY
    uploads = [(name, data, "text/plain") for name, data in files.items()]
    at.file_uploader(key="train_files").set_value(uploads).run()
    return at


def start(at, name, mode="Train a new model", epochs=2, base=None):
    at.text_input[0].set_value(name)
    at.radio[0].set_value(mode)
    if base:
        at.selectbox[-1].set_value(base)
    at.number_input[0].set_value(epochs)
    at.number_input[1].set_value(3)
    button(at, "Start training").click().run()
    no_exception(at)
    return at.session_state[appstate.TRAIN_JOB]


# --- the job without a page ---


def test_split_keeps_validation_for_a_single_song():
    one = [LyricSong("a", "", [f"line {n}" for n in range(10)])]
    train, val = trainjob.split_for_training(one)
    assert len(train[0].lines) == 8 and len(val[0].lines) == 2
    many = [LyricSong(str(n), "", ["x", "y"]) for n in range(10)]
    train, val = trainjob.split_for_training(many)
    assert (len(train), len(val)) == (8, 2)


def test_read_and_summarize():
    songs = trainjob.read_lyrics([("a.txt", LYRICS.encode())], "one more line\nand another")
    summary = trainjob.summarize(songs)
    assert (summary.songs, summary.lines) == (3, 9)
    cho = b"{title: X}\n[C]hold me [G]close\n[Am]all night\n"
    assert trainjob.read_lyrics([("x.cho", cho)])[0].lines == ["hold me close", "all night"]


@pytest.mark.parametrize(
    "files, message",
    [
        ([("a.txt", b"\xe9t\xe9")], "not UTF-8"),
        ([("a.txt", b"  \n ")], "empty"),
        ([("a.txt", b"\x00\x01")], "binary"),
        ([("a.cho", b"{title: only}\n")], "holds no lyric lines"),
        ([], "upload a lyrics file"),
    ],
)
def test_bad_lyrics_are_refused(files, message):
    with pytest.raises(SongcraftError, match=message):
        trainjob.read_lyrics(files)


def test_model_names(tmp_path):
    assert trainjob.check_model_name(" My Songs ", tmp_path) == "my-songs"
    (tmp_path / "taken").mkdir()
    for name, message in [("taken", "already exists"), ("lyrics-char", "shipped"), ("", "name")]:
        with pytest.raises(SongcraftError, match=message):
            trainjob.check_model_name(name, tmp_path)


def test_cancel_stops_a_running_job(monkeypatch):
    started = threading.Event()

    def fake_train(job):  # a stand-in for train_lyrics that runs until cancelled
        while not job._stop.is_set():
            job._report({"epoch": 1, "epochs": 5, "step": 1, "steps": 10, "loss": 3.0})
            started.set()
            job._stop.wait(0.01)
        raise SongcraftError("Training was cancelled; the previous model is unchanged.")

    monkeypatch.setattr(trainjob.TrainJob, "_train", fake_train)
    job = trainjob.TrainJob("demo", trainjob.read_lyrics([], LYRICS)).start()
    assert started.wait(10)
    assert job.snapshot().state == "training" and job.snapshot().fraction == pytest.approx(0.02)
    job.cancel()
    progress = job.wait(10)
    assert progress.state == "cancelled" and "cancelled" in progress.message


# --- the page ---


def test_empty_page_and_summary():
    at = open_page("train")
    no_exception(at)
    assert "Add some lyrics to see a summary and train." in texts(at, "info")
    at = with_lyrics(**{"a.txt": LYRICS.encode(), "b.cho": b"[C]one line\n[G]two lines\n"})
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Songs"] == "3" and metrics["Lines"] == "9"
    assert "hold me close tonight" in texts(at, "text")[0]


@pytest.mark.parametrize(
    "data, message", [(b"\xe9t\xe9", "not UTF-8"), (b"", "empty"), (b"\x00x", "binary")]
)
def test_bad_upload_shows_a_message(data, message):
    at = with_lyrics(**{"bad.txt": data})
    no_exception(at)
    assert any(message in e for e in texts(at, "error")), texts(at, "error")
    assert not [b for b in at.button if b.label == "Start training"]


def test_bad_model_name_shows_a_message():
    at = with_lyrics(**{"a.txt": LYRICS.encode()})
    at.text_input[0].set_value("no/slashes")
    button(at, "Start training").click().run()
    no_exception(at)
    assert any("name the model" in e for e in texts(at, "error"))


def test_train_a_tiny_model_and_choose_it():
    at = with_lyrics(**{"a.txt": LYRICS.encode()})
    job = start(at, "tiny")
    progress = job.wait(120)
    assert progress.state == "done", progress.message
    at.run()
    no_exception(at)
    assert any("tiny is ready" in s for s in texts(at, "success"))
    assert any("Validation loss after epoch" in c for c in texts(at, "caption"))
    assert "tiny" in appstate.list_lyric_models()
    assert len(progress.val_losses) == 2


def test_fine_tune_a_trained_model():
    tiny_model("char").save(trainjob.trained_models_dir() / "base")
    at = with_lyrics(**{"a.txt": LYRICS.encode()})
    job = start(at, "tuned", mode="Fine-tune a model", epochs=1, base="base")
    progress = job.wait(120)
    assert progress.state == "done", progress.message
    from songcraft.lyrics.model import load_lyric_model

    tuned = load_lyric_model(appstate.list_lyric_models()["tuned"])
    assert tuned.metrics["base"] == tiny_model("char").name
