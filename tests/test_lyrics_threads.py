"""CMUdict loads once, even when many sessions ask for rhymes at the same moment."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import threading
from songcraft.lyrics import phonetics
errors = []
def work(word):
    try:
        phonetics.find_rhymes(word, "slant")
        phonetics.syllable_count("every little thing is " + word)
    except Exception as err:  # noqa: BLE001 - the test counts any failure
        errors.append(repr(err))
threads = [threading.Thread(target=work, args=(w,)) for w in
           ["fire", "night", "heart", "love", "rain", "home", "road", "sky", "blue", "time"]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(errors), errors[:1])
"""


def test_ten_threads_reading_cmudict_at_once_all_succeed():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 "), result.stdout
