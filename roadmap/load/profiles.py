"""Partner profiles: `criteria/<id>/<version>/profiles/<name>.yaml`, one partner's guidance per
criterion, released with the catalog version that lists it (`profiles:` in its catalog.yaml).

A profile is read with positions like every input: every problem is one line at its place, with a
"did you mean" for a criterion id the catalog does not have. `profile_digest` is the SHA-256 of its
canonical content, taken the way `roadmap.load.digests` takes a catalog's (over the YAML content as
written): the release log records it (`profiles` in the version's entry) and every command checks it
(`roadmap.load.standing`).
"""

from __future__ import annotations

from pathlib import Path

from roadmap.errors import InputError, Problem, UsageError
from roadmap.load.digests import canonical, sha256
from roadmap.load.files import shown_path
from roadmap.load.ids import suggest_id
from roadmap.load.validation import sort_problems, validate
from roadmap.load.yamlsource import YamlFile, load_file
from roadmap.models.catalog import Catalog
from roadmap.models.profile import Profile
from roadmap.words import fill_parties


def profile_path(folder: Path, name: str) -> Path:
    """Where profile `name` of the catalog version in `folder` lives."""
    return folder / "profiles" / f"{name}.yaml"


def check_name(catalog: Catalog, name: str) -> None:
    """`name` is one of the profiles `catalog` lists; else a UsageError naming those it has."""
    names = catalog.meta.profile_names
    if name in names:
        return
    close = [n for n in names if n.startswith(name[:2])]
    hint = f"; did you mean {close[0]}?" if close else ""
    raise UsageError(f"{catalog.ref} has no profile {name!r} (profiles: {', '.join(names) or 'none'}){hint}")


def load_profile(folder: Path, catalog: Catalog, name: str) -> Profile:
    """Read and check profile `name` of `catalog` (whose files are in `folder`): all its problems at
    once, or the profile."""
    return read_profile(folder, catalog, name)[0]


def read_profile(folder: Path, catalog: Catalog, name: str) -> tuple[Profile, str]:
    """`load_profile`, with the profile's digest (`profile_digest`) from the same reading."""
    check_name(catalog, name)
    path = profile_path(folder, name)
    doc = load_file(path, shown_path(path))
    problems: list[Problem] = []
    try:
        profile: Profile | None = validate(Profile, doc)
    except InputError as exc:
        problems.extend(exc.problems)
        profile = None
    problems += _cross_check(doc, catalog, name)
    if problems or profile is None:
        raise InputError(sort_problems(problems))
    return profile, sha256(canonical(doc.data))


def _cross_check(doc: YamlFile, catalog: Catalog, name: str) -> list[Problem]:
    """Its id is its file's name, and every criterion it speaks of is one of the catalog's."""
    data = doc.data if isinstance(doc.data, dict) else {}
    out = []
    if isinstance(data.get("id"), str) and data["id"] != name:
        out.append(doc.problem(("id",), f"expected {name} (the file's name), found {data['id']}"))
    criteria = data.get("criteria")
    for cid in criteria if isinstance(criteria, dict) else ():
        if isinstance(cid, str) and cid not in catalog.by_id:
            close = suggest_id(cid, catalog.by_id)
            out.append(doc.problem(("criteria", cid), f"unknown criterion id {cid} in {catalog.ref}"
                                   + (f"; did you mean {close}?" if close else ""), key=True))
    return out


def with_parties(profile: Profile, partner: str | None, host: str | None) -> Profile:
    """A profile's text with `{partner}` and `{host}` filled (`words.fill_parties`), as its catalog's is."""
    def fill(text: str | None) -> str | None:
        return fill_parties(text, partner, host) if text else text

    return profile.model_copy(update={"criteria": {
        cid: e.model_copy(update={"guidance": fill(e.guidance), "remediation": fill(e.remediation)})
        for cid, e in profile.criteria.items()}})


def profile_digest(folder: Path, name: str) -> str:
    """The SHA-256 of profile `name`'s canonical content ("sha256:..."), as `roadmap.load.digests`
    takes a catalog's: over the YAML data as written, so comments and layout do not count."""
    path = profile_path(folder, name)
    return sha256(canonical(load_file(path, shown_path(path)).data))


__all__ = ["check_name", "load_profile", "profile_digest", "profile_path", "read_profile",
           "with_parties"]
