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

Here: the parsed file (`YamlFile`) and the builder of its data from the events. Which files may be
read is `roadmap.load.files`'s to say, decoding and syntax errors `roadmap.load.yamltext`'s, and what
a plain scalar means `roadmap.load.scalars`'s.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import yaml

from roadmap.errors import InputError, Problem
from roadmap.load import scalars
from roadmap.load.files import read_bytes
from roadmap.load.yamltext import Loader, decode, error_problem

YamlPath = tuple[str | int, ...]

MAX_DEPTH = 64
#: Most nodes that aliases may add when expanded, beyond the nodes written in the file.
MAX_ALIAS_EXPANSION = 100_000
#: Most values (scalars, lists, mappings) written in one file. A full assessment of the 79-criterion
#: catalog with evidence holds a few thousand, a 10,000-criterion catalog about 600,000; past this
#: the file is not one a person or a catalog tool wrote, and reading it would only cost time.
MAX_NODES = 2_000_000
#: Most problems reported for one file: past this, more lines help no one and cost time.
MAX_PROBLEMS = 100

_STR = "tag:yaml.org,2002:str"
#: Tags that keep a scalar as text: the non-specific `!` and `!!str`.
_TEXT_TAGS = ("!", _STR)
#: Control characters (C0 but tab and newline, DEL, C1) that a double-quoted scalar can write as
#: escapes ("\e", "\x1b", "\r"): in a terminal they would move the cursor, recolour or rewrite
#: what is shown, so untrusted text may not hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class YamlFile:
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



def load_file(path: Path, display: str | None = None) -> YamlFile:
    display = display if display is not None else str(path)
    return load_bytes(read_bytes(path, display), display)


def strings(node: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every string in a tree of dicts, lists and tuples (a document's data, or a model dumped),
    with its path, in the tree's order."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*path, key))
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from strings(value, (*path, i))


def placed(file: str, found: Iterable[tuple[YamlPath, str]]) -> list[Problem]:
    """Problems found on a file's models (`(path, message)`), at their places in the file, in order.
    The file is read again for its positions, and only when there is something to place: the
    models keep no positions."""
    found = list(found)
    if not found:
        return []
    doc = load_file(Path(file), file)
    return sorted(doc.problem(path, message) for path, message in found)


def load_bytes(raw: bytes, display: str) -> YamlFile:
    text = decode(raw, display)
    doc = YamlFile(file=display, data=None, sha256=hashlib.sha256(raw).hexdigest())
    _Builder(doc).run(text)
    if doc.problems and doc.data is None:
        raise InputError(doc.problems)
    return doc  # problems left in doc.problems are reported together with the schema's


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


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



_MAP, _SEQ, _DOC = "map", "seq", "doc"


@dataclass(slots=True)
class _Frame:
    kind: str  # _MAP | _SEQ | _DOC (the document: holds the one top-level value)
    value: Any
    path: YamlPath
    size: int = 1
    key: str | None = None  # map: the key waiting for its value
    anchor: str | None = None
    is_key: bool = False  # a collection used as a key: read, refused, then dropped

    @property
    def awaits_key(self) -> bool:
        return self.kind is _MAP and self.key is None


class _Builder:
    """Builds a file's data from libyaml's events, one handler per kind of event.

    The handlers are the hot loop of every load (a 10,000-criterion catalog is ~800,000 events):
    `_run` dispatches on the exact event class through a dict, and the common cases (a plain key,
    a plain or quoted value in a mapping or list) take no detour. Measured in benchmarks/RESULTS.md.
    """

    def __init__(self, doc: YamlFile) -> None:
        self.doc = doc
        self.marks = doc.marks
        self.key_marks = doc.key_marks
        #: anchor → (value, node count, the path it was written at)
        self.anchors: dict[str, tuple[Any, int, YamlPath]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.nodes = 0
        self.documents = 0
        self.stack: list[_Frame] = []

    def fail(self, line: int | None, col: int | None, path: YamlPath, message: str) -> None:
        if len(self.doc.problems) >= MAX_PROBLEMS:
            self.doc.problems.append(Problem(self.doc.file, line, col, "",
                                             f"stopped reading after {MAX_PROBLEMS} problems", last=True))
            raise _Fatal
        self.doc.problems.append(Problem(self.doc.file, line, col, dotted(path), message))

    def run(self, text: str) -> None:
        try:
            self._run(text)
        except _Fatal:
            pass  # said in doc.problems; doc.data stays None
        except yaml.YAMLError as exc:
            stop = _libyaml_depth_stop(exc, text)
            if stop is not None:
                self._restart(text[:stop])
                return
            self.doc.problems.append(error_problem(self.doc.file, exc, text))

    def _restart(self, text: str) -> None:
        """Read `text` afresh into the same document, forgetting what the first reading found."""
        doc = self.doc
        for collection in (doc.marks, doc.key_marks, doc.bad_paths, doc.written, doc.problems,
                           doc.yaml11_bools, self.anchors, self.open_anchors):
            collection.clear()
        self.expanded = self.nodes = self.documents = 0
        self.run(text)

    def _run(self, text: str) -> None:
        root = _Frame(_DOC, [], ())
        self.stack = [root]
        handlers: dict[type[Any], Callable[[Any], bool | None]] = {
            yaml.ScalarEvent: self._on_scalar, yaml.MappingStartEvent: self._on_start,
            yaml.SequenceStartEvent: self._on_start, yaml.MappingEndEvent: self._on_end,
            yaml.SequenceEndEvent: self._on_end, yaml.AliasEvent: self._on_alias,
            yaml.DocumentStartEvent: self._on_document, yaml.StreamEndEvent: _stop,
            yaml.StreamStartEvent: _skip, yaml.DocumentEndEvent: _skip,
        }
        # The parser is driven directly rather than through yaml.parse's generator.
        parser = Loader(text)
        get_event = parser.get_event
        try:
            while True:
                event = get_event()
                if handlers[type(event)](event):  # True at the end of the stream
                    break
        finally:
            parser.dispose()
        self.doc.data = root.value[0] if root.value else None

    def _on_document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            m: Any = event.start_mark  # Any: libyaml always sets it; the stubs say it may be None
            self.fail(m.line + 1, m.column + 1, (), "expected a single YAML document, found a second one ('---')")
            raise _Fatal

    def _node(self, event: yaml.NodeEvent) -> tuple[tuple[int, int], _Frame]:
        """Where a new value (or key) starts, once counted against the bound, and the frame it goes in."""
        m: Any = event.start_mark  # Any: libyaml always sets it; the stubs say it may be None
        pos = (m.line + 1, m.column + 1)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(*pos, (), f"expected at most {MAX_NODES:,} values in one file, found more; "
                                "refusing to read further")
            raise _Fatal
        return pos, self.stack[-1]

    def _on_scalar(self, event: yaml.ScalarEvent) -> None:
        pos, parent = self._node(event)
        if parent.kind is _MAP:  # the path as _child_path gives it, written out here: the hot path
            key = parent.key
            if key is None:
                self._on_key(parent, event, pos)
                return
            path = parent.path + (key,)
        else:
            path = parent.path + (len(parent.value),) if parent.kind is _SEQ else ()
        value = self._value(event, path, pos)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, path)
        self.marks[path] = pos
        _attach(parent, value, 1)

    def _on_key(self, parent: _Frame, event: yaml.ScalarEvent, pos: tuple[int, int]) -> None:
        key = event.value
        if event.anchor is None and event.tag is None and key != "<<" and key not in parent.value \
                and event.style != '"':
            key_path = parent.path + (key,)
            if key_path not in self.key_marks:  # else a duplicate after a dropped one: _odd_key says so
                self.key_marks[key_path] = pos
                parent.key = key
                return
        self._odd_key(parent, event, pos)

    def _odd_key(self, parent: _Frame, event: yaml.ScalarEvent, pos: tuple[int, int]) -> None:
        """A key that is not plain text written once: refused, or kept with what it needs."""
        key = event.value
        if event.style == '"' and _CONTROL.search(key):
            self._control(key, parent.path, pos)  # said at the mapping: the key itself is not shown
            parent.key = _Slot(_CONTROL.sub("?", key), pos)
            return
        path = parent.path + (key,)
        if event.tag is not None and event.tag not in _TEXT_TAGS:
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
        if key in parent.value or path in self.key_marks:
            first = self.key_marks.get(path)
            where = f" (first at line {first[0]})" if first else ""
            self.fail(*pos, path, f"duplicate key '{key}'{where}")
            # Keep the first value; the duplicate's value is read into a throw-away slot.
            parent.key = _Slot(key, pos)
            return
        self.key_marks[path] = pos
        parent.key = key

    def _value(self, event: yaml.ScalarEvent, path: YamlPath, pos: tuple[int, int]) -> Any:
        """A scalar value: plain ones as YAML 1.1 reads them (unless YAML 1.2 would not agree), quoted,
        block and `!!str` ones as text."""
        text = event.value
        if event.implicit[0]:  # plain, untagged
            if text and text[0] in scalars.TEXT_START:  # no implicit type starts with this character
                return text
            return self._plain(text, path, pos)
        tag = event.tag
        if tag is not None and tag not in _TEXT_TAGS and not event.implicit[1]:
            self.fail(*pos, path, f"expected a value without a tag, found the tag '{_short_tag(tag)}' "
                                  "(tags are not allowed; only '!!str' is)")
            self.doc.bad_paths.add(path)
        elif event.style == '"' and _CONTROL.search(text):  # only "..." has escapes
            self._control(text, path, pos)
        return text

    def _plain(self, text: str, path: YamlPath, pos: tuple[int, int]) -> Any:
        short = scalars.kind(text)
        if short != "str" and short != "null":
            self.doc.written[path] = text  # what the author wrote, for messages about what YAML read
        try:
            return scalars.value(short, text)
        except scalars.Refused as refused:
            self.fail(*pos, path, refused.message)
            self.doc.bad_paths.add(path)
            if refused.boolean is not None:  # the problem just added (fail raises, adding none, past the cap)
                self.doc.yaml11_bools[path] = (refused.boolean, self.doc.problems[-1])
            return text

    def _control(self, text: str, path: YamlPath, pos: tuple[int, int]) -> None:
        found = _CONTROL.search(text)
        assert found is not None
        self.fail(*pos, path, f"expected printable text, found the control character U+{ord(found.group()):04X} "
                              "(an escape in double quotes); remove it")
        self.doc.bad_paths.add(path)

    def _on_start(self, event: yaml.CollectionStartEvent) -> None:
        pos, parent = self._node(event)
        if parent.awaits_key:
            # `? [a, b]` or `{a: 1}: x`: read the collection (to report what is inside it too), then
            # drop it with its value.
            self.fail(*pos, parent.path, "expected a plain text key, found a "
                      + ("mapping" if type(event) is yaml.MappingStartEvent else "list"))
            self._open(event, parent.path + (_Slot("?", pos),), pos, is_key=True)
            return
        self._open(event, _child_path(parent), pos)

    def _open(self, event: yaml.CollectionStartEvent, path: YamlPath, pos: tuple[int, int], *,
              is_key: bool = False) -> None:
        tag = event.tag
        if tag is not None and not event.implicit:
            self.fail(*pos, path, f"expected a value without a tag, found the tag '{_short_tag(tag)}' "
                                  "(tags are not allowed)")
            self.doc.bad_paths.add(path)
        if len(self.stack) > MAX_DEPTH:  # the document's own frame is not a level of nesting
            self.doc.problems.append(Problem(self.doc.file, *pos, _short_path(path),
                                             f"expected at most {MAX_DEPTH} levels of nesting, found more"))
            raise _Fatal
        kind = _MAP if type(event) is yaml.MappingStartEvent else _SEQ
        frame = _Frame(kind, {} if kind is _MAP else [], path, anchor=event.anchor, is_key=is_key)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.marks[path] = pos
        self.stack.append(frame)

    def _on_end(self, event: yaml.CollectionEndEvent) -> None:
        frame = self.stack.pop()
        if frame.kind is _SEQ:  # sequences become tuples: our frozen models hold tuples
            frame.value = tuple(frame.value)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, frame.size, frame.path)
            self.open_anchors.discard(frame.anchor)
        parent = self.stack[-1]
        if frame.is_key:
            parent.key = _Slot("?", self.marks[frame.path])
            return
        _attach(parent, frame.value, frame.size)

    def _on_alias(self, event: yaml.AliasEvent) -> None:
        pos, parent = self._node(event)
        if parent.awaits_key:
            self.fail(*pos, parent.path, f"expected a plain text key, found the alias '*{event.anchor}'")
            parent.key = _Slot(f"*{event.anchor}", pos)
            return
        path = _child_path(parent)
        value, size, origin = self._expand(event.anchor, path, pos)
        # What was refused inside the anchored node is refused here too (and said once).
        for bad in [b for b in self.doc.bad_paths if b[:len(origin)] == origin]:
            self.doc.bad_paths.add(path + bad[len(origin):])
        self.marks[path] = pos
        _attach(parent, value, size)

    def _expand(self, anchor: str | None, path: YamlPath, pos: tuple[int, int]) -> tuple[Any, int, YamlPath]:
        """What `*anchor` stands for, within the bound on expansion ("billion laughs")."""
        if anchor in self.open_anchors:
            self.fail(*pos, path, f"recursive alias '*{anchor}' refers to a node that contains it")
            raise _Fatal
        if anchor not in self.anchors:
            self.fail(*pos, path, f"unknown alias '*{anchor}' (no '&{anchor}' before it)")
            raise _Fatal
        value, size, origin = self.anchors[anchor]
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            self.fail(*pos, path, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values; "
                                  "refusing to expand them (write the content out)")
            raise _Fatal
        return value, size, origin


def _libyaml_depth_stop(exc: yaml.YAMLError, text: str) -> int | None:
    """Where libyaml stopped on deep nesting, when it did.

    libyaml from PyYAML 6.0.4 on stops deep flow collections itself, while scanning ahead and before
    any event reaches us: the text up to where it stopped is read again, so that our own depth check
    (far below libyaml's) says it, at the same place as before."""
    if not isinstance(exc, yaml.MarkedYAMLError) or "maximum nesting depth" not in (exc.problem or ""):
        return None
    mark = exc.problem_mark
    return mark.index if mark is not None and mark.index < len(text) else None


def _child_path(parent: _Frame) -> YamlPath:
    """The path of the next value in `parent` (whose key, in a mapping, is set)."""
    if parent.kind is _MAP:
        return parent.path + (parent.key,)  # type: ignore[operator]  # a key is set: see the callers
    return parent.path + (len(parent.value),) if parent.kind is _SEQ else ()


def _attach(parent: _Frame, value: Any, size: int) -> None:
    """Put a finished value in its parent: under the key waiting for it, or at the end of a list."""
    parent.size += size
    if parent.kind is _MAP:
        if type(parent.key) is str:  # not a _Slot: a duplicate's or refused key's value is dropped
            parent.value[parent.key] = value
        parent.key = None
    else:
        parent.value.append(value)


def _stop(event: yaml.Event) -> bool:
    return True


def _skip(event: yaml.Event) -> None:
    return None
