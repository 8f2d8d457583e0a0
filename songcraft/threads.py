"""Run the decoder's small matrix products on one BLAS thread.

A decoding step multiplies matrices of a few hundred rows at most; OpenBLAS still splits
them across threads, and on a busy machine those threads spin and wait for each other
(measured here: 9 ms per step with threads, 0.5 ms on one). OpenBLAS 0.3.27+ can limit
the calling thread only, which leaves training and other app sessions alone. Where the
function is missing (another BLAS, another platform) this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path


@cache
def _set_local_threads():
    import numpy

    site = Path(numpy.__file__).resolve().parent.parent
    for path in sorted((site / "numpy.libs").glob("lib*openblas*.so*")):
        try:
            function = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        function.argtypes, function.restype = [ctypes.c_int], ctypes.c_int
        return function
    return None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Within the block, BLAS calls from this thread use one thread."""
    function = _set_local_threads()
    if function is None:
        yield
        return
    previous = function(1)
    try:
        yield
    finally:
        function(previous)
