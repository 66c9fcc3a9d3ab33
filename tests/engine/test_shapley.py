"""The Shapley split (roadmap.engine.shapley): parts sum to the total, symmetric, order-free."""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations

from hypothesis import given
from hypothesis import strategies as st

from roadmap.engine.shapley import rounded_parts, shapley

FACTORS = ("values", "catalog", "decisions")


def _table(numbers: list[int]) -> dict[frozenset[str], Fraction]:
    subsets = [frozenset(c for c, bit in zip(FACTORS, format(k, "03b"), strict=True) if bit == "1") for k in range(8)]
    return {s: Fraction(n) for s, n in zip(subsets, numbers, strict=True)}


@given(st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_parts_sum_to_the_total_and_average_every_order(numbers: list[int]) -> None:
    table = _table(numbers)
    parts = shapley(FACTORS, table.__getitem__)
    everything, nothing = frozenset(FACTORS), frozenset[str]()
    assert sum(parts.values()) == table[everything] - table[nothing]
    # the mean, over every order of applying the factors, of the step each factor makes
    steps = {f: Fraction(0) for f in FACTORS}
    orders = list(permutations(FACTORS))
    for order in orders:
        done: frozenset[str] = frozenset()
        for f in order:
            steps[f] += table[done | {f}] - table[done]
            done = done | {f}
    assert parts == {f: steps[f] / len(orders) for f in FACTORS}


def test_two_factors_are_the_mean_of_both_orders() -> None:
    # old 0; values only: 1; catalog only: 0; both: 2 (the threshold crossed only with both)
    s = {frozenset(): Fraction(0), frozenset({"v"}): Fraction(1), frozenset({"c"}): Fraction(0),
         frozenset({"v", "c"}): Fraction(2)}
    parts = shapley(("v", "c"), s.__getitem__)
    assert parts == {"v": Fraction(3, 2), "c": Fraction(1, 2)}
    assert shapley(("c", "v"), s.__getitem__) == parts  # the order the factors are listed in is irrelevant


def test_a_factor_that_changes_nothing_gets_nothing() -> None:
    subsets = [frozenset(x) for x in ([], ["v"], ["c"], ["d"], ["v", "c"], ["v", "d"], ["c", "d"], ["v", "c", "d"])]
    s = {x: Fraction(len(x & {"v", "d"})) for x in subsets}
    assert shapley(("v", "c", "d"), s.__getitem__)["c"] == 0


def test_rounded_parts_keep_their_sum() -> None:
    third = Fraction(1, 3)
    out = rounded_parts({"a": third, "b": third, "c": third}, 2)
    assert sum(out.values()) == 1.0 and sorted(out.values()) == [0.33, 0.33, 0.34]
    assert rounded_parts({"a": Fraction(0), "b": Fraction(0)}, 1) == {"a": 0.0, "b": 0.0}
