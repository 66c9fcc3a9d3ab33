"""What went backwards between two rounds, as the round diff finds it (`roadmap.engine.rounds_diff`)
and the brief says it: a module of its own so that the brief, which every `score` prints, does not
import the whole round diff (and the catalog diff under it) to name the type."""

from __future__ import annotations

from typing import Literal

from roadmap.models.base import Result, View

RegressionKind = Literal["tier", "commitment_lowered", "commitment_broken", "contribution_short",
                         "criterion_tier", "decision_lapsed", "exception_renewed"]


class Regression(Result):
    """One thing that went backwards from OLD to NEW."""

    kind: RegressionKind
    #: The scope, discipline or criterion it concerns ("overall", a domain id, "GEOINT", "PER-10").
    subject: str
    view: View | None = None
    old: str
    new: str
    text: str


__all__ = ["Regression", "RegressionKind"]
