"""`song export` and `bench audio` from the command line."""

import json

import pytest

from songcraft.cli import main
from songcraft.music.bench import three_minute_song
from songcraft.music.chordpro import from_chordpro

SHEET = "{title: Folder Song}\n{key: G}\n[G]Take me [Em]home to the [C]place I [D]know\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.cho").write_text(SHEET)
    (tmp_path / "b.cho").write_text(SHEET.replace("Folder", "Second"))
    (tmp_path / "broken.cho").write_text("[Xq7]hello\n")
    return tmp_path


def test_export_a_chordpro_file_to_json_and_back(folder, capsys):
    assert main(["song", "export", str(folder / "a.cho"), "--to", "json"]) == 0
    song = json.loads((folder / "a.json").read_text())
    assert song["title"] == "Folder Song" and song["key"] == "G major"
    out = folder / "again.cho"
    assert (
        main(["song", "export", str(folder / "a.json"), "--to", "chordpro", "--out", str(out)]) == 0
    )
    assert from_chordpro(out.read_text()).title == "Folder Song"
    assert "a.cho -> " in capsys.readouterr().out


@pytest.mark.parametrize(
    "to, suffix, magic",
    [
        ("midi", ".mid", b"MThd"),
        ("wav", ".wav", b"RIFF"),
        ("musicxml", ".musicxml", b"<?xml"),
    ],
)
def test_export_formats_write_files(folder, to, suffix, magic):
    assert main(["song", "export", str(folder / "a.cho"), "--to", to]) == 0
    assert (folder / f"a{suffix}").read_bytes().startswith(magic)


def test_batch_export_goes_on_past_a_broken_file(folder, capsys):
    files = [str(folder / name) for name in ("a.cho", "broken.cho", "b.cho")]
    assert main(["song", "export", *files, "--to", "chordpro", "--out", str(folder / "out")]) == 2
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["a.cho", "b.cho"]
    err = capsys.readouterr().err
    assert "broken.cho: line 1: 'Xq7' is not a chord" in err and "1 of 3" in err


def test_missing_file_and_overwrite_are_refused(folder, capsys):
    assert main(["song", "export", str(folder / "none.cho"), "--to", "pdf"]) == 2
    assert main(["song", "export", str(folder / "a.cho"), "--to", "chordpro"]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "overwrite" in err


def test_bench_song_is_three_minutes():
    song = three_minute_song()
    assert song.bars() == 90 and song.tempo == 120 and song.has_melody()
