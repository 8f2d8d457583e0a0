"""CMUdict through `pronouncing`, loaded once and safely from many threads.

`pronouncing` fills its tables lazily on first use; app sessions run in threads, and one
that reads while another fills sees a half-built dictionary. Every module reads CMUdict
through `cmudict()`, which loads it once under a lock.
"""

from __future__ import annotations

import threading

import pronouncing

_lock = threading.Lock()
_ready = False


def cmudict():
    """The `pronouncing` module with its tables fully loaded."""
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                pronouncing.init_cmu()
                _ready = True
    return pronouncing
