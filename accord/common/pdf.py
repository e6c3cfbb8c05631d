"""PDF documents generated from Accord's data (agreements, learning agreements, decisions, reports).

One small layer over fpdf2 (pip-only), with a shipped Unicode font, so that every document has the same look
and names such as "Łódź" or "Ελληνικό" print correctly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from django.http import HttpResponse
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from accord.common.downloads import download

FONTS = Path(__file__).parent / "fonts"
# The name charts ask for in their SVG `font-family`, so that the PDF draws chart text in this font too.
FAMILY = "DejaVu Sans"
MARGIN = 18
BLUE = (20, 70, 140)
GREY = (95, 105, 120)


class _Page(FPDF):
    def __init__(self, title: str, footer_text: str) -> None:
        super().__init__(format="A4")
        self.document_title = title
        self.footer_text = footer_text
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_title(title)
        self.set_creator("Accord")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")


class PdfDocument:
    """Build a document top to bottom: headings, paragraphs, key-value blocks, tables, signatures."""

    def __init__(
        self, title: str, subtitle: str = "", *, footer: str = "Accord", compress: bool = True
    ) -> None:
        self.pdf = _Page(title, footer)
        self.pdf.set_compression(compress)
        self.pdf.add_page()
        self.pdf.set_font(FAMILY, "B", 17)
        self.pdf.set_text_color(*BLUE)
        self.pdf.multi_cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.pdf.set_font(FAMILY, "", 10)
            self.pdf.set_text_color(*GREY)
            self.pdf.multi_cell(0, 5, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(3)
        self._body()

    @property
    def width(self) -> float:
        return float(self.pdf.epw)

    def _body(self, size: float = 10) -> None:
        self.pdf.set_font(FAMILY, "", size)
        self.pdf.set_text_color(20, 20, 20)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.pdf.set_font(FAMILY, "B", 12)
        self.pdf.set_text_color(*BLUE)
        self.pdf.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._body()

    def paragraph(self, text: str) -> None:
        self._body()
        self.pdf.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def key_values(self, pairs: Sequence[tuple[str, str]]) -> None:
        label_width = self.width * 0.32
        for label, value in pairs:
            self.pdf.set_font(FAMILY, "B", 9)
            self.pdf.set_text_color(*GREY)
            y = self.pdf.get_y()
            self.pdf.multi_cell(label_width, 5, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            # A label that wraps is taller than its value: the next pair starts below whichever is longer.
            label_bottom = self.pdf.get_y()
            self.pdf.set_xy(self.pdf.l_margin + label_width, y)
            self._body(10)
            self.pdf.multi_cell(0, 5, value or "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            self.pdf.set_y(max(self.pdf.get_y(), label_bottom))
        self.pdf.ln(1)

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float] | None = None
    ) -> None:
        """A table that repeats its header on each page; `widths` are fractions of the text width."""
        fractions = list(widths) if widths else [1 / len(headers)] * len(headers)
        col_widths = tuple(self.width * f for f in fractions)
        self.pdf.set_font(FAMILY, "", 9)
        self.pdf.set_text_color(20, 20, 20)
        with self.pdf.table(
            col_widths=col_widths,
            text_align="LEFT",
            line_height=5,
            headings_style=_headings_style(),
            first_row_as_headings=True,
        ) as table:
            table.row([str(h) for h in headers])
            for values in rows:
                table.row([_text(v) for v in values])
        self.pdf.ln(2)
        self._body()

    def signatures(self, signers: Sequence[tuple[str, str, dt.datetime | dt.date | None]]) -> None:
        """One box per signer: role, name, and when they signed (or an empty line when they have not)."""
        self.pdf.ln(2)
        box = self.width / max(len(signers), 1)
        top = self.pdf.get_y()
        if top + 26 > self.pdf.h - MARGIN:
            self.pdf.add_page()
            top = self.pdf.get_y()
        for index, (label, name, signed_at) in enumerate(signers):
            x = MARGIN + index * box
            self.pdf.set_xy(x, top)
            self.pdf.set_font(FAMILY, "B", 8)
            self.pdf.set_text_color(*GREY)
            self.pdf.multi_cell(box - 4, 4, label, align="L")
            self.pdf.set_x(x)
            self._body(10)
            self.pdf.multi_cell(box - 4, 5, name or "—", align="L")
            self.pdf.set_x(x)
            self.pdf.set_font(FAMILY, "", 8)
            when = _text(signed_at) if signed_at else "not signed"
            self.pdf.multi_cell(box - 4, 4, f"Signed: {when}", align="L")
        self.pdf.set_y(top + 24)
        self._body()

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _headings_style() -> object:
    from fpdf.fonts import FontFace

    return FontFace(family=FAMILY, emphasis="BOLD", color=BLUE, fill_color=(231, 238, 248))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    return download(content, filename, "application/pdf", inline=inline)
