"""Turn pydantic validation errors into our one-line problems, placed on the YAML they came from.

`validate(model, doc)` returns the frozen model or raises `InputError` listing every problem as
`file:line:col: dotted.path: what was expected, what was found`.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, StringConstraints, ValidationError
from pydantic.fields import FieldInfo

from roadmap.errors import InputError, Problem
from roadmap.load.ids import close_matches
from roadmap.load.yamlsource import MAX_PROBLEMS, YamlFile, YamlPath
from roadmap.models.assessment import DIGEST_PATTERN, CatalogRef, Marking
from roadmap.models.base import (
    CRITERION_ID_PATTERN,
    LANGUAGE_PATTERN,
    ONE_LINE_PATTERN,
    PRINCIPAL_PATTERN,
    SHA256_PATTERN,
    DisciplineId,
    LevelId,
    PartyId,
    SemVer,
    TierId,
)
from roadmap.models.catalog import (
    MEASURE_ID_PATTERN,
    NIST_CONTROL_PATTERN,
    ROLLUP_SELECTOR_PATTERN,
    CafOutcome,
    CapabilityItem,
    CatalogMeta,
    Domain,
    IsmControl,
)
from roadmap.models.portions import COUNTRY_PATTERN
from roadmap.models.profile import ProfileName
from roadmap.words import describe_found

M = TypeVar("M", bound=BaseModel)


def _pattern_of(tp: Any) -> str:
    """The regular expression of a constrained text type (`Annotated[str, StringConstraints(pattern=...)]`),
    of a model field of one, or of the items of a tuple of one."""
    metadata: list[Any] = []
    if isinstance(tp, FieldInfo):
        metadata, tp = list(tp.metadata), tp.annotation
    if typing.get_origin(tp) is tuple:
        tp = typing.get_args(tp)[0]
    metadata += typing.get_args(tp)[1:]
    return next(m.pattern for m in metadata if isinstance(m, StringConstraints) and isinstance(m.pattern, str))


#: What each id pattern of the models means, in words, keyed by the models' own patterns: a pattern
#: changed there still gets its words here (tests/load/test_validation.py checks that none lacks them).
_PATTERNS = {
    CRITERION_ID_PATTERN: "a criterion id such as PER-04",
    _pattern_of(TierId): "a tier id such as T2",
    _pattern_of(LevelId): "a sharing level such as L3",
    _pattern_of(DisciplineId): "a discipline id in capitals such as SIGINT",
    _pattern_of(SemVer): 'a version such as "1.0.0"',
    _pattern_of(Domain.model_fields["id"]): "a lowercase name such as physical",
    _pattern_of(Domain.model_fields["prefix"]): "a capitalised prefix such as PHY",
    _pattern_of(CatalogMeta.model_fields["id"]): "a lowercase catalog id such as fvey",
    _pattern_of(CatalogMeta.model_fields["files"]): "a file name such as physical.yaml",
    _pattern_of(CatalogRef): 'a catalog reference such as "fvey@1.0.0"',
    DIGEST_PATTERN: 'a digest such as "sha256:" followed by 64 hex digits',
    _pattern_of(Marking): "one line of printable text (no control characters or line breaks)",
    MEASURE_ID_PATTERN: "a measure id in lowercase words joined by hyphens, such as accredited-share",
    NIST_CONTROL_PATTERN: "a control id as OSCAL writes it, such as ac-2 or ia-2.1",
    _pattern_of(IsmControl): "an ISM control id such as ISM-0810",
    _pattern_of(CafOutcome): "a CAF contributing outcome such as B2.a",
    _pattern_of(CapabilityItem.model_fields["id"]): "a capability id such as CAP-01",
    _pattern_of(ProfileName): "a profile name in lowercase such as japan",
    PRINCIPAL_PATTERN: "a signer's principal such as taro@mofa.go.jp (letters, digits and ._+@-)",
    COUNTRY_PATTERN: "a country code of three capital letters such as USA or JPN (ISO 3166-1 alpha-3)",
    _pattern_of(PartyId): "a lowercase party name such as host or partner",
    ROLLUP_SELECTOR_PATTERN: "gating, tag: and a criterion tag, or a criterion id",
    ONE_LINE_PATTERN: "one line of printable text (no control characters or line breaks)",
    SHA256_PATTERN: "a SHA-256 digest: 64 hex digits",
    LANGUAGE_PATTERN: "a language code such as ja",
}


#: `key_hint(path, key)`: advice to add to the problem of a mapping key of the wrong form, or None.
KeyHint = Callable[[YamlPath, Any], "str | None"]


def validate(model: type[M], doc: YamlFile, *, context: dict[str, Any] | None = None,
             display: Callable[[YamlPath], str] | None = None, key_hint: KeyHint | None = None) -> M:
    if doc.data is None:
        raise InputError([Problem(doc.file, 1, 1, "", "expected a mapping of keys, found an empty document")])
    if not isinstance(doc.data, dict):
        # Say what kind of value, not its text: a mistaken (or malicious) file argument must not
        # have its first line echoed into a CI log.
        kind = "a list" if isinstance(doc.data, (list, tuple)) else "a single value"
        raise InputError([Problem(doc.file, *doc.mark(()), "",
                                  f"expected a mapping of keys at the top level (such as 'partner: ...'), "
                                  f"found {kind}")])
    data, bad_paths, replaced = _schema_booleans(model, doc)
    problems = [p for p in doc.problems if not any(p is r for r in replaced)]
    try:
        result = model.model_validate(data, context=context)
    except ValidationError as exc:
        problems.extend(problems_from(exc, doc, model, display=display,
                                      limit=max(MAX_PROBLEMS - len(problems), 0),
                                      bad_paths=bad_paths, key_hint=key_hint))
    if problems:
        raise InputError(sort_problems(problems))
    return result


def _schema_booleans(model: type[BaseModel], doc: YamlFile) -> tuple[Any, set[YamlPath], list[Problem]]:
    """Let the schema speak for `yes`/`off` where its field takes no boolean.

    The YAML layer refuses `confidence: yes` with "write true/false", not knowing that the field
    takes low/medium/high. For each such value whose field takes no boolean, the boolean YAML 1.1
    reads is validated in place of the text, so that the schema's own problem ("expected one of
    'low', 'medium' or 'high', found yes, which YAML 1.1 reads as the boolean true") replaces the
    YAML layer's. Returns the data to validate, the refused paths left, and the problems replaced.
    """
    data, bad_paths, replaced = doc.data, doc.bad_paths, []
    for path, (value, problem) in doc.yaml11_bools.items():
        if path not in doc.bad_paths or any(_under(path, b) for b in doc.bad_paths if b != path):
            continue  # refused for another reason too, or its parent was: the YAML layer's word stands
        if _admits_bool(_annotation_at(model, path)):
            continue
        try:
            data = _replace_at(data, path, value)
        except LookupError:  # not in the data kept (a duplicate key's value)
            continue
        if bad_paths is doc.bad_paths:
            bad_paths = set(doc.bad_paths)
        bad_paths.discard(path)
        replaced.append(problem)
    return data, bad_paths, replaced


def _annotation_at(model: type[BaseModel], path: YamlPath) -> Any:
    """The annotation of the value at `path` in `model`'s data, or None when unknown."""
    tp: Any = model
    for part in path:
        tp = _inner(_unwrap(tp), part)
        if tp is None:
            return None
    return tp


def _inner(tp: Any, part: str | int) -> Any:
    """The annotation one step into `tp`: a model's field, a mapping's value or a list's item; None
    when unknown."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        f = tp.model_fields.get(str(part))
        return f.annotation if f is not None else None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (tuple, list) and args:
        return args[0]
    return None


def _admits_bool(tp: Any) -> bool:
    """Whether a value of annotation `tp` may be a boolean (True when `tp` is unknown)."""
    tp = _strip_annotated(tp)
    if tp is None or tp is Any or tp is bool:
        return True
    members = _union_members(tp)
    if members is not None:
        return any(_admits_bool(m) for m in members)
    if typing.get_origin(tp) is typing.Literal:
        return any(isinstance(a, bool) for a in typing.get_args(tp))
    return False


def _replace_at(node: Any, path: YamlPath, value: Any) -> Any:
    """A copy of `node` with the value at `path` replaced; containers off the path are shared."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict) and head in node:
        out = dict(node)
        out[head] = _replace_at(node[head], rest, value)
        return out
    if isinstance(node, tuple) and isinstance(head, int) and 0 <= head < len(node):
        items = list(node)
        items[head] = _replace_at(node[head], rest, value)
        return tuple(items)
    raise LookupError(path)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File order, then line and column; problems without a position first, notes about the
    others ("N more not shown") last."""
    return sorted(problems, key=lambda p: (p.file, p.last, p.line or 0, p.col or 0))


def problems_from(exc: ValidationError, doc: YamlFile, model: type[BaseModel],
                  display: Callable[[YamlPath], str] | None = None,
                  limit: int = MAX_PROBLEMS, bad_paths: set[YamlPath] | None = None,
                  key_hint: KeyHint | None = None) -> list[Problem]:
    """One problem per place, at most `limit` of them (then one line saying how many more)."""
    show = display or (lambda p: identity_path(doc, p))
    bad_paths = doc.bad_paths if bad_paths is None else bad_paths
    grouped: dict[YamlPath, list[dict[str, Any]]] = {}
    for err in exc.errors(include_url=False):
        loc = data_loc(model, tuple(err["loc"]))
        grouped.setdefault(loc, []).append(dict(err))
    problems: list[Problem] = []
    skipped = 0
    for loc, errs in grouped.items():
        if any(_under(loc, bad) for bad in bad_paths):
            continue
        if len(problems) >= limit:
            skipped += 1
            continue
        if len(errs) > 1 and len({e["loc"] for e in errs}) > 1:  # every member of a union failed
            # A member whose type fitted but whose limit did not says the most: `<= 100`, not "a number".
            fitted = [e for e in errs if not e["type"].endswith("_type")]
            if fitted:
                same = [e for e in fitted if str(e["loc"][-1]).endswith(type(e["input"]).__name__)]
                problems.append(_one((same or fitted)[0], loc, doc, model, show, key_hint))
                continue
            kinds = sorted({_union_word(e["loc"]) for e in errs} - {""})
            message = f"expected {' or '.join(kinds) or 'another value'}, found {_found(doc, loc, errs[0]['input'])}"
            if "text" in kinds and isinstance(errs[0]["input"], (int, float, bool, dt.date)):
                message += _quote_advice(doc, loc)
            problems.append(doc.problem(loc, message, shown=show(loc)))
            continue
        for one in errs:
            problems.append(_one(one, loc, doc, model, show, key_hint))
    if skipped:
        problems.append(Problem(doc.file, None, None, "",
                                f"{skipped:,} more problem{'s' if skipped != 1 else ''} not shown "
                                f"(fix the ones above first)", last=True))
    return problems


def data_loc(model: type[BaseModel], loc: tuple[Any, ...]) -> YamlPath:
    """pydantic's error location → the path in the YAML data.

    pydantic adds a part naming the member of a union that failed (`value.bool`,
    `timeliness_days.constrained-float`); those are not keys in the file. They are told apart from
    real keys by walking the model's annotations, so a field that happens to be called `date` or
    `list` stays in the path. A mapping key's own error ends in `[key]`, which is dropped too.
    """
    out: list[str | int] = []
    tp: Any = model
    for part in loc:
        if part == "[key]":
            continue
        if tp is None:  # past what the annotations describe: keep all but pydantic's own words
            if not (isinstance(part, str) and part.startswith(_TAG_PREFIXES)):
                out.append(part)
            continue
        tp = _strip_annotated(tp)
        members = _union_members(tp)
        if members is not None and len(members) > 1:  # this part names the member that failed
            tp = next((m for m in members if getattr(m, "__name__", None) == part), None)
            continue
        if members is not None:
            tp = _strip_annotated(members[0])
        out.append(part)
        tp = _inner(tp, part)
    return tuple(out)


def _strip_annotated(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> list[Any] | None:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return None


def _found(doc: YamlFile, loc: YamlPath, value: Any) -> str:
    """`the number 1.1`, or, when YAML changed what was written, `1.10, which YAML reads as the number 1.1`."""
    found = describe_found(value)
    written = doc.written.get(loc)
    if written is not None and not isinstance(value, str) and written != _plain(value):
        shown = written if len(written) <= 40 else written[:37] + "..."
        if loc in doc.yaml11_bools:  # yes/no/on/off: YAML 1.2 reads them as text
            return f"{shown}, which YAML 1.1 reads as {found}"
        return f"{shown}, which YAML reads as {found}"
    return found


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def identity_path(doc: YamlFile, path: YamlPath) -> str:
    """Name list items by their id where they have one: `criteria[PER-04].targets.T3`."""
    out = ""
    node: Any = doc.data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, (list, tuple)) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident and len(ident) < 40 else f"[{part}]"
            node = item
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _under(path: YamlPath, prefix: YamlPath) -> bool:
    return path[: len(prefix)] == prefix


_TAG_PREFIXES = ("constrained-", "function-", "literal[", "lax-or-strict", "json-or-python", "nullable[")


def _quote_advice(doc: YamlFile, loc: YamlPath) -> str:
    """How to keep a scalar YAML read as a number, a boolean or a date as the text it was meant to be."""
    written = doc.written.get(loc)
    return f'; quote it ("{written}") to keep it as text' if written and len(written) <= 40 \
        else " (quote it to keep it as text)"


def _union_word(loc: tuple[Any, ...]) -> str:
    tag = str(loc[-1]).removeprefix("constrained-") if loc else ""
    return {"bool": "true/false", "int": "a number", "float": "a number", "str": "text",
            "date": "a date", "datetime": "a date"}.get(tag, "")


def _one(err: dict[str, Any], loc: YamlPath, doc: YamlFile, model: type[BaseModel],
         show: Callable[[YamlPath], str], key_hint: KeyHint | None = None) -> Problem:
    # An enum field (roadmap.models.base.enum_field) fails as a literal does: one of its values.
    kind = "literal_error" if err["type"] == "enum" else err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    found = _found(doc, loc, value)
    if err["loc"] and err["loc"][-1] == "[key]":  # a mapping key that is not of the form expected
        expected = _expected(kind, ctx, err) or err["msg"]
        hint = (key_hint(loc, value) if key_hint is not None else None) or _case_hint(kind, ctx, value)
        return doc.problem(loc, f"expected {expected} as the key, found {describe_found(value)}"
                                + (f"; {hint}" if hint else ""), key=True, shown=show(loc))
    if kind == "missing":
        parent, name = loc[:-1], loc[-1]
        return doc.problem(parent, f"missing required key '{name}'", shown=show(parent))
    if kind == "extra_forbidden":
        name = loc[-1]
        allowed = _fields_at(model, loc[:-1])
        hint = ""
        if allowed:
            close = close_matches(str(name), allowed)
            hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(allowed)}"
        return doc.problem(loc, f"unknown key '{name}'{hint}", key=True, shown=show(loc))
    expected = _expected(kind, ctx, err)
    if expected is None:
        message = err["msg"].removeprefix("Value error, ")
        if kind != "value_error":
            message += f", found {found}"
    else:
        message = f"expected {expected}, found {found}"
        hint = _case_hint(kind, ctx, value)
        if hint:
            message += f"; {hint}"
        if kind == "string_type" and isinstance(value, (int, float, bool, dt.date)):
            message += _quote_advice(doc, loc)
    return doc.problem(loc, message, shown=show(loc))


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _case_hint(kind: str, ctx: dict[str, Any], value: Any) -> str | None:
    """`did you mean document?` for `Document` (or `self-asserted` for self_asserted)."""
    if kind != "literal_error" or not isinstance(value, str):
        return None

    def norm(text: str) -> str:
        return re.sub(r"[\s-]+", "_", text.strip().lower())

    choices = _QUOTED.findall(str(ctx.get("expected", "")))
    match = [c for c in choices if norm(c) == norm(value)]
    return f"did you mean {match[0]}?" if len(match) == 1 else None


def _expected(kind: str, ctx: dict[str, Any], err: dict[str, Any]) -> str | None:
    simple = {
        "string_type": "text",
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "float_type": "a number",
        "bool_type": "true or false",
        "date_type": "a date (YYYY-MM-DD)",
        "datetime_type": "a date and time",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "list_type": "a list",
        "tuple_type": "a list",
        "none_required": "nothing",
    }
    if kind in simple:
        return simple[kind]
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return _PATTERNS.get(pattern, f"text matching {pattern}")
    if kind == "string_too_short":
        return "non-empty text" if ctx.get("min_length") == 1 else f"at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind in ("too_short", "too_long"):
        n = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        return f"{word} {n} item{'s' if n != 1 else ''}"
    ops = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}
    if kind in ops:
        limit = next(iter(ctx.values()), "")
        return f"a number {ops[kind]} {limit}"
    return None


def _fields_at(model: type[BaseModel], loc: YamlPath) -> list[str]:
    """The keys allowed at `loc` inside `model`, found by walking the field annotations."""
    tp = _unwrap(_annotation_at(model, loc))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp
