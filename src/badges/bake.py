"""Baking credentials into PNG and SVG badge images (OB 3.0 §5.3 "Baking") and back.

PNG: one uncompressed ``iTXt`` chunk, keyword ``openbadgecredential``, holding the
credential JSON or the compact VC-JWT. SVG: one ``<openbadges:credential>`` element
(namespace ``https://purl.imsglobal.org/ob/v3p0``) right inside the root, its text in
CDATA. Re-baking replaces an earlier credential. Also draws default badge images, so a
baked file never needs an external picture.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException
from PIL import Image, ImageDraw, PngImagePlugin, UnidentifiedImageError

from badges.errors import DocumentTooLargeError, UnreadableInputError
from badges.safejson import load_json

PNG_KEYWORD = "openbadgecredential"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_INPUT_BYTES = 8 * 1024 * 1024

Baked = dict[str, Any] | str


def _payload(credential: Mapping[str, Any] | str) -> str:
    if isinstance(credential, str):
        return credential.strip()
    return json.dumps(credential, ensure_ascii=False, separators=(",", ":"))


def bake_png(image: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """Return the PNG with the credential in an uncompressed ``iTXt`` chunk.

    Raises:
        UnreadableInputError: ``image`` is not a PNG.
    """
    with _open_png(image) as picture:
        info = PngImagePlugin.PngInfo()
        # Pillow re-encodes only the chunks given here, so an older credential is dropped.
        info.add_itxt(PNG_KEYWORD, _payload(credential), zip=False)
        out = io.BytesIO()
        picture.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def extract_png(image: bytes) -> Baked:
    """The credential baked into a PNG (a dict, or a JWT string).

    Raises:
        UnreadableInputError: not a PNG, truncated, or no ``openbadgecredential`` chunk.
    """
    with _open_png(image) as picture:
        try:
            text = picture.text.get(PNG_KEYWORD)  # type: ignore[attr-defined]
        except (OSError, SyntaxError, ValueError) as error:
            raise UnreadableInputError(f"PNG cannot be read: {error}") from error
    if text is None:
        raise UnreadableInputError("PNG carries no openbadgecredential iTXt chunk")
    return parse_payload(str(text))


def _open_png(image: bytes) -> Image.Image:
    if len(image) > MAX_INPUT_BYTES or not image.startswith(PNG_SIGNATURE):
        raise UnreadableInputError("not a PNG image (or larger than 8 MiB)")
    try:
        picture = Image.open(io.BytesIO(image), formats=["PNG"])
        picture.load()
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError) as error:
        raise UnreadableInputError(f"PNG cannot be read: {error}") from error
    return picture


def bake_svg(svg: str, credential: Mapping[str, Any] | str) -> str:
    """Return the SVG with the credential in ``<openbadges:credential>``.

    Raises:
        UnreadableInputError: ``svg`` is not well-formed SVG.
    """
    root = _parse_svg(svg)
    for old in root.findall(f"{{{OB_NAMESPACE}}}credential"):
        root.remove(old)
    ElementTree.register_namespace("", SVG_NAMESPACE)
    ElementTree.register_namespace("openbadges", OB_NAMESPACE)
    text = ElementTree.tostring(root, encoding="unicode")
    # ElementTree cannot write CDATA, which the spec shows; the element is spliced in
    # after the root's start tag (attribute values never hold a raw ">" once serialised).
    end_of_start = text.index(">") + 1
    start = text[:end_of_start]
    if f'xmlns:openbadges="{OB_NAMESPACE}"' not in start:
        start = start.replace("<svg", f'<svg xmlns:openbadges="{OB_NAMESPACE}"', 1)
    cdata = _payload(credential).replace("]]>", "]]]]><![CDATA[>")
    element = f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>"
    return start + element + text[end_of_start:]


def extract_svg(svg: str) -> Baked:
    """The credential baked into an SVG (a dict, or a JWT string).

    Raises:
        UnreadableInputError: not well-formed SVG, or no ``openbadges:credential``.
    """
    element = _parse_svg(svg).find(f"{{{OB_NAMESPACE}}}credential")
    if element is None or not (element.text or "").strip():
        raise UnreadableInputError("SVG carries no openbadges:credential element")
    return parse_payload(element.text or "")


def _parse_svg(svg: str) -> ElementTree.Element:
    if len(svg) > MAX_INPUT_BYTES:
        raise UnreadableInputError("SVG larger than 8 MiB")
    try:
        root = SafeElementTree.fromstring(svg)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise UnreadableInputError(f"SVG cannot be parsed: {error}") from error
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise UnreadableInputError("root element is not an SVG <svg>")
    element: ElementTree.Element = root
    return element


def parse_payload(text: str) -> Baked:
    """A baked payload: JSON object text, or a compact JWT.

    Raises:
        UnreadableInputError: neither; its subclasses say why JSON could not be read
            (``MalformedJsonError``, ``DocumentTooDeepError``, ``NumberTooLargeError``,
            ``InvalidUnicodeError``), each with a stable ``code``.
    """
    text = text.strip()
    if text.startswith("{"):
        try:
            value = load_json(text, max_bytes=4 * MAX_INPUT_BYTES)
        except DocumentTooLargeError as error:
            raise UnreadableInputError(f"baked JSON cannot be read: {error}") from error
        if isinstance(value, dict):
            return value
    elif text.count(".") == 2 and " " not in text:
        return text
    raise UnreadableInputError("baked payload is neither a JSON object nor a JWT")


def read_badge(data: bytes) -> Baked:
    """Read a credential from bytes holding JSON, a compact JWT, a PNG or an SVG.

    Raises:
        UnreadableInputError: none of those, or nothing baked inside.
    """
    if data.startswith(PNG_SIGNATURE):
        return extract_png(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInputError("input is neither PNG nor UTF-8 text") from error
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return extract_svg(text)
    return parse_payload(stripped)


def default_png(title: str, size: int = 256) -> bytes:
    """A plain round badge with the title's initials, drawn with Pillow."""
    picture = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse(
        (8, 8, size - 8, size - 8), fill=(0, 94, 133, 255), outline=(242, 169, 0, 255), width=10
    )
    initials = "".join(word[0] for word in title.split()[:3]).upper() or "LS"
    draw.text(
        (size / 2, size / 2), initials, fill=(255, 255, 255, 255), anchor="mm", font_size=size // 4
    )
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def default_svg(title: str) -> str:
    """A plain round badge in SVG with the title written across it."""
    label = escape(title[:40])
    return (
        f'<svg xmlns="{SVG_NAMESPACE}" viewBox="0 0 256 256" width="256" height="256">'
        '<circle cx="128" cy="128" r="118" fill="#005e85" stroke="#f2a900" stroke-width="10"/>'
        '<text x="128" y="136" font-family="sans-serif" font-size="18" fill="#ffffff" '
        f'text-anchor="middle">{label}</text></svg>'
    )
