"""Shared pieces of the AppTest page tests: a library in a temp folder, opening a page, finding
widgets by label or key ending."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from songcraft import appstate

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 60  # seconds per run: the first run imports music21 and TensorFlow pieces


@pytest.fixture(autouse=True)
def library_in_tmp(tmp_path, monkeypatch):
    """Point the library and trained models at a fresh temp folder; forget other sessions."""
    monkeypatch.setenv("SONGCRAFT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SONGCRAFT_DB", raising=False)
    appstate._HELD.clear()
    return tmp_path


@pytest.fixture(autouse=True)
def fixed_seeds(monkeypatch):
    """Generate clicks draw seeds 1, 2, 3... so a page test gives the same answer every run."""
    import itertools

    from pages import _shared

    seeds = itertools.count(1)
    monkeypatch.setattr(_shared, "fresh_seed", lambda: next(seeds))


def open_page(page: str, song_id: str | None = None) -> AppTest:
    """The app on one page (pages/<page>.py), as a fresh browser session would open it."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if song_id:
        at.query_params[appstate.QUERY_SONG] = song_id
    at.switch_page(f"pages/{page}.py")
    return at.run()


def button(at: AppTest, label: str):
    """The one button with this label (raises when missing, so tests fail clearly)."""
    (found,) = [b for b in at.button if unescape(b.label) == label]
    return found


def widget_key(widgets, ending: str) -> str:
    """The key of the only widget whose key ends with `ending` (keys carry the edit revision)."""
    (key,) = [w.key for w in widgets if w.key and w.key.endswith(ending)]
    return key


def unescape(markdown: str) -> str:
    """What the writer reads: Markdown backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest, kind: str) -> list[str]:
    """What the writer reads in each element of a kind."""
    return [unescape(str(element.value)) for element in getattr(at, kind)]


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not any("Something went wrong" in t for t in texts(at, "error")), texts(at, "error")
