"""Training a few steps on a tiny corpus, the bundle it writes, and the chord commands."""

import itertools
import json

import pytest

from songcraft.chords.model import load_chord_model
from songcraft.chords.train import train_chords
from songcraft.cli import main
from songcraft.errors import BundleError


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "original").mkdir()
    chords = ["C", "F", "G", "Am", "Dm", "Em"]
    lines = ["# style=pop section=verse"]
    lines += [
        f"C major: C | {a} | {b} {c} | G"
        for a, b, c in itertools.product(chords, repeat=3)
        if b != c
    ]
    (root / "original" / "pop.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = root / "bundle"
    train_chords(
        out,
        corpus_dir=root,
        work_dir=root / "work",
        model_overrides={"units": 8, "embed_dim": 8, "cond_dim": 4},
        settings_overrides={"epochs": 1, "max_steps_per_epoch": 2, "batch_size": 8},
    )
    return out


def test_bundle_loads_with_metrics(bundle):
    model = load_chord_model(bundle)
    assert model.styles == ["any", "pop"]
    figures = model.metrics["test"]
    for name in ("lstm", "trigram"):
        for view in ("changes", "bars"):
            assert figures[name][view]["count"] > 0
            assert 0 <= figures[name][view]["top1"] <= figures[name][view]["top5"] <= 1
    assert model.metrics["corpus"]["progressions"]["train"] > 0


def test_generate_command_json(bundle, capsys):
    code = main(
        [
            "chords",
            "generate",
            "--model",
            str(bundle),
            "--key",
            "Bb major",
            "--cadence",
            "authentic",
            "--candidates",
            "2",
            "--json",
            "--lock",
            "2=Eb",
        ]
    )
    assert code == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) == 2
    assert all(p["chords"][1]["symbol"] == "Eb" for p in found)
    assert all(p["chords"][-1]["roman"] == "I" for p in found)


@pytest.mark.parametrize(
    "args,words",
    [
        (["--bars", "0"], "2 to 32"),
        (["--bars", "1000"], "2 to 32"),
        (["--key", "J major"], "not a key"),
        (["--lock", "3"], "look like"),
        (["--lock", "8=F", "--cadence", "authentic"], "cannot end"),
        (["--continue", "C | H7"], "German"),
    ],
)
def test_generate_command_errors(bundle, capsys, args, words):
    assert main(["chords", "generate", "--model", str(bundle), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and "Traceback" not in err


def test_eval_command_reads_a_file_with_bad_lines(bundle, tmp_path, capsys):
    file = tmp_path / "mine.txt"
    file.write_text(
        "# my songs\n# style=jazz\nEb major: Eb | Cm | Ab Bb | Eb\n"
        "C major: C | H7 | G\nJ major: C\nA minor: Am | F | G | Am\n",
        encoding="utf-8",
    )
    assert main(["chords", "eval", "--file", str(file), "--model", str(bundle), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["progressions"] == 2 and report["unparsed_chords"] == 1
    assert [n for n, _ in report["problems"]] == [4, 5]
    assert report["lstm"]["changes"]["count"] == report["trigram"]["changes"]["count"] > 0
    assert main(["chords", "eval", "--file", str(file), "--model", str(bundle)]) == 0
    text = capsys.readouterr().out
    assert "line 4:" in text and "1 chords could not be parsed" in text and "trigram" in text


def test_eval_of_a_file_with_nothing_readable(bundle, tmp_path, capsys):
    file = tmp_path / "bad.txt"
    file.write_text("nonsense\n", encoding="utf-8")
    assert main(["chords", "eval", "--file", str(file), "--model", str(bundle)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_missing_and_corrupt_bundles(bundle, tmp_path):
    with pytest.raises(BundleError, match="does not exist"):
        load_chord_model(tmp_path / "nowhere")
    broken = tmp_path / "broken"
    broken.mkdir()
    for file in bundle.iterdir():
        (broken / file.name).write_bytes(file.read_bytes())
    (broken / "weights.npz").write_bytes(b"not a zip")
    with pytest.raises(BundleError, match="weights.npz"):
        load_chord_model(broken)
    assert main(["chords", "generate", "--model", str(tmp_path / "nowhere")]) == 2
