"""YAML as text: bytes → text (UTF-8 only, said plainly when it is not), and the parser's errors
turned into messages a newcomer can act on (libyaml's own are terse: "did not find expected key").
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from roadmap.errors import InputError, Problem

__all__ = ["Loader", "decode", "error_problem"]

try:  # libyaml: 3-10x faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

#: File signatures of common binary formats, to say what was found instead of YAML.
_BINARY = {b"\x89PNG": "a PNG image", b"\x1f\x8b": "gzip-compressed data", b"%PDF": "a PDF document",
           b"PK\x03\x04": "a zip archive (an Office document?)", b"\xff\xd8\xff": "a JPEG image",
           b"GIF8": "a GIF image", b"\x7fELF": "a program (ELF)"}



def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as YAML counts them) of a byte offset."""
    return _position(raw[:offset].decode("utf-8", errors="replace"), offset=len(
        raw[:offset].decode("utf-8", errors="replace")))


def decode(raw: bytes, display: str) -> str:
    """UTF-8 only (an initial BOM is allowed and dropped); no NUL bytes."""
    for magic, what in _BINARY.items():
        if raw.startswith(magic):
            raise InputError([Problem(display, 1, 1, "", f"expected YAML text, found binary data ({what})")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(display, 1, 1, "", "expected UTF-8 text, found a UTF-16 byte-order mark "
                                                     "(save the file as UTF-8)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        raise InputError([Problem(display, line, col, "", "expected text, found a NUL byte (is this a binary file?)")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        raise InputError([Problem(display, line, col, "",
                                  f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x} "
                                  "(save the file as UTF-8)")]) from None


def error_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    """The one problem a parser error means, at its place."""
    if isinstance(exc, yaml.MarkedYAMLError):
        line, col, message = _syntax_message(exc, text)
        return Problem(file, line, col, "", message)
    if isinstance(exc, yaml.reader.ReaderError):  # unprintable characters
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line, col = _position(text, exc.position)
        return Problem(file, line, col, "", f"expected printable text, found the control character "
                                            f"U+{code:04X}; remove it, or write it as an escape in double quotes")
    return Problem(file, None, None, "", f"YAML error: {str(exc).splitlines()[0]}")


_ESCAPE_HINT = "in double quotes a backslash starts an escape; write \\\\ for a backslash, or use single quotes"
#: Hints for libyaml's terse syntax errors, keyed by the start of its message.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "a ':' here starts a mapping where none can start; check the "
                                      "indentation, or quote text that contains ': '",
    "did not find expected key": "check the indentation of this line against the keys above it",
    "did not find expected '-' indicator": "a list and keys are mixed at one indentation; "
                                           "check the indentation",
    "could not find expected ':'": "a key needs ':' after it (or is this text continuing an unclosed quote?)",
    "did not find expected <document start>": "unexpected content after the end of the document",
    "did not find expected node content": "a value is missing or starts with a character that needs quoting",
    "found unknown escape character": _ESCAPE_HINT,
    "did not find expected hexdecimal number": _ESCAPE_HINT,
    "found unknown directive name": "a line starting with '%' is a directive, and only %YAML and %TAG "
                                    "exist; quote text that starts with '%'",
}


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, int | None, str]:
    """A libyaml error as (line, col, message) a newcomer can act on."""
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    mark, cmark = exc.problem_mark, exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    found = _char_at(text, mark.line, mark.column) if mark else None
    if found == "\t" or "tab character" in problem:
        return line, col, "YAML syntax error: found a tab; YAML indentation must use spaces"
    if context == "while scanning a quoted scalar" and "end of stream" in problem and cmark is not None:
        return (cmark.line + 1, cmark.column + 1,
                "YAML syntax error: unclosed quote: the quoted text that starts here never ends "
                "(add the closing quote)")
    if problem == "found character that cannot start any token" and found:
        return line, col, (f"YAML syntax error: {found!r} cannot start a value; "
                           f"quote the text (\"...\") if it should start with it")
    if mark is not None and mark.column > 0 and _char_at(text, mark.line, mark.column - 1) in ("'", '"') \
            and problem.startswith("did not find expected"):
        opened = _unclosed_quote(text, mark)
        if opened is not None:
            (oline, ocol), quote, (cline, ccol) = opened
            return oline, ocol, (f"YAML syntax error: expected a closing {quote} for the text opened at line "
                                 f"{oline}, column {ocol}, found the end of line {oline} (the text ran on "
                                 f"to the {quote} at line {cline}, column {ccol})")
        return line, col, ("YAML syntax error: text goes on after a closing quote; inside single quotes "
                           "write a quote twice ('it''s'), or use double quotes")
    message = f"YAML syntax error: {problem}"
    if context and cmark is not None and (cmark.line, cmark.column) != (getattr(mark, "line", None),
                                                                        getattr(mark, "column", None)):
        message += f" ({context} started at line {cmark.line + 1}, column {cmark.column + 1})"
    for start, hint in _SYNTAX_HINTS.items():
        if problem.startswith(start):
            message += f"; {hint}"
            break
    return line, col, message


#: A line that reads as YAML structure (`key: ...`, `- item`), not as the continuation of a text.
_STRUCTURE_LINE = re.compile(r"\s*(- |-$|[^\s\"'#][^:]*:(\s|$))")


def _unclosed_quote(text: str, mark: Any) -> tuple[tuple[int, int], str, tuple[int, int]] | None:
    """When the error at `mark` follows a quoted text that ran over several lines holding what
    reads as keys or list items, the quote that opened it was most likely never closed, and the
    quote taken as its end opened another text. Returns (where it opened, the quote character,
    where the quote taken as its end is), 1-based, or None when that is not what happened."""
    found = None
    try:
        for token in yaml.scan(text, Loader=Loader):
            end = token.end_mark
            if (end.line, end.column) > (mark.line, mark.column):
                break
            if isinstance(token, yaml.ScalarToken) and (end.line, end.column) == (mark.line, mark.column):
                found = token
                break
    except yaml.YAMLError:
        pass
    if found is None or found.style not in ("'", '"') or found.start_mark.line == found.end_mark.line:
        return None
    start, end = found.start_mark, found.end_mark
    lines = text.split("\n")[start.line + 1:end.line + 1]
    if not any(_STRUCTURE_LINE.match(line) for line in lines):
        return None
    return (start.line + 1, start.column + 1), found.style, (end.line + 1, end.column)


def _char_at(text: str, line: int, column: int) -> str | None:
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    i = start + column
    return text[i] if i < len(text) and text[i] != "\n" else None


