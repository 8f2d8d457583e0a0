"""Several writers at once on one fresh server: their songs and candidates stay their own,
and ten of them generating at the same moment all get their continuations."""

from __future__ import annotations

import driver
import pytest

from songcraft import appbench

pytestmark = pytest.mark.e2e

WRITERS = 10


def test_ten_writers_generating_at_once_all_get_results(new_writer, app):
    pages = [new_writer() for _ in range(WRITERS)]
    for page in pages:  # all arrive together on a server that has not generated yet
        page.goto(app.url, wait_until="commit")
    for page in pages:
        appbench.wait_for(page, appbench.START_LINE, 120)
    for number, page in enumerate(pages):  # all submitted before any result is back
        box = page.locator(appbench.START_LINE)
        box.fill(f"we drove all night to see the sea {number}")
        box.press("Enter")
    for page in pages:
        appbench.wait_for(page, appbench.ROUND.format(n=1), 180)
        assert driver.count(page, "[class*='st-key-lyrics_cand_']") == 4
        assert driver.candidate_lines(page, 0)


def test_two_writers_never_see_each_others_song_or_candidates(new_writer, app):
    one, two = new_writer(), new_writer()
    driver.open_lyrics(one, app)
    appbench.generate_round(one, "the river knows my name", 1)
    mine = driver.candidate_lines(one, 0)
    driver.click(one, ".st-key-lyrics_cand_0", "Keep")
    driver.expect_success(one, "Kept 3 lines")

    driver.open_lyrics(two, app)
    assert not driver.count(two, "[class*='st-key-lyrics_cand_']")
    assert "the river knows my name" not in two.inner_text("body")
    appbench.generate_round(two, "the city rain is falling down", 1)
    theirs = driver.candidate_lines(two, 0)
    assert theirs != mine and mine[0] not in two.inner_text("body")
    one.reload()
    appbench.wait_for(one, appbench.START_LINE, 60)
    assert "the river knows my name" in one.inner_text("body")  # still the first writer's song
    assert "the city rain is falling down" not in one.inner_text("body")
