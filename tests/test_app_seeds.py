"""Seeds for Generate clicks: fresh by default, replayed in order under SONGCRAFT_SEED."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pages import _shared  # noqa: E402


def test_clicks_draw_fresh_seeds_by_default(monkeypatch):
    monkeypatch.delenv("SONGCRAFT_SEED", raising=False)
    seeds = {_shared.fresh_seed() for _ in range(20)}
    assert len(seeds) > 15 and all(0 <= s < 2**31 for s in seeds)


def test_songcraft_seed_replays_a_session(monkeypatch):
    monkeypatch.setenv("SONGCRAFT_SEED", "41")
    monkeypatch.setattr(_shared, "_replayed_seeds", None)
    assert [_shared.fresh_seed() for _ in range(3)] == [41, 42, 43]
    monkeypatch.setattr(_shared, "_replayed_seeds", None)
    assert _shared.fresh_seed() == 41  # a restarted server replays the same clicks


def test_a_seed_that_is_not_a_number_is_ignored(monkeypatch):
    monkeypatch.setenv("SONGCRAFT_SEED", "tomorrow")
    assert 0 <= _shared.fresh_seed() < 2**31
