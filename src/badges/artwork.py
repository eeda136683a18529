"""Badge pictures drawn from what a badge is: a shape per achievement kind (module: rounded
square, competence: hexagon, partial certificate: shield, qualification: medal with a
ribbon), a colour per VKS/EQF level, and the full title written across it, wrapped.

Pure and deterministic: the same arguments give the same SVG text and the same PNG bytes
(Pillow, with the DejaVu font matplotlib ships), so a baked badge can be drawn again
identically. The words (the kind's label, the level caption) come from the caller.
"""

from __future__ import annotations

import importlib.util
import io
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SIZE = 256
# One colour per level 1-8, each with at least 4.5:1 contrast against white text (WCAG
# 1.4.3), darker toward the higher levels; index 0 when no level is known.
LEVEL_COLOURS = (
    "#4a4a4a",
    "#0b6b2b",
    "#1d6b52",
    "#005e85",
    "#1f4e99",
    "#4b3b96",
    "#7a2a7f",
    "#8a1f45",
    "#6b2a00",
)
ACCENT = "#f2a900"
KINDS = ("module", "competence", "partial_certificate", "qualification")


@dataclass(frozen=True)
class Artwork:
    """What a badge picture shows: ``kind`` picks the shape, ``level`` (1-8) the colour."""

    title: str
    kind: str = ""
    level: int | None = None
    label: str = ""  # the kind in words ("Deelkwalificatie"), shown above the title
    caption: str = ""  # under the title ("VKS 4 · EQF 4")

    @property
    def colour(self) -> str:
        known = self.level is not None and 1 <= self.level <= 8
        return LEVEL_COLOURS[self.level if known and self.level else 0]

    def lines(self) -> tuple[list[str], int]:
        """The title wrapped at word boundaries to fit the shape, and the font size that
        lets it fit: long titles get smaller letters rather than being cut."""
        for size, width in ((22, 14), (19, 16), (16, 19), (14, 22), (12, 26)):
            lines = textwrap.wrap(self.title, width, break_long_words=False) or ["?"]
            if len(lines) <= 4 and max(map(len, lines)) <= width:
                return lines, size
        return textwrap.wrap(self.title, 26, max_lines=5, placeholder="…"), 12

    @property
    def centre(self) -> int:
        """Where the text block is centred: higher in a medal and a shield."""
        return {"qualification": 120, "": 120, "partial_certificate": 112}.get(self.kind, 128)


def _font_file(name: str) -> Path | None:
    """A DejaVu font file shipped inside matplotlib (a dependency of this project), found
    without importing matplotlib: Pillow's own default font has no glyphs for ë or é."""
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / name
        if path.is_file():
            return path
    return None


@cache
def _font(size: float, *, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _points(kind: str) -> list[tuple[float, float]]:
    """The outline of the shape of ``kind`` on the 256-unit square (empty: a circle)."""
    if kind == "competence":
        return [(128, 10), (230, 69), (230, 187), (128, 246), (26, 187), (26, 69)]
    if kind == "partial_certificate":
        return [(28, 22), (228, 22), (228, 140), (128, 244), (28, 140)]
    return []


def badge_svg(art: Artwork) -> str:
    """The badge as an SVG document (viewBox 256 × 256), its title as real text."""
    colour = art.colour
    if art.kind == "module":
        shape = f'<rect x="14" y="14" width="228" height="228" rx="36" fill="{colour}"/>'
        shape += f'<rect x="24" y="24" width="208" height="208" rx="28" fill="none" stroke="{ACCENT}" stroke-width="4"/>'  # noqa: E501
    elif _points(art.kind):
        points = " ".join(f"{x:g},{y:g}" for x, y in _points(art.kind))
        shape = f'<polygon points="{points}" fill="{colour}" stroke="{ACCENT}" stroke-width="8"/>'
    else:
        ribbon = (
            f'<polygon points="84,196 60,252 92,238 110,254 124,204" fill="{ACCENT}"/>'
            f'<polygon points="172,196 196,252 164,238 146,254 132,204" fill="{ACCENT}"/>'
        )
        shape = ribbon if art.kind == "qualification" else ""
        shape += f'<circle cx="128" cy="120" r="110" fill="{colour}" stroke="{ACCENT}" stroke-width="8"/>'  # noqa: E501
    lines, size = art.lines()
    top = art.centre - (len(lines) - 1) * size * 0.6
    texts = [
        f'<text x="128" y="{top + i * size * 1.2:.1f}" font-size="{size}" font-weight="700" '
        f'text-anchor="middle" dominant-baseline="middle">{escape(line)}</text>'
        for i, line in enumerate(lines)
    ]
    if art.label:
        texts.append(
            f'<text x="128" y="{top - size * 1.3:.1f}" font-size="12" text-anchor="middle" '
            f'letter-spacing="1">{escape(art.label.upper())}</text>'
        )
    if art.caption:
        below = top + (len(lines) - 1) * size * 1.2 + size * 1.4
        texts.append(
            f'<text x="128" y="{below:.1f}" font-size="13" text-anchor="middle">'
            f"{escape(art.caption)}</text>"
        )
    return (
        f'<svg xmlns="{SVG_NAMESPACE}" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" '
        f'height="{SIZE}" role="img"><title>{escape(art.title)}</title>{shape}'
        f'<g fill="#ffffff" font-family="DejaVu Sans, Verdana, sans-serif">{"".join(texts)}</g>'
        "</svg>"
    )


def badge_png(art: Artwork, size: int = SIZE) -> bytes:
    """The same badge drawn with Pillow as a PNG of ``size`` pixels square."""
    scale = size / SIZE
    picture = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    colour, accent = art.colour, ACCENT

    def at(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * scale, y * scale) for x, y in points]

    if art.kind == "module":
        draw.rounded_rectangle(at([(14, 14), (242, 242)]), radius=36 * scale, fill=colour)
        draw.rounded_rectangle(
            at([(24, 24), (232, 232)]), radius=28 * scale, outline=accent, width=int(4 * scale)
        )
    elif _points(art.kind):
        draw.polygon(at(_points(art.kind)), fill=colour, outline=accent, width=int(8 * scale))
    else:
        if art.kind == "qualification":
            draw.polygon(at([(84, 196), (60, 252), (92, 238), (110, 254), (124, 204)]), accent)
            draw.polygon(at([(172, 196), (196, 252), (164, 238), (146, 254), (132, 204)]), accent)
        draw.ellipse(at([(18, 10), (238, 230)]), fill=colour, outline=accent, width=int(8 * scale))
    lines, text_size = art.lines()
    top = art.centre - (len(lines) - 1) * text_size * 0.6
    font = _font(text_size * scale, bold=True)
    for i, line in enumerate(lines):
        y = (top + i * text_size * 1.2) * scale
        draw.text((128 * scale, y), line, fill="#ffffff", font=font, anchor="mm")
    small = _font(12 * scale, bold=False)
    if art.label:
        y = (top - text_size * 1.3) * scale
        draw.text((128 * scale, y), art.label.upper(), fill="#ffffff", font=small, anchor="mm")
    if art.caption:
        y = (top + (len(lines) - 1) * text_size * 1.2 + text_size * 1.4) * scale
        draw.text((128 * scale, y), art.caption, fill="#ffffff", font=small, anchor="mm")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()
