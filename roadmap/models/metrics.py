"""Metrics: what a criterion measures, and everything that depends on the kind of measure.

Each metric type (yes/no, percentage, count, duration, ordinal level) is one class below that knows
how to check a value, compare it with a target, rank it, measure its distance to a target and its
progress toward the top target, and write it for people. Nothing else in the package branches on
the metric type: a new type is one class here and one entry in `_KINDS`.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Literal

from pydantic import PrivateAttr, model_validator

from roadmap.i18n import N_, _, ngettext
from roadmap.models.base import Frozen, MetricType, ShortText, Status, enum_field
from roadmap.words import describe_found, number, words

DurationUnit = Literal["minutes", "hours", "days", "months", "years"]
#: What a value or a target may be: the metric decides which.
Value = bool | int | float | str
_UNITS = {"minutes": N_("min"), "hours": N_("h"), "days": N_("d"), "months": N_("mo"), "years": N_("y")}
#: A duration with its unit (count, number as written → words), in the current language's plural form.
_DURATIONS: dict[str, Callable[[int, str], str]] = {
    "minutes": lambda n, v: ngettext("%(value)s minute", "%(value)s minutes", n, value=v),
    "hours": lambda n, v: ngettext("%(value)s hour", "%(value)s hours", n, value=v),
    "days": lambda n, v: ngettext("%(value)s day", "%(value)s days", n, value=v),
    "months": lambda n, v: ngettext("%(value)s month", "%(value)s months", n, value=v),
    "years": lambda n, v: ngettext("%(value)s year", "%(value)s years", n, value=v),
}
#: The names of the metric types and units as words (`short`, `describe`).
_NAMES = (N_("boolean"), N_("percentage"), N_("count"), N_("duration"), N_("ordinal"), N_("minutes"), N_("hours"),
          N_("days"), N_("months"), N_("years"))
_NUMBER_TEXT = re.compile(r"\s*[-+]?[0-9.]+\s*%?\s*")


class Metric(Frozen):
    type: enum_field(MetricType)  # type: ignore[valid-type]
    direction: Literal["higher", "lower"] = "higher"
    unit: DurationUnit | None = None
    levels: tuple[ShortText, ...] | None = None
    #: An ordinal metric's levels as a translation reads them (`roadmap.models.translation`): shown
    #: instead of the levels, which stay the values assessments write. Never read from a file.
    _labels: dict[str, str] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _consistent(self) -> Metric:
        why = self.kind.inconsistency(self)
        if why:
            raise ValueError(why)
        return self

    @property
    def kind(self) -> _Kind:
        return _KINDS[self.type]

    def check(self, value: object) -> str | None:
        """Why `value` is not a valid value of this metric, or None when it is."""
        return self.kind.check(self, value)

    def comparison(self) -> Callable[[Value, Value], bool]:
        """Whether a value meets a target, as a function (found once for many comparisons)."""
        return self.kind.comparison(self)

    def meets(self, value: Value | None, target: Value) -> bool:
        return value is not None and self.kind.comparison(self)(value, target)

    def progress(self, value: Value | None, top: Value) -> float:
        """Progress toward the top target, 0..1 (docs/scoring.md)."""
        return 0.0 if value is None else self.kind.progress(self, value, top)

    def distance(self, value: Value | None, target: Value) -> float:
        """How far `value` is from `target`, 0 (meets it) .. 1 (nothing, or not assessed)."""
        if value is None:
            return 1.0
        if self.meets(value, target):
            return 0.0
        return self.kind.distance(self, value, target)

    def rank(self, value: object) -> float | None:
        """A number that grows as `value` gets better (None for a value this metric cannot hold)."""
        return self.kind.rank(self, value)

    def weakest(self, values: Sequence[Value]) -> Value:
        """The worst of `values` (the first of equals): a roll-up's weakest scope."""
        return min(values, key=lambda v: self.rank(v) or 0.0)

    def mean(self, values: Sequence[Value], weights: Sequence[float]) -> Value:
        """The weighted mean of `values`, rounded toward the worse (docs/scoring.md, roll-ups): numbers
        to a tenth (counts to a whole number), levels by their positions; yes/no: the weakest."""
        return self.kind.mean(self, values, weights)

    def format_value(self, value: Value | None) -> str:
        return "—" if value is None else self.kind.format_value(self, value)

    def format_finding(self, status: Status, value: Value | None) -> str:
        """A finding as people read it: its value when assessed, else its status in words ("not assessed")."""
        return self.format_value(value) if status == Status.ASSESSED else words(status)

    def format_target(self, target: Value) -> str:
        return self.kind.format_target(self, target)

    def describe(self) -> str:
        return self.kind.describe(self)

    def short(self) -> str:
        """The measure in a word or two, for narrow tables ("yes/no", "%", "time (h)")."""
        return self.kind.short(self)

    def target_short(self, target: Value) -> str:
        """A target as narrow tables write it ("≥ 90%", "≤ 4 h")."""
        return self.kind.target_short(self, target)

    def example(self) -> str:
        """An example value for the starter file, with a comment where it helps."""
        return self.kind.example(self)


class _Kind:
    """The behaviour of one metric type. Subclasses override what differs."""

    def inconsistency(self, m: Metric) -> str | None:
        if m.unit is not None:
            return f"only duration metrics take a unit, not {m.type}"
        if m.levels is not None:
            return f"only ordinal metrics take levels, not {m.type}"
        return None

    def check(self, m: Metric, value: object) -> str | None:
        raise NotImplementedError

    def comparison(self, m: Metric) -> Callable[[Value, Value], bool]:
        return operator.ge if m.direction == "higher" else operator.le

    def progress(self, m: Metric, value: Value, top: Value) -> float:
        raise NotImplementedError

    def distance(self, m: Metric, value: Value, target: Value) -> float:
        raise NotImplementedError

    def rank(self, m: Metric, value: object) -> float | None:
        raise NotImplementedError

    def mean(self, m: Metric, values: Sequence[Value], weights: Sequence[float]) -> Value:
        return m.weakest(values)

    def format_value(self, m: Metric, value: Value) -> str:
        return number(value) if isinstance(value, (int, float)) else str(value)

    def format_target(self, m: Metric, target: Value) -> str:
        op = "≥" if m.direction == "higher" else "≤"
        return f"{op} {self.format_value(m, target)}"

    def describe(self, m: Metric) -> str:
        return (_("%(type)s, higher is better", type=_(str(m.type))) if m.direction == "higher"
                else _("%(type)s, lower is better", type=_(str(m.type))))

    def short(self, m: Metric) -> str:
        return _(str(m.type))

    def target_short(self, m: Metric, target: Value) -> str:
        op = "≥" if m.direction == "higher" else "≤"
        unit = self.short_unit(m)
        return f"{op} {target:g}{unit}" if isinstance(target, float) else f"{op} {target}{unit}"

    def short_unit(self, m: Metric) -> str:
        return ""

    def example(self, m: Metric) -> str:
        return "0"


class _Boolean(_Kind):
    def inconsistency(self, m: Metric) -> str | None:
        return super().inconsistency(m) or _always_higher(m)

    def check(self, m: Metric, value: object) -> str | None:
        return None if isinstance(value, bool) else f"expected true or false, found {describe_found(value)}"

    def comparison(self, m: Metric) -> Callable[[Value, Value], bool]:
        return lambda value, target: value is True or target is False

    def progress(self, m: Metric, value: Value, top: Value) -> float:
        return 1.0 if value is True or top is False else 0.0

    def distance(self, m: Metric, value: Value, target: Value) -> float:
        return 1.0

    def rank(self, m: Metric, value: object) -> float | None:
        return 1.0 if value is True else 0.0

    def format_value(self, m: Metric, value: Value) -> str:
        return _("yes") if value else _("no")

    def format_target(self, m: Metric, target: Value) -> str:
        return self.format_value(m, target)

    def describe(self, m: Metric) -> str:
        return _("yes/no")

    def short(self, m: Metric) -> str:
        return _("yes/no")

    def target_short(self, m: Metric, target: Value) -> str:
        return self.format_value(m, target)

    def example(self, m: Metric) -> str:
        return "true"


class _Ordinal(_Kind):
    def inconsistency(self, m: Metric) -> str | None:
        if m.unit is not None:
            return f"only duration metrics take a unit, not {m.type}"
        if not m.levels or len(m.levels) < 2:
            return "an ordinal metric needs at least two levels, worst first"
        if len(set(m.levels)) != len(m.levels):
            return "ordinal levels must be distinct"
        return _always_higher(m)

    def check(self, m: Metric, value: object) -> str | None:
        levels = m.levels or ()
        if isinstance(value, str) and value in levels:
            return None
        return f"expected one of {', '.join(levels)}, found {describe_found(value)}"

    def comparison(self, m: Metric) -> Callable[[Value, Value], bool]:
        levels = m.levels or ()
        return lambda value, target: levels.index(value) >= levels.index(target)

    def progress(self, m: Metric, value: Value, top: Value) -> float:
        levels = m.levels or ()
        top_i = levels.index(top)
        return 1.0 if top_i == 0 else min(1.0, levels.index(value) / top_i)

    def distance(self, m: Metric, value: Value, target: Value) -> float:
        levels = m.levels or ()
        return (levels.index(target) - levels.index(value)) / max(1, len(levels) - 1)

    def rank(self, m: Metric, value: object) -> float | None:
        levels = m.levels or ()
        return float(levels.index(value)) if value in levels else None

    def mean(self, m: Metric, values: Sequence[Value], weights: Sequence[float]) -> Value:
        levels = m.levels or ()
        position = _exact_mean([levels.index(v) for v in values], weights)
        return levels[math.floor(position)]  # rounded down: a level is reached only when reached

    def format_value(self, m: Metric, value: Value) -> str:
        return m._labels.get(str(value), str(value)) if m._labels else str(value)

    def format_target(self, m: Metric, target: Value) -> str:
        return f"≥ {self.format_value(m, target)}"

    def describe(self, m: Metric) -> str:
        return _("level: %(levels)s", levels=" < ".join(self.format_value(m, x) for x in m.levels or ()))

    def short(self, m: Metric) -> str:
        return _("level")

    def target_short(self, m: Metric, target: Value) -> str:
        return self.format_value(m, target)

    def example(self, m: Metric) -> str:
        return (m.levels or ("",))[-1]


class _Number(_Kind):
    """Percentages, counts and durations: numbers, higher or lower is better."""

    whole = False

    def check(self, m: Metric, value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "a whole number" if self.whole else "a number"
            unit = f" of {m.unit}" if m.unit else ""
            hint = ""
            if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
                hint = " (write the number without quotes or %)"
            return f"expected {kind}{unit}, found {describe_found(value)}{hint}"
        if value < 0:
            return f"expected a number of at least 0, found {value}"
        return self.check_range(value)

    def check_range(self, value: float) -> str | None:
        return None

    def progress(self, m: Metric, value: Value, top: Value) -> float:
        assert isinstance(value, (int, float)) and isinstance(top, (int, float))
        if m.direction == "higher":
            return 1.0 if top <= 0 else max(0.0, min(1.0, value / top))
        if value <= top:
            return 1.0
        return top / value if top > 0 else 1.0 / (1.0 + value)

    def distance(self, m: Metric, value: Value, target: Value) -> float:
        assert isinstance(value, (int, float)) and isinstance(target, (int, float))
        if m.direction == "higher":
            return 1.0 if target <= 0 else min(1.0, (target - value) / target)
        return 1.0 if value <= 0 else min(1.0, (value - target) / value)

    def rank(self, m: Metric, value: object) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value) if m.direction == "higher" else -float(value)

    #: The step a roll-up's mean is rounded to: a tenth, or a whole number for counts.
    step = Fraction(1, 10)

    def mean(self, m: Metric, values: Sequence[Value], weights: Sequence[float]) -> Value:
        exact = _exact_mean([v for v in values if isinstance(v, (int, float))], weights) / self.step
        # toward the worse: down when higher is better, up when lower is
        steps = math.floor(exact) if m.direction == "higher" else math.ceil(exact)
        value = steps * self.step
        return int(value) if value.denominator == 1 else float(value)


class _Percentage(_Number):
    def check_range(self, value: float) -> str | None:
        return f"expected a percentage from 0 to 100, found {value}" if value > 100 else None

    def format_value(self, m: Metric, value: Value) -> str:
        return f"{number(value)}%"

    def short(self, m: Metric) -> str:
        return "%"

    def short_unit(self, m: Metric) -> str:
        return "%"

    def example(self, m: Metric) -> str:
        return "0  # percent, 0-100"


class _Count(_Number):
    whole = True
    step = Fraction(1)

    def check_range(self, value: float) -> str | None:
        return None if isinstance(value, int) else f"expected a whole number, found {value}"


class _Duration(_Number):
    def inconsistency(self, m: Metric) -> str | None:
        if m.unit is None:
            return "a duration metric needs a unit (minutes, hours, days, months or years)"
        if m.levels is not None:
            return f"only ordinal metrics take levels, not {m.type}"
        return None

    def format_value(self, m: Metric, value: Value) -> str:
        assert m.unit is not None  # the model requires a unit on a duration
        # "1 hour", "24 hours": a whole count picks its plural form; any other number reads as a
        # plural ("1.5 hours").
        n = int(value) if isinstance(value, int) or float(value).is_integer() else 2
        return _DURATIONS[m.unit](n, number(value))

    def describe(self, m: Metric) -> str:
        unit = _(m.unit or "days")
        return (_("duration in %(unit)s, higher is better", unit=unit) if m.direction == "higher"
                else _("duration in %(unit)s, lower is better", unit=unit))

    def short(self, m: Metric) -> str:
        return _("time (%(unit)s)", unit=_(_UNITS[m.unit or 'days']))

    def short_unit(self, m: Metric) -> str:
        return " " + _(_UNITS[m.unit]) if m.unit else ""

    def example(self, m: Metric) -> str:
        return f"0  # {m.unit}"


def _exact_mean(values: Sequence[float], weights: Sequence[float]) -> Fraction:
    """The weighted mean, computed exactly (a float sum could put 70% at 69.99…%)."""
    total = sum((Fraction(w) for w in weights), Fraction(0))
    return sum((Fraction(v) * Fraction(w) for v, w in zip(values, weights, strict=True)), Fraction(0)) / total


def _always_higher(m: Metric) -> str | None:
    return f"a {m.type} metric is always 'higher' is better" if m.direction != "higher" else None


_KINDS: dict[MetricType, _Kind] = {
    MetricType.BOOLEAN: _Boolean(),
    MetricType.PERCENTAGE: _Percentage(),
    MetricType.COUNT: _Count(),
    MetricType.DURATION: _Duration(),
    MetricType.ORDINAL: _Ordinal(),
}
