"""Choosing one token from a masked distribution: temperature, top-k and top-p."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from songcraft.errors import SongcraftError


@dataclass(frozen=True)
class Sampling:
    temperature: float = 0.8  # below 1 plays safe, above 1 surprises
    top_k: int = 40  # keep only the k likeliest tokens (0: all)
    top_p: float = 0.95  # keep the smallest set holding this much probability

    def __post_init__(self) -> None:
        if not 0.05 <= self.temperature <= 3.0:
            raise SongcraftError(f"Temperature must be between 0.05 and 3, got {self.temperature}.")
        if self.top_k < 0:
            raise SongcraftError(f"top-k must be 0 (off) or more, got {self.top_k}.")
        if not 0.0 < self.top_p <= 1.0:
            raise SongcraftError(f"top-p must be above 0 and at most 1, got {self.top_p}.")


def sample(
    logp: np.ndarray, allowed: np.ndarray, sampling: Sampling, rng: np.random.Generator
) -> int | None:
    """Draw a token index among `allowed`; None when nothing is allowed.

    >>> lp = np.log(np.array([0.5, 0.3, 0.2]))
    >>> sample(lp, np.array([False, True, True]), Sampling(top_k=1), np.random.default_rng(0))
    1
    """
    idx = np.flatnonzero(allowed)
    if idx.size <= 1:
        return int(idx[0]) if idx.size else None
    scores = logp[idx] / sampling.temperature
    if sampling.top_k and idx.size > sampling.top_k:
        keep = np.argpartition(-scores, sampling.top_k - 1)[: sampling.top_k]
        idx, scores = idx[keep], scores[keep]
    order = np.argsort(-scores)
    idx, scores = idx[order], scores[order]
    cumulative = np.cumsum(np.exp(scores - scores[0]))
    if sampling.top_p < 1.0:
        cut = int(np.searchsorted(cumulative, sampling.top_p * cumulative[-1])) + 1
        cumulative = cumulative[:cut]
    pick = int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))
    return int(idx[min(pick, cumulative.size - 1)])
