"""The engraved lead sheet: SVG pages with chord symbols and syllables, PDF with the right pages."""

import io
import re

import cairosvg
import numpy as np
import pytest
from PIL import Image

from songcraft.errors import SongcraftError
from songcraft.music.engrave import svg_pages_to_pdf, to_pdf, to_svg_pages
from songcraft.music.song import ChordAt, Line, Note, Section, Song


def small_song() -> Song:
    tune = [Note(63, 1, "Hel", False), Note(65, 1, "lo"), Note(67, 2, "world")]
    verse = Section(
        "verse",
        "Verse 1",
        [
            Line("Hello world", [ChordAt("Eb", 2, 0), ChordAt("Bb/D", 2, 1)], tune),
            Line("Under the silver moon", [ChordAt("Abmaj7", 4, 0), ChordAt("C7b9", 4, 3)]),
        ],
    )
    return Song("Silver Moon", "Jane Writer", "Eb major", 96, "4/4", [verse])


def texts(svg: str, kind: str) -> list[str]:
    """The text of every verovio element of one class (harm, syl, reh ...)."""
    groups = re.findall(rf'<g[^>]*class="{kind}"[^>]*>(.*?)</g>', svg, re.S)
    return [re.sub(r"<[^>]+>|\s+", "", group) for group in groups]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_svg_has_title_chord_symbols_syllables_and_marks():
    (page,) = to_svg_pages(small_song())
    assert page.startswith("<svg") or "<svg" in page[:200]
    assert texts(page, "harm") == ["E♭", "B♭/D", "A♭maj7", "C7b9"]
    assert texts(page, "syl")[:3] == ["Hel", "lo", "world"]
    assert "Under" in texts(page, "syl") and "moon" in texts(page, "syl")
    assert texts(page, "reh") == ["Verse1"]
    assert "Silver Moon" in page and "Leipzig" not in re.sub(
        r"<defs>.*?</defs>", "", page, flags=re.S
    )


def test_pdf_is_a_pdf_with_one_page_per_svg_page():
    pdf = to_pdf(small_song())
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1
    assert b"/FontFile" in pdf  # lyrics, chords and title are real, embedded text
    long_song = small_song()
    verse = long_song.sections[0]
    long_song.sections = [Section("verse", f"Verse {n}", verse.lines) for n in range(1, 31)]
    pages = to_svg_pages(long_song)
    assert len(pages) >= 2
    assert pdf_pages(svg_pages_to_pdf(pages)) == len(pages)


def test_page_renders_ink_where_the_music_is():
    (page,) = to_svg_pages(small_song())
    png = cairosvg.svg2png(bytestring=page.encode(), output_width=600, background_color="white")
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    ink = pixels < 128
    assert 0.001 < ink.mean() < 0.2  # drawn, and not a black page
    assert ink[: len(ink) // 10].any()  # the title at the top


def test_bad_songs_give_clear_messages():
    with pytest.raises(SongcraftError, match="no sections"):
        to_pdf(Song())
    with pytest.raises(SongcraftError, match="limit"):
        to_svg_pages(
            Song(sections=[Section("verse", lines=[Line(chords=[ChordAt("C", 4)] * 2000)])])
        )
