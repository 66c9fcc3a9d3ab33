"""Splitting a change between the factors that caused it, whatever order they are applied in.

A measure S (a tier, a readiness figure) of an assessment round depends on several factors that can
each be taken from the old round or the new one: the partner's own values and evidence, the catalog
version (the goalposts), the not-applicable and exception decisions. Applying the factors one after
the other and booking each step to the factor it changed depends on the order: the step that moves
a tier across a threshold is booked to whichever factor happens to come last. The Shapley value
averages each factor's step over every order, so that:

- the parts add up exactly to the total change, S(all new) − S(all old);
- swapping the order of evaluation cannot move a point from one factor to another (there is none);
- a factor that changed nothing gets 0, and two factors that act alike get equal shares.

With factors i in N (here 2 or 3), and S(T) the measure with the factors in T taken from the new
round and the others from the old one:

    φ_i = Σ_{T ⊆ N∖{i}} |T|! (|N| − |T| − 1)! / |N|! · (S(T ∪ {i}) − S(T))

Exact arithmetic (fractions) keeps the parts summing to the total; figures are rounded for people
only at the end, by `rounded_parts`, which puts any rounding remainder on the largest part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations
from math import factorial


def shapley(factors: Sequence[str], measure: Callable[[frozenset[str]], Fraction]) -> dict[str, Fraction]:
    """Each factor's share of measure(all factors new) − measure(none new), by the Shapley value.

    `measure(T)` is the measure with the factors in T taken from the new round (it is called once per
    subset: 2^n calls)."""
    n = len(factors)
    values = {frozenset(subset): measure(frozenset(subset))
              for size in range(n + 1) for subset in combinations(factors, size)}
    out = {}
    for i in factors:
        others = [f for f in factors if f != i]
        share = Fraction(0)
        for size in range(n):
            weight = Fraction(factorial(size) * factorial(n - size - 1), factorial(n))
            for subset in combinations(others, size):
                base = frozenset(subset)
                share += weight * (values[base | {i}] - values[base])
        out[i] = share
    return out


def rounded_parts(parts: dict[str, Fraction], places: int) -> dict[str, float]:
    """The parts rounded to `places` decimals so that they still add up to their rounded total: the
    remainder of rounding goes to the part with the largest magnitude (largest-remainder rounding
    for one remainder)."""
    total = round(float(sum(parts.values(), Fraction(0))), places)
    out = {k: round(float(v), places) for k, v in parts.items()}
    rest = round(total - sum(out.values()), places)
    if rest and out:
        biggest = max(out, key=lambda k: (abs(parts[k]), k))
        out[biggest] = round(out[biggest] + rest, places)
    return out
