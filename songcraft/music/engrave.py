"""The engraved lead sheet: verovio lays out the MusicXML as SVG pages, cairo prints the PDF.

SVG pages feed the in-page preview; the PDF is every page, in order, A4, with the title on
top. verovio draws the music font as paths; the few music glyphs it puts inside text (the
flat in "Bb7", the note in the tempo mark) are swapped for Unicode in a system font, so
cairo (and any browser) draws them without verovio's web font.
"""

from __future__ import annotations

import io
import re

import cairocffi
import verovio
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface

from songcraft.errors import SongcraftError
from songcraft.music.notation import to_musicxml
from songcraft.music.song import Song

MAX_PAGES = 60  # far beyond any song; a guard against runaway layouts
# verovio layout: page size in tenths of a millimetre (A4), scale in percent.
VEROVIO_OPTIONS = {
    "pageWidth": 2100,
    "pageHeight": 2970,
    "pageMarginTop": 80,
    "pageMarginBottom": 80,
    "pageMarginLeft": 100,
    "pageMarginRight": 100,
    "scale": 45,  # about 7 mm staves: readable on a music stand
    "header": "auto",  # title and composer from the MusicXML, on page one
    "footer": "none",  # verovio's own credit line is not part of the writer's sheet
    "adjustPageHeight": False,
    "breaks": "auto",
    "lyricSize": 4.5,
    "spacingSystem": 14,
    "smuflTextFont": "none",  # accidentals in text are swapped for Unicode ones below
}
# SMuFL glyphs verovio puts inside text (chord roots, tempo marks) -> Unicode a system font has
SMUFL_TEXT = {
    "\uea63": "𝄫",
    "\uea64": "♭",
    "\uea65": "♮",
    "\uea66": "♯",
    "\uea67": "𝄪",  # figured-bass accidentals, which verovio uses in chord roots
    "\ued60": "♭",
    "\ued61": "♮",
    "\ued62": "♯",
    "\ued63": "𝄪",
    "\ued64": "𝄫",  # chord-symbol accidentals
    "\ueca3": "𝅗𝅥",
    "\ueca5": "♩",
    "\ueca7": "♪",
    "\uecb7": ".",  # metronome marks
}
GLYPH_SCALE = 0.6  # music-font text is drawn larger than the words around it


def to_svg_pages(song: Song) -> list[str]:
    """The lead sheet as one SVG document per page."""
    # verovio would print degrees after the kind's text ("C7b9(b9)"): the text says it all
    xml = re.sub(r"<degree\b.*?</degree>", "", to_musicxml(song).decode("utf-8"), flags=re.S)
    verovio.enableLog(verovio.LOG_ERROR)  # its layout warnings are not the writer's business
    toolkit = verovio.toolkit(False)
    toolkit.setResourcePath(verovio.__path__[0] + "/data")
    toolkit.setOptions(dict(VEROVIO_OPTIONS))
    if not toolkit.loadData(xml):
        raise SongcraftError("the lead sheet could not be laid out (verovio refused the MusicXML)")
    pages = toolkit.getPageCount()
    if not 1 <= pages <= MAX_PAGES:
        raise SongcraftError(
            f"the lead sheet came out {pages} pages long; the limit is {MAX_PAGES}"
        )
    return [_plain_text(toolkit.renderToSVG(page)) for page in range(1, pages + 1)]


def _plain_text(svg: str) -> str:
    """Music-font glyphs inside text become Unicode in a system font, so any SVG or PDF
    renderer (not only a browser that loads verovio's web font) draws them."""

    def smaller(size: re.Match) -> str:
        return f'font-size="{round(float(size[1]) * GLYPH_SCALE)}px"'

    def swap(match: re.Match) -> str:
        attributes = re.sub(r'font-size="([\d.]+)px"', smaller, match[1])
        glyphs = "".join(SMUFL_TEXT.get(ch, ch) for ch in match[2])
        return f"<tspan{attributes.replace('Leipzig', 'DejaVu Sans')}>{glyphs}</tspan>"

    return re.sub(r'<tspan([^>]*font-family="Leipzig"[^>]*)>([^<]*)</tspan>', swap, svg)


def svg_pages_to_pdf(pages: list[str]) -> bytes:
    """One PDF with a page per SVG, each page sized to its drawing."""
    out = io.BytesIO()
    pdf = cairocffi.PDFSurface(out, 1, 1)

    class Page(PDFSurface):
        """cairosvg's PDF surface, drawing onto the shared document instead of a new one."""

        def _create_surface(self, width: float, height: float):
            pdf.set_size(width, height)
            return pdf, width, height

    for svg in pages:
        Page(Tree(bytestring=svg.encode("utf-8")), None, 96)
        pdf.show_page()
    pdf.finish()
    return out.getvalue()


def to_pdf(song: Song) -> bytes:
    """The engraved lead sheet as PDF bytes, as many pages as it takes."""
    return svg_pages_to_pdf(to_svg_pages(song))
