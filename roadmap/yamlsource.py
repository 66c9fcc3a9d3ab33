"""Safe YAML reading with positions: bytes on disk → plain Python data + a map of line/column marks.

We do not use PyYAML's constructors. We read the parser's event stream (libyaml's C parser when
available: fast, and iterative, so deep nesting cannot crash the process) and build plain
dicts/lists/scalars ourselves, which lets us:

- record the line and column of every value and every key, keyed by its path;
- refuse duplicate keys, tags, merge keys, several documents and recursive aliases;
- bound alias expansion ("billion laughs") and nesting depth;
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z")


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
    problems: list[Problem] = field(default_factory=list)

    def mark(self, path: YamlPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """The position of `path` (its key if `key`), else of its nearest written ancestor."""
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


def max_input_bytes() -> int:
    raw = os.environ.get("ROADMAP_MAX_INPUT_BYTES")
    if raw and raw.isdigit():
        return int(raw)
    return DEFAULT_MAX_BYTES


def read_bytes(path: Path, display: str, limit: int | None = None) -> bytes:
    """Read a file we were asked to read, refusing what is not a plain, reasonably sized file."""
    limit = max_input_bytes() if limit is None else limit
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError([Problem(display, None, None, "", "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(display, None, None, "", f"cannot read: {exc.strerror}")]) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError([Problem(display, None, None, "", "expected a YAML file, found a directory")])
    if not stat.S_ISREG(st.st_mode):
        raise InputError([Problem(display, None, None, "", "expected a regular file, found a special file")])
    if st.st_size > limit:
        raise InputError([Problem(display, None, None, "",
                                  f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit "
                                  "(set ROADMAP_MAX_INPUT_BYTES to raise it)")])
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError([Problem(display, None, None, "", f"cannot read: {exc.strerror}")]) from None
    if len(data) > limit:
        raise InputError([Problem(display, None, None, "", f"file is over the {limit:,}-byte limit")])
    return data


def load_file(path: Path, display: str | None = None) -> Document:
    display = display if display is not None else str(path)
    return load_bytes(read_bytes(path, display), display)


def _position(text: bytes | str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    nl = b"\n" if isinstance(before, bytes) else "\n"
    line = before.count(nl) + 1  # type: ignore[arg-type]
    col = offset - (before.rfind(nl) + 1) + 1  # type: ignore[arg-type]
    return line, col


def decode(raw: bytes, display: str) -> str:
    """UTF-8 only (an initial BOM is allowed and dropped); no NUL bytes."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(display, 1, 1, "", "expected UTF-8 text, found a UTF-16 byte-order mark")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw, nul)
        raise InputError([Problem(display, line, col, "", "expected text, found a NUL byte (is this a binary file?)")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        raise InputError([Problem(display, line, col, "",
                                  f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x}")]) from None


def load_bytes(raw: bytes, display: str) -> Document:
    text = decode(raw, display)
    doc = Document(file=display, data=None, sha256=hashlib.sha256(raw).hexdigest())
    _Builder(doc).run(text)
    if doc.problems and doc.data is None:
        raise InputError(doc.problems)
    return doc  # problems left in doc.problems are reported together with the schema's


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Fatal(Exception):
    pass


@dataclass
class _Frame:
    kind: str  # "map" | "seq"
    value: Any
    path: YamlPath
    size: int = 1
    key: str | None = None  # map: the key waiting for its value
    anchor: str | None = None


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.first_keys: dict[YamlPath, int] = {}

    def fail(self, line: int | None, col: int | None, path: YamlPath, message: str) -> None:
        self.doc.problems.append(Problem(self.doc.file, line, col, dotted(path), message))

    def run(self, text: str) -> None:
        self.text = text
        try:
            self._run(text)
        except _Fatal:
            pass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = exc.problem or exc.context or "invalid YAML"
            if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
                what = "found a tab; YAML indentation must use spaces"
            line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
            self.fail(line, col, (), f"YAML syntax error: {what}")
        except yaml.reader.ReaderError as exc:  # unprintable characters
            line, col = _position(text, exc.position)
            self.fail(line, col, (), f"expected printable text, found the control character "
                                     f"U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X}")
        except yaml.YAMLError as exc:
            self.fail(None, None, (), f"YAML error: {str(exc).splitlines()[0]}")

    def _run(self, text: str) -> None:
        stack: list[_Frame] = []
        documents = 0
        result: list[Any] = []
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    self.fail(m.line + 1, m.column + 1, (),
                              "expected a single YAML document, found a second one ('---')")
                    raise _Fatal
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            m = event.start_mark
            pos = (m.line + 1, m.column + 1)
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.kind == "seq":  # sequences become tuples: our frozen models hold tuples
                    frame.value = tuple(frame.value)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.value, frame.size)
                    self.open_anchors.discard(frame.anchor)
                self._attach(stack, result, frame.value, frame.size, frame.path, pos, is_scalar=False)
                continue

            parent = stack[-1] if stack else None
            expecting_key = parent is not None and parent.kind == "map" and parent.key is None
            if expecting_key:
                assert parent is not None
                if not isinstance(event, yaml.ScalarEvent):
                    what = "an alias" if isinstance(event, yaml.AliasEvent) else "a collection"
                    self.fail(*pos, parent.path, f"expected a plain text key, found {what}")
                    raise _Fatal
                self._key(parent, event, pos)
                continue

            path = self._child_path(parent)
            if isinstance(event, yaml.AliasEvent):
                if event.anchor in self.open_anchors:
                    self.fail(*pos, path, f"recursive alias '*{event.anchor}' refers to a node that contains it")
                    raise _Fatal
                if event.anchor not in self.anchors:
                    self.fail(*pos, path, f"unknown alias '*{event.anchor}'")
                    raise _Fatal
                value, size = self.anchors[event.anchor]
                self.expanded += size
                if self.expanded > MAX_ALIAS_EXPANSION:
                    self.fail(*pos, path, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes; "
                                          "refusing to expand them (write the content out)")
                    raise _Fatal
                self._attach(stack, result, value, size, path, pos, is_scalar=False)
                continue
            tag = getattr(event, "tag", None)
            if isinstance(event, yaml.ScalarEvent):
                if tag is not None and tag not in ("!", _STR) and not event.implicit[0] and not event.implicit[1]:
                    self.fail(*pos, path, f"tags are not allowed, found '{_short_tag(tag)}' (only '!!str' is)")
                    value = event.value
                    self.doc.bad_paths.add(path)
                else:
                    value = self._scalar(event, path, pos)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                self._attach(stack, result, value, 1, path, pos, is_scalar=True)
                continue
            # collection start
            if tag is not None and not event.implicit:
                self.fail(*pos, path, f"tags are not allowed, found '{_short_tag(tag)}'")
                self.doc.bad_paths.add(path)
            if len(stack) >= MAX_DEPTH:
                self.fail(*pos, path, f"nesting is deeper than {MAX_DEPTH} levels")
                raise _Fatal
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            frame = _Frame(kind, {} if kind == "map" else [], path, anchor=event.anchor)
            if event.anchor is not None:
                self.open_anchors.add(event.anchor)
            self.doc.marks[path] = pos
            stack.append(frame)
        self.doc.data = result[0] if result else None

    def _child_path(self, parent: _Frame | None) -> YamlPath:
        if parent is None:
            return ()
        if parent.kind == "map":
            assert parent.key is not None
            return parent.path + (parent.key,)
        return parent.path + (len(parent.value),)

    def _key(self, parent: _Frame, event: yaml.ScalarEvent, pos: tuple[int, int]) -> None:
        key = event.value
        path = parent.path + (key,)
        if event.implicit[0] and key == "<<":
            self.fail(*pos, path, "merge keys ('<<') are not supported; write the keys out")
            raise _Fatal
        if key in parent.value or path in self.first_keys:
            first = self.first_keys.get(path)
            where = f" (first at line {first})" if first else ""
            self.fail(*pos, path, f"duplicate key '{key}'{where}")
            # Keep the first value; the duplicate's value is read into a throw-away slot.
            parent.key = f"\x00dup{pos}"
            return
        self.first_keys[path] = pos[0]
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
            if not parent.key.startswith("\x00dup"):
                parent.value[parent.key] = value
            parent.key = None
        else:
            parent.value.append(value)

    def _scalar(self, event: yaml.ScalarEvent, path: YamlPath, pos: tuple[int, int]) -> Any:
        text = event.value
        if not event.implicit[0]:  # quoted, block scalar or !!str: always text
            return text
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
        short = tag.rsplit(":", 1)[-1]

        def ambiguous(message: str) -> str:
            self.fail(*pos, path, message)
            self.doc.bad_paths.add(path)
            return text

        if short == "null":
            return None
        if short == "bool":
            if text.lower() in ("true", "false"):
                return text.lower() == "true"
            return ambiguous(f"ambiguous value {text}: YAML 1.1 reads it as a boolean and YAML 1.2 as text; "
                             f"write true/false, or quote it (\"{text}\")")
        if short == "int":
            if not _PLAIN_INT.match(text):
                return ambiguous(f"ambiguous number {text} (octal, hex, binary, sexagesimal or with "
                                 f"underscores); write a plain decimal number, or quote it (\"{text}\")")
            if len(text.lstrip("+-")) > MAX_INT_DIGITS:
                return ambiguous(f"integer with {len(text.lstrip('+-'))} digits is too large "
                                 f"(at most {MAX_INT_DIGITS})")
            return int(text)
        if short == "float":
            low = text.lower()
            if "nan" in low or "inf" in low:
                return ambiguous(f"{text} is not a number we accept (NaN and infinity are not allowed)")
            if not _PLAIN_FLOAT.match(text):
                return ambiguous(f"ambiguous number {text}; write a plain decimal number, or quote it (\"{text}\")")
            value = float(text)
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
