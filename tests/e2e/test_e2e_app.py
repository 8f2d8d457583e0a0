"""A writer's session in the real app: lyrics, chords, keeping, downloading, reloading.

The shipped models do the writing. Every step waits for what a writer would wait for (the
candidates, the audio, the download) and no traceback may ever show.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import driver
import pytest

from songcraft import appbench
from songcraft.lyrics import phonetics

pytestmark = pytest.mark.e2e

LINE = "I left the light on in the hall"


def test_enter_in_the_starting_line_shows_rhyming_continuations(page, app):
    driver.open_lyrics(page, app)
    appbench.generate_round(page, LINE, 1)
    assert driver.count(page, "[class*='st-key-lyrics_cand_']") == 4
    for index in range(4):
        first, second = driver.candidate_lines(page, index)
        assert phonetics.rhymes_with(phonetics.last_word(first), "hall"), first
        assert second and second != first
    highlighted = page.locator(".st-key-lyrics_cand_0 [data-testid=stMarkdownContainer] strong")
    assert highlighted.count() >= 2  # each line's rhyme word stands out
    assert "syllables" in page.locator(".st-key-lyrics_cand_0").inner_text()


def test_bad_lines_get_clear_messages_and_never_a_traceback(page, app):
    driver.open_lyrics(page, app)
    box = page.locator(appbench.START_LINE)
    for line, message in [
        ("🎸🔥🎶", "no words"),
        ("   ", "only spaces"),
        ("Привет, как дела", "English"),
        ("la " * 3334, "characters long"),
    ]:
        box.fill(line)
        box.press("Enter")
        driver.expect_error(page, message)
    appbench.generate_round(page, "<script>alert(1)</script> [x](javascript:alert(1))", 1)
    assert not page.locator("script:has-text('alert(1)'), a[href^='javascript']").count()
    driver.choose(page, "lyrics_scheme", "custom")
    page.locator(".st-key-lyrics_custom input").fill("AXB1")
    box.fill(LINE)
    box.press("Enter")
    assert "AXB1" in driver.expect_error(page, "rhyme scheme")


def test_progressions_play_in_audio_players_that_load(page, app):
    driver.open_page(page, app, "chords", ".st-key-chords_from input")
    driver.click(page, ".stForm", "Generate")
    page.wait_for_selector(".st-key-chords_done_1", timeout=driver.TIMEOUT_MS)
    assert driver.count(page, "[class*='st-key-chords_cand_']") == 4
    page.wait_for_function(
        """() => {
            const players = [...document.querySelectorAll('audio')];
            return players.length === 4 && players.every(a => a.readyState >= 1 && a.duration > 1);
        }""",
        timeout=driver.TIMEOUT_MS,
    )
    source = page.locator("audio").first.get_attribute("src")
    wav = page.request.get(app.url + source if source.startswith("/") else source).body()
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    names = driver.chord_names(page, 0)
    assert len(names) == 8 and re.fullmatch(r"C(maj7|maj9|6|add9|5)?", names[0])  # the tonic
    assert driver.count(page, ".st-key-chords_cand_0 [data-testid=stDataFrame]") == 1


def test_bad_chords_and_keys_get_clear_messages(page, app):
    driver.open_page(page, app, "chords", ".st-key-chords_from input")
    typed = page.locator(".st-key-chords_from input")
    typed.fill("C | H7")
    typed.press("Enter")
    assert "German name" in driver.expect_error(page, "H7")
    typed.fill("Bbmaj13#11 | F/A")
    typed.press("Enter")
    page.wait_for_selector(".st-key-chords_done_1", timeout=driver.TIMEOUT_MS)
    assert driver.chord_names(page, 0)[:2] == ["Bbmaj13#11", "F/A"]  # kept as typed
    typed.fill("")
    driver.type_option(page, "chords_key", "J major")
    driver.click(page, ".stForm", "Generate")
    driver.expect_error(page, "'J major' is not a key")


def test_keep_lyrics_and_chords_download_the_song_and_reload(page, app, tmp_path):
    driver.open_lyrics(page, app)
    appbench.generate_round(page, LINE, 1)
    kept = driver.candidate_lines(page, 1)
    driver.click(page, ".st-key-lyrics_cand_1", "Keep")
    driver.expect_success(page, "Kept 3 lines")
    assert kept[0] in " ".join(page.locator("[data-testid=stText]").all_inner_texts())

    driver.go_to(page, "Chords", ".st-key-chords_from input")
    driver.click(page, ".stForm", "Generate")
    page.wait_for_selector(".st-key-chords_done_1", timeout=driver.TIMEOUT_MS)
    chords = driver.chord_names(page, 2)
    driver.click(page, ".st-key-chords_cand_2", "Keep")
    driver.expect_success(page, "Kept 8 bars")

    driver.go_to(page, "Song", "[data-testid=stDownloadButton]")
    musicxml = download(page, "MusicXML", tmp_path).decode("utf-8")
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", musicxml))
    words = [text.text for text in root.iter("text")]
    for word in (LINE.split() + kept[0].split())[:12]:
        assert word.strip(".,!?;:").lower() in " ".join(words).lower()
    steps = [step.text for step in root.iter("root-step")]
    assert steps[0] == chords[0][0] and len(steps) >= 4
    pdf = download(page, "PDF", tmp_path)
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:] and len(pdf) > 2000

    page.reload()
    page.wait_for_selector("[data-testid=stDownloadButton]", timeout=driver.TIMEOUT_MS)
    values = page.locator("[data-testid=stTextInput] input").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    assert LINE in values and kept[0] in values and kept[1] in values


def download(page, label: str, folder) -> bytes:
    """Click a download button and return the file's bytes."""
    with page.expect_download(timeout=driver.TIMEOUT_MS) as started:
        page.locator("[data-testid=stDownloadButton]").filter(has_text=label).first.click()
    path = folder / started.value.suggested_filename
    started.value.save_as(path)
    return path.read_bytes()
