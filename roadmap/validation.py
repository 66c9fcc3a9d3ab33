"""Turn pydantic validation errors into our one-line problems, placed on the YAML they came from.

`validate(model, doc)` returns the frozen model or raises `InputError` listing every problem as
`file:line:col: dotted.path: what was expected, what was found`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from roadmap.errors import InputError, Problem
from roadmap.models.catalog import describe_found
from roadmap.yamlsource import Document, YamlPath, dotted

M = TypeVar("M", bound=BaseModel)

_UNION_TAGS = {"bool", "int", "float", "str", "date", "datetime", "none", "list", "dict"}

_PATTERNS = {
    r"^[A-Z]{2,5}-[0-9]{2,3}[a-z]?$": "a criterion id such as PER-04",
    r"^T[0-9]{1,2}$": "a tier id such as T2",
    r"^L[0-9]{1,2}$": "a sharing level such as L3",
    r"^[A-Z][A-Z0-9]{1,11}$": "a discipline id in capitals such as SIGINT",
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$": 'a version such as "1.0.0"',
    r"^[a-z][a-z_]*$": "a lowercase name such as physical",
    r"^[A-Z]{2,5}$": "a capitalised prefix such as PHY",
    r"^[a-z][a-z0-9_-]{1,31}$": "a lowercase catalog id such as fvey",
    r"^[a-z][a-z0-9_-]*\.yaml$": "a file name such as physical.yaml",
    r"^[a-z][a-z0-9_-]{1,31}@(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$":
        'a catalog reference such as "fvey@1.0.0"',
    r"^sha256:[0-9a-f]{64}$": 'a digest such as "sha256:" followed by 64 hex digits',
}


def validate(model: type[M], doc: Document, *, context: dict[str, Any] | None = None,
             display: Callable[[YamlPath], str] | None = None) -> M:
    if doc.data is None:
        raise InputError([Problem(doc.file, 1, 1, "", "expected a mapping of keys, found an empty document")])
    if not isinstance(doc.data, dict):
        raise InputError([Problem(doc.file, *doc.mark(()), "",
                                  f"expected a mapping of keys at the top level, found {describe_found(doc.data)}")])
    problems = list(doc.problems)
    try:
        result = model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems.extend(problems_from(exc, doc, model, display=display))
    if problems:
        raise InputError(sort_problems(problems))
    return result


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File order, then line and column; problems without a position first."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.col or 0))


def problems_from(exc: ValidationError, doc: Document, model: type[BaseModel],
                  display: Callable[[YamlPath], str] | None = None) -> list[Problem]:
    show = display or (lambda p: identity_path(doc, p))
    grouped: dict[YamlPath, list[dict[str, Any]]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and _is_union_tag(p)))
        grouped.setdefault(loc, []).append(err)
    problems: list[Problem] = []
    for loc, errs in grouped.items():
        if any(_under(loc, bad) for bad in doc.bad_paths):
            continue
        if len(errs) > 1 and len({e["loc"] for e in errs}) > 1:
            kinds = sorted({_union_word(e["loc"]) for e in errs} - {""})
            message = f"expected {' or '.join(kinds) or 'another value'}, found {describe_found(errs[0]['input'])}"
            problems.append(doc.problem(loc, message, shown=show(loc)))
            continue
        for err in errs:
            problems.append(_one(err, loc, doc, model, show))
    return problems


def identity_path(doc: Document, path: YamlPath) -> str:
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


def _is_union_tag(part: str) -> bool:
    return part in _UNION_TAGS or part.startswith(("constrained-", "function-", "literal[", "lax-or-strict"))


def _union_word(loc: tuple[Any, ...]) -> str:
    for p in loc:
        if isinstance(p, str) and _is_union_tag(p):
            return {"bool": "true/false", "int": "a number", "float": "a number", "str": "text",
                    "date": "a date", "datetime": "a date"}.get(p, "")
    return ""


def _one(err: dict[str, Any], loc: YamlPath, doc: Document, model: type[BaseModel],
         show: Callable[[YamlPath], str]) -> Problem:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    found = describe_found(value)
    if kind == "missing":
        parent, name = loc[:-1], loc[-1]
        return doc.problem(parent, f"missing required key '{name}'", shown=show(parent))
    if kind == "extra_forbidden":
        name = loc[-1]
        allowed = _fields_at(model, loc[:-1])
        hint = ""
        if allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(allowed)}"
        return doc.problem(loc, f"unknown key '{name}'{hint}", key=True, shown=show(loc))
    expected = _expected(kind, ctx, err)
    if expected is None:
        message = err["msg"].removeprefix("Value error, ")
        if kind != "value_error":
            message += f", found {found}"
    else:
        message = f"expected {expected}, found {found}"
        if kind == "string_type" and isinstance(value, (int, float, bool, dt.date)):
            message += " (quote it to keep it as text)"
    return doc.problem(loc, message, shown=show(loc))


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
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return []
            tp = field.annotation
        else:
            origin = typing.get_origin(tp)
            args = typing.get_args(tp)
            if origin is dict and len(args) == 2:
                tp = args[1]
            elif origin in (tuple, list) and args:
                tp = args[0]
            else:
                return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
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
