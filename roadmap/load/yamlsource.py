"""Safe YAML reading with positions: bytes on disk → plain Python data + a map of line/column marks.

We do not use PyYAML's constructors. We read the parser's event stream (libyaml's C parser when
available: fast, and iterative, so deep nesting cannot crash the process; PyYAML's composer and
constructors recurse, and crash the interpreter on a 200 KB file of '[') and build plain
dicts/lists/scalars ourselves, which lets us:

- record the line and column of every value and every key, keyed by its path;
- refuse duplicate keys, tags, merge keys, several documents and recursive aliases;
- bound alias expansion ("billion laughs"), nesting depth, the number of values and of problems;
- refuse YAML 1.1 scalars that silently change meaning (`no` → false, `0755` → 493, `.nan`),
  asking the author to write what they mean instead.

Every problem found is collected; the caller gets them all at once in an `InputError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import yaml

from roadmap.errors import InputError, Problem

try:  # libyaml: 3-10x faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

YamlPath = tuple[str | int, ...]

#: Default largest input accepted, in bytes; `ROADMAP_MAX_INPUT_BYTES` overrides it.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
#: Most nodes that aliases may add when expanded, beyond the nodes written in the file.
MAX_ALIAS_EXPANSION = 100_000
MAX_INT_DIGITS = 15
#: Most values (scalars, lists, mappings) written in one file. A full assessment of the 79-criterion
#: catalog with evidence holds a few thousand, a 10,000-criterion catalog about 600,000; past this
#: the file is not one a person or a catalog tool wrote, and reading it would only cost time.
MAX_NODES = 2_000_000
#: Most problems reported for one file: past this, more lines help no one and cost time.
MAX_PROBLEMS = 100

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
#: First characters of a plain scalar that none of YAML 1.1's implicit types (bool, null, numbers,
#: dates, merge, ...) start with: such a scalar is text, without asking the resolver.
_TEXT_START = frozenset(string.ascii_letters + string.punctuation) - set(_RESOLVER.yaml_implicit_resolvers)
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z")
#: Control characters (C0 but tab and newline, DEL, C1) that a double-quoted scalar can write as
#: escapes ("\e", "\x1b", "\r"): in a terminal they would move the cursor, recolour or rewrite
#: what is shown, so untrusted text may not hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Plain scalars that YAML 1.2 reads as numbers but YAML 1.1 (PyYAML, libyaml) reads as text.
_YAML12_OCTAL = re.compile(r"[-+]?0o[0-7]+\Z")
_YAML12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+\Z")
#: File signatures of common binary formats, to say what was found instead of YAML.
_BINARY = {b"\x89PNG": "a PNG image", b"\x1f\x8b": "gzip-compressed data", b"%PDF": "a PDF document",
           b"PK\x03\x04": "a zip archive (an Office document?)", b"\xff\xd8\xff": "a JPEG image",
           b"GIF8": "a GIF image", b"\x7fELF": "a program (ELF)"}


@dataclass
class Document:
    """One parsed YAML file: its data and where each piece of it was written."""

    file: str
    data: Any
    sha256: str
    marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    #: Paths whose value was refused at the YAML level; schema errors under them are redundant.
    bad_paths: set[YamlPath] = field(default_factory=set)
    #: The text as written of plain scalars YAML read as something other than text (`1.10` → 1.1),
    #: so that messages can show what the author wrote.
    written: dict[YamlPath, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Plain scalars YAML 1.1 reads as booleans and YAML 1.2 as text (`yes`, `off`): the boolean
    #: YAML 1.1 reads, and the problem said about it. This layer does not know the schema, so its
    #: advice is "write true/false"; where the schema does not take a boolean, the validation
    #: layer replaces that problem with the schema's own (`roadmap.load.validation`).
    yaml11_bools: dict[YamlPath, tuple[bool, Problem]] = field(default_factory=dict)

    def mark(self, path: YamlPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """The position of `path` (its key if `key`), else of its nearest written ancestor.

        Values reached through an alias have no marks of their own: they get the alias's."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))

    def problem(self, path: YamlPath, message: str, *, key: bool = False, shown: str | None = None) -> Problem:
        line, col = self.mark(path, key=key)
        return Problem(self.file, line, col, shown if shown is not None else dotted(path), message)


def dotted(path: YamlPath) -> str:
    """`("findings", "PER-04", "evidence", 0, "date")` → `findings.PER-04.evidence[0].date`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _short_path(path: YamlPath) -> str:
    """A dotted path cut down to its first and last parts when it is very deep."""
    if len(path) <= 8:
        return dotted(path)
    return dotted(path[:3]) + "…" + dotted(path[-2:]).lstrip(".")


def max_input_bytes() -> int:
    raw = os.environ.get("ROADMAP_MAX_INPUT_BYTES", "").strip()
    if raw.isdigit():
        return int(raw)
    return DEFAULT_MAX_BYTES


def _refuse(display: str, message: str) -> InputError:
    return InputError([Problem(display, None, None, "", message)])


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_bytes(path: Path, display: str, limit: int | None = None) -> bytes:
    """Read a file we were asked to read, refusing what is not a plain, reasonably sized file.

    Refused: directories, devices, FIFOs and sockets (reading /dev/zero or a FIFO would never end),
    files over the size limit, and symbolic links that lead outside the current folder (a link
    committed to a repository must not make a CI run print lines of, say, /etc/passwd).
    """
    limit = max_input_bytes() if limit is None else limit
    try:
        if os.path.islink(path):
            real = os.path.realpath(path)
            if not _inside(real, os.path.realpath(os.getcwd())):
                raise _refuse(display, "expected a file inside the current folder, found a symbolic link "
                                       "that leads outside it; copy the file here instead")
        # O_NONBLOCK: opening a FIFO must not wait for a writer; checked on the open file, so
        # that it cannot be swapped for another kind of file between the check and the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise _refuse(display, "file not found") from None
    except IsADirectoryError:
        raise _refuse(display, "expected a YAML file, found a directory") from None
    except OSError as exc:
        raise _refuse(display, f"cannot read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(display, "expected a YAML file, found a directory")
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else
                    "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                    "a socket" if stat.S_ISSOCK(st.st_mode) else "a special file")
            raise _refuse(display, f"expected a regular YAML file, found {kind}")
        if st.st_size > limit:
            raise _refuse(display, f"expected at most {limit:,} bytes, found a file of {st.st_size:,} bytes "
                                   "(set ROADMAP_MAX_INPUT_BYTES to raise the limit)")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _refuse(display, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if size > limit:  # it grew while we read it
        raise _refuse(display, f"expected at most {limit:,} bytes, found more "
                               "(set ROADMAP_MAX_INPUT_BYTES to raise the limit)")
    return b"".join(chunks)


def load_file(path: Path, display: str | None = None) -> Document:
    display = display if display is not None else str(path)
    return load_bytes(read_bytes(path, display), display)


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


def load_bytes(raw: bytes, display: str) -> Document:
    text = decode(raw, display)
    doc = Document(file=display, data=None, sha256=hashlib.sha256(raw).hexdigest())
    _Builder(doc).run(text)
    if doc.problems and doc.data is None:
        raise InputError(doc.problems)
    return doc  # problems left in doc.problems are reported together with the schema's


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


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
        for token in yaml.scan(text, Loader=_Loader):
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


class _Fatal(Exception):
    pass


class _Slot(str):
    """A path part for a value we read but do not keep (a duplicate key's, a refused key's):
    unique, so its marks never overwrite the kept value's, but shown as the key written."""

    shown: str

    def __new__(cls, shown: str, pos: tuple[int, int]) -> Self:
        self = super().__new__(cls, f"\x00{shown}@{pos[0]}:{pos[1]}")
        self.shown = shown
        return self

    def __str__(self) -> str:
        return self.shown


@dataclass
class _Frame:
    kind: str  # "map" | "seq"
    value: Any
    path: YamlPath
    size: int = 1
    key: str | None = None  # map: the key waiting for its value
    anchor: str | None = None
    is_key: bool = False  # a collection used as a key: read, refused, then dropped


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        #: anchor → (value, node count, the path it was written at)
        self.anchors: dict[str, tuple[Any, int, YamlPath]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.nodes = 0

    def fail(self, line: int | None, col: int | None, path: YamlPath, message: str) -> None:
        if len(self.doc.problems) >= MAX_PROBLEMS:
            self.doc.problems.append(Problem(self.doc.file, line, col, "",
                                             f"stopped reading after {MAX_PROBLEMS} problems", last=True))
            raise _Fatal
        self.doc.problems.append(Problem(self.doc.file, line, col, dotted(path), message))

    def run(self, text: str) -> None:
        self.text = text
        try:
            self._run(text)
        except _Fatal:
            self.doc.data = None
        except yaml.MarkedYAMLError as exc:
            self.doc.data = None
            mark = exc.problem_mark
            if "maximum nesting depth" in (exc.problem or "") and mark is not None and mark.index < len(text):
                # libyaml from PyYAML 6.0.4 on stops deep flow collections itself, while scanning ahead
                # and before any event reaches us: read the text up to where it stopped, so that our
                # own depth check (far below libyaml's) says it, at the same place as before.
                self._restart(text[:mark.index])
                return
            line, col, message = _syntax_message(exc, text)
            self.doc.problems.append(Problem(self.doc.file, line, col, "", message))
        except yaml.reader.ReaderError as exc:  # unprintable characters
            self.doc.data = None
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            line, col = _position(text, exc.position)
            self.doc.problems.append(Problem(
                self.doc.file, line, col, "", f"expected printable text, found the control character "
                                              f"U+{code:04X}; remove it, or write it as an escape in double quotes"))
        except yaml.YAMLError as exc:
            self.doc.data = None
            self.doc.problems.append(Problem(self.doc.file, None, None, "",
                                             f"YAML error: {str(exc).splitlines()[0]}"))

    def _restart(self, text: str) -> None:
        """Read `text` afresh into the same document, forgetting what the first reading found."""
        doc = self.doc
        for collection in (doc.marks, doc.key_marks, doc.bad_paths, doc.written, doc.problems,
                           doc.yaml11_bools, self.anchors, self.open_anchors):
            collection.clear()
        self.expanded = self.nodes = 0
        self.run(text)

    def _run(self, text: str) -> None:
        # The hot loop of every load: one pass over libyaml's events, dispatching on the exact event
        # class (most events are scalars), with the common cases (a plain key, a scalar value in a
        # mapping or list) inlined. The parser is driven directly rather than through yaml.parse's
        # generator. Measured in benchmarks/RESULTS.md.
        stack: list[_Frame] = []
        documents = 0
        result: list[Any] = []
        marks = self.doc.marks
        key_marks = self.doc.key_marks
        parser = _Loader(text)
        get_event = parser.get_event
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        try:
            while True:
                # Any: dispatched on its exact class below, which mypy cannot narrow through `cls`.
                event: Any = get_event()
                cls = type(event)
                if cls is not scalar_event and cls not in ends and cls is not alias_event:
                    if cls is yaml.DocumentStartEvent:
                        documents += 1
                        if documents > 1:
                            m = event.start_mark
                            self.fail(m.line + 1, m.column + 1, (),
                                      "expected a single YAML document, found a second one ('---')")
                            raise _Fatal
                        continue
                    if cls is yaml.StreamEndEvent:
                        break
                    if cls is yaml.StreamStartEvent or cls is yaml.DocumentEndEvent:
                        continue
                m = event.start_mark
                pos = (m.line + 1, m.column + 1)
                if cls in ends:
                    frame = stack.pop()
                    if frame.kind == "seq":  # sequences become tuples: our frozen models hold tuples
                        frame.value = tuple(frame.value)
                    if frame.anchor is not None:
                        self.anchors[frame.anchor] = (frame.value, frame.size, frame.path)
                        self.open_anchors.discard(frame.anchor)
                    if frame.is_key:
                        stack[-1].key = _Slot("?", marks.get(frame.path, pos))
                        continue
                    self._attach(stack, result, frame.value, frame.size, frame.path, pos, is_scalar=False)
                    continue

                self.nodes += 1
                if self.nodes > MAX_NODES:
                    self.fail(*pos, (), f"expected at most {MAX_NODES:,} values in one file, found more; "
                                        "refusing to read further")
                    raise _Fatal
                parent = stack[-1] if stack else None
                if parent is not None and parent.kind == "map" and parent.key is None:  # a key
                    if cls is scalar_event:
                        key = event.value
                        if (event.anchor is None and event.tag is None and key != "<<"
                                and key not in parent.value and event.style != '"'):
                            key_path = parent.path + (key,)
                            if key_path not in key_marks:  # else a duplicate after a dropped one: _key says so
                                key_marks[key_path] = pos
                                parent.key = key
                                continue
                        self._key(parent, event, pos)
                        continue
                    if cls is alias_event:
                        self.fail(*pos, parent.path, f"expected a plain text key, found the alias '*{event.anchor}'")
                        parent.key = _Slot(f"*{event.anchor}", pos)
                        continue
                    # `? [a, b]` or `{a: 1}: x`: read the collection (to report what is inside it
                    # too), then drop it with its value.
                    self.fail(*pos, parent.path, "expected a plain text key, found a "
                              + ("mapping" if cls is yaml.MappingStartEvent else "list"))
                    self._open(stack, event, parent.path + (_Slot("?", pos),), pos, is_key=True)
                    continue

                path: YamlPath
                if parent is None:
                    path = ()
                elif parent.kind == "map":
                    path = parent.path + (parent.key,)  # type: ignore[operator]  # a key is set: see above
                else:
                    path = parent.path + (len(parent.value),)
                if cls is scalar_event:
                    tag = event.tag
                    implicit = event.implicit
                    if tag is not None and tag not in ("!", _STR) and not implicit[0] and not implicit[1]:
                        self.fail(*pos, path, f"expected a value without a tag, found the tag '{_short_tag(tag)}' "
                                              "(tags are not allowed; only '!!str' is)")
                        value = event.value
                        self.doc.bad_paths.add(path)
                    elif not implicit[0]:  # quoted, block scalar or !!str: always text
                        value = event.value
                        if event.style == '"' and _CONTROL.search(value):  # only "..." has escapes
                            self._control(value, path, pos)
                    else:
                        value = self._scalar(event.value, path, pos)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1, path)
                    marks[path] = pos
                    if parent is None:
                        result.append(value)
                    elif parent.kind == "map":
                        parent.size += 1
                        if type(parent.key) is str:
                            parent.value[parent.key] = value
                        parent.key = None
                    else:
                        parent.size += 1
                        parent.value.append(value)
                    continue
                if cls is alias_event:
                    self._alias(stack, result, event, path, pos)
                    continue
                self._open(stack, event, path, pos)
        finally:
            parser.dispose()
        self.doc.data = result[0] if result else None

    def _alias(self, stack: list[_Frame], result: list[Any], event: yaml.AliasEvent, path: YamlPath,
               pos: tuple[int, int]) -> None:
        if event.anchor in self.open_anchors:
            self.fail(*pos, path, f"recursive alias '*{event.anchor}' refers to a node that contains it")
            raise _Fatal
        if event.anchor not in self.anchors:
            self.fail(*pos, path, f"unknown alias '*{event.anchor}' (no '&{event.anchor}' before it)")
            raise _Fatal
        value, size, origin = self.anchors[event.anchor]
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            self.fail(*pos, path, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values; "
                                  "refusing to expand them (write the content out)")
            raise _Fatal
        # What was refused inside the anchored node is refused here too (and said once).
        for bad in [b for b in self.doc.bad_paths if b[:len(origin)] == origin]:
            self.doc.bad_paths.add(path + bad[len(origin):])
        self._attach(stack, result, value, size, path, pos, is_scalar=True)

    def _open(self, stack: list[_Frame], event: yaml.CollectionStartEvent, path: YamlPath,
              pos: tuple[int, int], *, is_key: bool = False) -> None:
        tag = event.tag
        if tag is not None and not event.implicit:
            self.fail(*pos, path, f"expected a value without a tag, found the tag '{_short_tag(tag)}' "
                                  "(tags are not allowed)")
            self.doc.bad_paths.add(path)
        if len(stack) >= MAX_DEPTH:
            self.doc.problems.append(Problem(self.doc.file, *pos, _short_path(path),
                                             f"expected at most {MAX_DEPTH} levels of nesting, found more"))
            raise _Fatal
        kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
        frame = _Frame(kind, {} if kind == "map" else [], path, anchor=event.anchor, is_key=is_key)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.doc.marks[path] = pos
        stack.append(frame)

    def _control(self, text: str, path: YamlPath, pos: tuple[int, int]) -> None:
        found = _CONTROL.search(text)
        assert found is not None
        self.fail(*pos, path, f"expected printable text, found the control character U+{ord(found.group()):04X} "
                              "(an escape in double quotes); remove it")
        self.doc.bad_paths.add(path)

    def _key(self, parent: _Frame, event: yaml.ScalarEvent, pos: tuple[int, int]) -> None:
        key = event.value
        if event.style == '"' and _CONTROL.search(key):
            self._control(key, parent.path, pos)  # said at the mapping: the key itself is not shown
            parent.key = _Slot(_CONTROL.sub("?", key), pos)
            return
        path = parent.path + (key,)
        if event.tag is not None and event.tag not in ("!", _STR):
            # `!!python/object:os.system ALP-02:` or `!!int 5:`: keys are text; a tag would change that.
            self.fail(*pos, path, f"expected a plain text key, found the tag '{_short_tag(event.tag)}' on it")
            parent.key = _Slot(key, pos)
            return
        if event.implicit[0] and key == "<<":
            self.fail(*pos, path, "merge keys ('<<') are not supported; write the keys out")
            parent.key = _Slot(key, pos)
            self.doc.bad_paths.add(parent.path)
            return
        if event.anchor is not None:  # `&k key:`: YAML lets `*k` repeat the key's text as a value
            self.anchors[event.anchor] = (key, 1, path)
        if key in parent.value or path in self.doc.key_marks:
            first = self.doc.key_marks.get(path)
            where = f" (first at line {first[0]})" if first else ""
            self.fail(*pos, path, f"duplicate key '{key}'{where}")
            # Keep the first value; the duplicate's value is read into a throw-away slot.
            parent.key = _Slot(key, pos)
            return
        self.doc.key_marks[path] = pos
        parent.key = key

    def _attach(self, stack: list[_Frame], result: list[Any], value: Any, size: int,
                path: YamlPath, pos: tuple[int, int], *, is_scalar: bool) -> None:
        if is_scalar or path not in self.doc.marks:
            self.doc.marks[path] = pos
        if not stack:
            result.append(value)
            return
        parent = stack[-1]
        parent.size += size
        if parent.kind == "map":
            assert parent.key is not None
            if not isinstance(parent.key, _Slot):
                parent.value[parent.key] = value
            parent.key = None
        else:
            parent.value.append(value)

    def _scalar(self, text: str, path: YamlPath, pos: tuple[int, int]) -> Any:
        """A plain (unquoted) scalar: what YAML 1.1 reads it as, refusing readings that YAML 1.2
        would not share."""
        if text and text[0] in _TEXT_START:  # no implicit type starts with this letter: text
            return text
        tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        short = tag.rsplit(":", 1)[-1]

        def ambiguous(message: str) -> str:
            self.fail(*pos, path, message)
            self.doc.bad_paths.add(path)
            return text

        quote = f'or quote it ("{text}")' if len(text) <= 40 else "or quote it"
        if short == "null":
            return None
        if short == "str":
            if _YAML12_OCTAL.match(text):
                return ambiguous(f"ambiguous number {text}: YAML 1.2 reads it as the octal number "
                                 f"{int(text.replace('0o', ''), 8)}, YAML 1.1 as text; "
                                 f"write a plain decimal number, {quote}")
            if _YAML12_FLOAT.match(text) and len(text) <= 40:
                return ambiguous(f"ambiguous number {text}: YAML 1.2 reads it as a number, YAML 1.1 as text; "
                                 f"write it with a decimal point and a signed exponent (such as 1.0e+3) "
                                 f"or as a plain decimal number, {quote}")
            return text
        self.doc.written[path] = text
        if short == "bool":
            if text.lower() in ("true", "false"):
                return text.lower() == "true"
            refused = ambiguous(f"ambiguous value {text}: YAML 1.1 reads it as a boolean and YAML 1.2 as text; "
                              f"write true/false, {quote}")
            # the problem `ambiguous` just added (it raises, adding none, past MAX_PROBLEMS)
            self.doc.yaml11_bools[path] = (text.lower() in ("yes", "on"), self.doc.problems[-1])
            return refused
        if short == "int":
            if not _PLAIN_INT.match(text):
                return ambiguous(f"ambiguous number {text}: {_int_reading(text)}; "
                                 f"write a plain decimal number, {quote}")
            digits = len(text.lstrip("+-"))
            if digits > MAX_INT_DIGITS:
                return ambiguous(f"expected a number of at most {MAX_INT_DIGITS} digits, "
                                 f"found one of {digits:,} digits")
            return int(text)
        if short == "float":
            low = text.lower()
            if "nan" in low or "inf" in low:
                return ambiguous(f"expected a finite number, found {text} "
                                 "(not-a-number and infinity are not allowed)")
            if not _PLAIN_FLOAT.match(text):
                reading = ("YAML 1.1 reads it as a base-60 number, YAML 1.2 as text" if ":" in text else
                           "YAML 1.1 ignores the underscores, YAML 1.2 reads it as text")
                return ambiguous(f"ambiguous number {text}: {reading}; write a plain decimal number, {quote}")
            value = float(text)
            if value in (float("inf"), float("-inf")):
                return ambiguous(f"expected a number of a reasonable size, found {text[:20]}... "
                                 f"({len(text):,} characters)" if len(text) > 40 else
                                 f"expected a number of a reasonable size, found {text}")
            return value
        if short == "timestamp":
            try:
                if _DATE.match(text):
                    y, mo, d = (int(x) for x in text.split("-"))
                    return dt.date(y, mo, d)
                return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
            except ValueError as exc:
                return ambiguous(f"invalid date {text}: {exc}")
        return text


def _int_reading(text: str) -> str:
    """How YAML 1.1 reads a non-decimal integer, and how YAML 1.2 does."""
    body = text.lstrip("+-")
    if ":" in body:
        try:
            value = 0
            for part in body.replace("_", "").split(":"):
                value = value * 60 + int(part)
            return f"YAML 1.1 reads it as the base-60 number {value}, YAML 1.2 as text"
        except ValueError:  # pragma: no cover - the resolver's pattern admits only digits
            return "YAML 1.1 reads it as a base-60 number, YAML 1.2 as text"
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
