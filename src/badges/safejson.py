"""Reading untrusted JSON without a recursion error, a lone surrogate or a 5,000-digit number.

``load_json`` bounds size and nesting *before* parsing, then parses with the standard
library and refuses what JSON-LD, canonicalisation and UTF-8 output cannot carry;
``check_json_value`` applies the same bounds to an already parsed value without
recursion. Each refusal is a typed error with a stable ``code`` that callers map to
an answer (HTTP: 413 for size, 422 for depth and numbers, 400 for the rest). Imports
nothing else from the project.
"""

from __future__ import annotations

import json
import math
import operator
import re
from itertools import accumulate, count
from typing import Any

from badges.errors import (
    DocumentTooDeepError,
    DocumentTooLargeError,
    InvalidUnicodeError,
    MalformedJsonError,
    NumberTooLargeError,
)

MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 64
# Python refuses to read integers of more than 4,300 digits (CVE-2020-10735); refusing
# them ourselves gives a typed error instead of a bare ValueError deep in a parser.
MAX_INT_DIGITS = 4300
_BITS_PER_DIGIT = math.log2(10)
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# "[" and "{" count 2, "]" and "}" count 0: running sum minus position is the depth.
_BRACKET_WEIGHT = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting of JSON text, brackets inside strings not counted.

    Hand-written: neither ``json`` (which recurses until ``RecursionError``) nor
    ``orjson`` (fixed limit of 1,024, big integers read as floats) lets a caller bound
    depth, and the count must happen before any recursive parser runs. Linear, with
    the loops in C (regular expressions, ``accumulate``).
    """
    brackets = _NOT_BRACKET.sub("", _STRINGS.sub('""', text))
    if not brackets:
        return 0
    weights = brackets.encode("ascii").translate(_BRACKET_WEIGHT)
    deepest: int = max(map(operator.sub, accumulate(weights), count(1)))
    return max(0, deepest)


def load_json(
    data: bytes | str,
    *,
    max_bytes: int = MAX_JSON_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
    max_int_digits: int = MAX_INT_DIGITS,
) -> Any:
    """Parse untrusted JSON within limits; the result is plain JSON data.

    Raises:
        DocumentTooLargeError: more than ``max_bytes`` bytes (UTF-8).
        DocumentTooDeepError: arrays/objects nested deeper than ``max_depth``.
        NumberTooLargeError: an integer over ``max_int_digits`` digits, or a number
            that does not fit a finite double.
        InvalidUnicodeError: a string holding a lone surrogate.
        MalformedJsonError: not UTF-8, not JSON, or NaN/Infinity.
    """
    if len(data) > max_bytes:  # a str has no more characters than UTF-8 bytes
        raise DocumentTooLargeError(f"JSON of more than {max_bytes} bytes")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise MalformedJsonError(f"JSON is not UTF-8: {error.reason}") from None
    else:
        text = data
        if _SURROGATE.search(text):
            raise InvalidUnicodeError("the text holds a lone surrogate")
        if len(text.encode("utf-8")) > max_bytes:
            raise DocumentTooLargeError(f"JSON of more than {max_bytes} bytes")
    # no deeper than the number of opening brackets: most documents stop here
    depth = min(text.count("[") + text.count("{"), max_depth + 1)
    if depth > max_depth:
        depth = nesting_depth(text)
    if depth > max_depth:
        raise DocumentTooDeepError(f"JSON nested {depth} levels deep; limit {max_depth}")

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > max_int_digits:
            raise NumberTooLargeError(f"an integer of more than {max_int_digits} digits")
        return int(digits)

    try:
        value = json.loads(
            text, parse_int=integer, parse_float=_finite, parse_constant=_no_constant
        )
    except json.JSONDecodeError as error:
        raise MalformedJsonError(f"not JSON: {error.msg} at character {error.pos}") from None
    except RecursionError:  # pragma: no cover - the depth bound above rules this out
        raise DocumentTooDeepError("JSON nested too deep") from None
    if _SURROGATE_ESCAPE.search(text):
        # only an escape can put a surrogate into a string (the text itself is UTF-8
        # or was checked above); pairs decode to one character, lone ones remain
        check_json_value(value, max_depth=max_depth, max_int_digits=max_int_digits)
    return value


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise NumberTooLargeError(f"number {text[:20]}… does not fit a double")
    return number


def _no_constant(name: str) -> float:
    raise MalformedJsonError(f"{name} is not JSON")


def check_json_value(
    value: object, *, max_depth: int = MAX_JSON_DEPTH, max_int_digits: int = MAX_INT_DIGITS
) -> None:
    """Check an already parsed value, without recursion: depth, strings and numbers.

    Raises:
        DocumentTooDeepError, InvalidUnicodeError, NumberTooLargeError.
    """
    max_bits = max_int_digits * _BITS_PER_DIGIT
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                raise InvalidUnicodeError("a string holds a lone surrogate")
        elif isinstance(item, dict):
            if depth >= max_depth:
                raise DocumentTooDeepError(f"nested deeper than {max_depth} levels")
            for key, member in item.items():
                stack.append((key, depth + 1))
                stack.append((member, depth + 1))
        elif isinstance(item, list | tuple):
            if depth >= max_depth:
                raise DocumentTooDeepError(f"nested deeper than {max_depth} levels")
            stack.extend((member, depth + 1) for member in item)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if item.bit_length() > max_bits:
                raise NumberTooLargeError(f"an integer of more than {max_int_digits} digits")
        elif isinstance(item, float) and not math.isfinite(item):
            raise NumberTooLargeError("a number that is not finite")
