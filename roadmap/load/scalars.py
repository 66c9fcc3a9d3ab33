"""Plain (unquoted) scalars: what YAML 1.1 reads them as, refusing readings YAML 1.2 would not share.

PyYAML and libyaml follow YAML 1.1, where `no` is false, `0755` is 493 and `1:30` is 90; YAML 1.2
(and most other tools, and most readers) take them as text or as other numbers. Rather than guess,
we refuse such a scalar and ask the author to write what they mean: `Refused` says why.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable
from typing import Any

import yaml

MAX_INT_DIGITS = 15

_RESOLVER = yaml.resolver.Resolver()
#: First characters of a plain scalar that none of YAML 1.1's implicit types (bool, null, numbers,
#: dates, merge, ...) start with: such a scalar is text, without asking the resolver.
TEXT_START = frozenset(string.ascii_letters + string.punctuation) - set(_RESOLVER.yaml_implicit_resolvers)
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z")
# Plain scalars that YAML 1.2 reads as numbers but YAML 1.1 (PyYAML, libyaml) reads as text.
_YAML12_OCTAL = re.compile(r"[-+]?0o[0-7]+\Z")
_YAML12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+\Z")


class Refused(ValueError):
    """A plain scalar refused: the message says why and what to write instead."""

    def __init__(self, message: str, *, boolean: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: For `yes`/`off` and the like: the boolean YAML 1.1 reads (the schema may prefer its own word).
        self.boolean = boolean


def kind(text: str) -> str:
    """The YAML 1.1 type of a plain scalar: `str`, `null`, `bool`, `int`, `float`, `timestamp`, ..."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag.rsplit(":", 1)[-1]


def value(short: str, text: str) -> Any:
    """The value of a plain scalar whose YAML 1.1 type is `short` (see `kind`); raises `Refused`."""
    read = _READERS.get(short)
    return text if read is None else read(text)


def _quote(text: str) -> str:
    return f'or quote it ("{text}")' if len(text) <= 40 else "or quote it"


def _text(text: str) -> str:
    if _YAML12_OCTAL.match(text):
        raise Refused(f"ambiguous number {text}: YAML 1.2 reads it as the octal number "
                      f"{int(text.replace('0o', ''), 8)}, YAML 1.1 as text; "
                      f"write a plain decimal number, {_quote(text)}")
    if _YAML12_FLOAT.match(text) and len(text) <= 40:
        raise Refused(f"ambiguous number {text}: YAML 1.2 reads it as a number, YAML 1.1 as text; "
                      f"write it with a decimal point and a signed exponent (such as 1.0e+3) "
                      f"or as a plain decimal number, {_quote(text)}")
    return text


def _bool(text: str) -> bool:
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    raise Refused(f"ambiguous value {text}: YAML 1.1 reads it as a boolean and YAML 1.2 as text; "
                  f"write true/false, {_quote(text)}", boolean=low in ("yes", "on"))


def _int(text: str) -> int:
    if not _PLAIN_INT.match(text):
        raise Refused(f"ambiguous number {text}: {_int_reading(text)}; write a plain decimal number, {_quote(text)}")
    digits = len(text.lstrip("+-"))
    if digits > MAX_INT_DIGITS:
        raise Refused(f"expected a number of at most {MAX_INT_DIGITS} digits, found one of {digits:,} digits")
    return int(text)


def _float(text: str) -> float:
    low = text.lower()
    if "nan" in low or "inf" in low:
        raise Refused(f"expected a finite number, found {text} (not-a-number and infinity are not allowed)")
    if not _PLAIN_FLOAT.match(text):
        reading = ("YAML 1.1 reads it as a base-60 number, YAML 1.2 as text" if ":" in text else
                   "YAML 1.1 ignores the underscores, YAML 1.2 reads it as text")
        raise Refused(f"ambiguous number {text}: {reading}; write a plain decimal number, {_quote(text)}")
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise Refused(f"expected a number of a reasonable size, found {text[:20]}... ({len(text):,} characters)"
                      if len(text) > 40 else f"expected a number of a reasonable size, found {text}")
    return number


def _timestamp(text: str) -> dt.date:
    try:
        if _DATE.match(text):
            y, mo, d = (int(x) for x in text.split("-"))
            return dt.date(y, mo, d)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError as exc:
        raise Refused(f"invalid date {text}: {exc}") from None


def _null(text: str) -> None:
    return None


_READERS: dict[str, Callable[[str], Any]] = {
    "null": _null, "str": _text, "bool": _bool, "int": _int, "float": _float, "timestamp": _timestamp,
}


def _int_reading(text: str) -> str:
    """How YAML 1.1 reads a non-decimal integer, and how YAML 1.2 does."""
    body = text.lstrip("+-")
    if ":" in body:
        return _base60_reading(body)
    if body.startswith(("0x", "0X")):
        return "it is written in hexadecimal"
    if body.startswith(("0b", "0B")):
        return "YAML 1.1 reads it as a binary number, YAML 1.2 as text"
    if "_" in body:
        return "YAML 1.1 ignores the underscores, YAML 1.2 reads it as text"
    if body.startswith("0") and len(body) <= 40:
        try:
            return f"YAML 1.1 reads it as the octal number {int(body, 8)}, YAML 1.2 as {int(body)}"
        except ValueError:
            return "YAML 1.1 reads a leading 0 as octal, YAML 1.2 does not"
    return "it is not a plain decimal number"


def _base60_reading(body: str) -> str:
    try:
        number = 0
        for part in body.replace("_", "").split(":"):
            number = number * 60 + int(part)
        return f"YAML 1.1 reads it as the base-60 number {number}, YAML 1.2 as text"
    except ValueError:  # pragma: no cover - the resolver's pattern admits only digits
        return "YAML 1.1 reads it as a base-60 number, YAML 1.2 as text"
