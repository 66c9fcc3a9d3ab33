"""What an assessment may hold, so that what every command does with it costs a bounded time and
memory: budgets on its text and evidence, checked when it is read (one line each, exit 2).

Below the 20 MiB input limit a file can still be costly to report on: WeasyPrint lays out every
evidence row and every line of text, and one paragraph of several megabytes is shaped as a whole
(issue 16: a 1 MB file of 5,000 evidence items took 42 s and 1.26 GB to render, a 5 MB note 181 s).
The budgets are generous multiples of a real assessment's size, and the report's cost within them
is measured in docs/input-safety.md:

| budget | limit | the bundled examples (79 criteria) |
|---|---|---|
| characters in one text (a note, a reference, a name) | 10,000 | the longest: 1,377 |
| characters without a space or line break in one text | 1,000 | a few dozen (a digest, a URL) |
| evidence items of one finding, or of one discipline's sharing record | 50 | at most 5 |
| evidence items in the whole assessment | 1,000, or 2 per criterion of the catalog | 94 to 108 |
| assessors | 50 | 2 |
| characters of text in the whole assessment | 500,000, or 500 per criterion of the catalog | 26,104 to 30,011 |

The two totals grow with the catalog: its size is the host's choice, and a report's cost grows with
it anyway (one row per criterion); the synthetic 10,000-criterion assessment of the benchmarks
(13,115 evidence items, 661,408 characters) is within them. The budgets are checked on the data as
read (aliases expanded: text reached twice counts twice, as it is shown twice), and reported with
the schema's problems.
"""

from __future__ import annotations

import re
from typing import Any

from roadmap.errors import Problem
from roadmap.load.yamlsource import YamlFile, YamlPath
from roadmap.words import count

MAX_TEXT_CHARS = 10_000
#: A run of characters without a space is laid out by trying every place to break it, line after
#: line: 48 runs of 10,000 characters took 131 s to render, 470 runs of 1,000 took 20 s.
MAX_WORD_CHARS = 1_000
MAX_EVIDENCE_PER_RECORD = 50
MAX_EVIDENCE = 1_000
MAX_EVIDENCE_PER_CRITERION = 2
MAX_ASSESSORS = 50
MAX_TOTAL_TEXT_CHARS = 500_000
MAX_TEXT_CHARS_PER_CRITERION = 500
#: Most "text too long" (or "too many evidence items") lines for one file: the first few say what to do.
_MAX_LONG_TEXTS = 5
_WHY = "a report budget, docs/input-safety.md"


def budget_problems(doc: YamlFile, criteria: int = 0) -> list[Problem]:
    """One problem per budget the file's data exceeds (at most a few for texts that are too long);
    `criteria`: how many criteria its catalog has (0 when it could not be read)."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    total, long_texts = _texts(doc, problems)
    if long_texts > _MAX_LONG_TEXTS:
        more = count(long_texts - _MAX_LONG_TEXTS, "%(num)d more text", "%(num)d more texts")
        problems.append(Problem(doc.file, None, None, "", f"{more} over a text budget not shown", last=True))
    most = max(MAX_TOTAL_TEXT_CHARS, MAX_TEXT_CHARS_PER_CRITERION * criteria)
    if total > most:
        problems.append(doc.problem((), f"expected at most {most:,} characters of text in one assessment ({_WHY}), "
                                        f"found {total:,}"))
    problems.extend(_evidence_problems(doc, data, max(MAX_EVIDENCE, MAX_EVIDENCE_PER_CRITERION * criteria)))
    assessors = data.get("assessors")
    if isinstance(assessors, (list, tuple)) and len(assessors) > MAX_ASSESSORS:
        problems.append(doc.problem(("assessors",), f"expected at most {MAX_ASSESSORS} assessors ({_WHY}), "
                                                    f"found {len(assessors):,}"))
    return problems


def _texts(doc: YamlFile, problems: list[Problem]) -> tuple[int, int]:
    """The characters of text in the file, and how many texts are over the limit (the first few of
    them added to `problems`). Walked with a stack: the file's nesting is bounded, but not by much."""
    total = long_texts = 0
    stack: list[tuple[YamlPath, Any]] = [((), doc.data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            total += len(node)
            why = _text_problem(node) if path not in doc.bad_paths else None  # refused already (a huge number)
            if why is not None:
                long_texts += 1
                if long_texts <= _MAX_LONG_TEXTS:
                    problems.append(doc.problem(path, why))
        elif isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in reversed(node.items()))
        elif isinstance(node, (list, tuple)):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))
    return total, long_texts


def _text_problem(text: str) -> str | None:
    """Why one text is over its budgets, or None."""
    if len(text) > MAX_TEXT_CHARS:
        return f"expected at most {MAX_TEXT_CHARS:,} characters in one text ({_WHY}), found {len(text):,}"
    word = _LONG_WORD.search(text)
    if word is not None:
        longest = max(len(w) for w in text.split())
        return (f"expected at most {MAX_WORD_CHARS:,} characters without a space or line break ({_WHY}), "
                f"found {longest:,} at character {word.start() + 1:,}")
    return None


_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1}}}")


def _evidence_problems(doc: YamlFile, data: dict[str, Any], most: int) -> list[Problem]:
    """Evidence items per finding and per sharing record, and (at `most`) in the whole assessment."""
    problems: list[Problem] = []
    total = over = 0
    for at, items in _evidence_lists(data):
        total += len(items)
        if len(items) > MAX_EVIDENCE_PER_RECORD:
            over += 1
            if over <= _MAX_LONG_TEXTS:
                problems.append(doc.problem(at, f"expected at most {MAX_EVIDENCE_PER_RECORD} evidence items in one "
                                                f"list ({_WHY}), found {len(items):,}"))
    if over > _MAX_LONG_TEXTS:
        more = count(over - _MAX_LONG_TEXTS, "%(num)d more evidence list", "%(num)d more evidence lists")
        problems.append(Problem(doc.file, None, None, "", f"{more} over {MAX_EVIDENCE_PER_RECORD} items not shown",
                                last=True))
    if total > most:
        problems.append(doc.problem(("findings",), f"expected at most {most:,} evidence items in one assessment "
                                                   f"({_WHY}), found {total:,}", key=True))
    return problems


def _evidence_lists(data: dict[str, Any]) -> list[tuple[YamlPath, list[Any]]]:
    """Every evidence list of the assessment, with its path: the findings', the sharing records'."""
    out: list[tuple[YamlPath, list[Any]]] = []
    for top, inner in (("findings", None), ("reciprocity", "disciplines")):
        holder = data.get(top)
        if inner is not None and isinstance(holder, dict):
            holder = holder.get(inner)
        for key, record in (holder.items() if isinstance(holder, dict) else ()):
            items = record.get("evidence") if isinstance(record, dict) else None
            if isinstance(items, (list, tuple)):
                path: YamlPath = (top, key, "evidence") if inner is None else (top, inner, key, "evidence")
                out.append((path, list(items)))
    return out
