"""Training the melody LSTM for a few steps through the command line (TensorFlow)."""

import json

from songcraft.cli import main
from songcraft.melody.model import load_melody_model


def test_training_from_the_command_line_writes_a_bundle(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [f"t#{i}\t4/4\tmajor\t0\th0 4:0 4:4 4:7 4:4 | h7 4:2 4:7 8:11" for i in range(40)]
    (corpus / "tiny.txt").write_text("\n".join(lines) + "\n")
    out = tmp_path / "melody-tiny"
    code = main(["train", "melody", "--corpus", str(corpus), "--out", str(out), "--epochs", "1",
                 "--steps-per-epoch", "2", "--units", "8"])  # fmt: skip
    assert code == 0
    model = load_melody_model(out)
    assert set(model.metrics["evaluation"]) == {"lstm", "ngram"}
    assert not (tmp_path / "melody-tiny.work").exists()
    assert json.loads((out / "config.json").read_text())["kind"] == "melody"
