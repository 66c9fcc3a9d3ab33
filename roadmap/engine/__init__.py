"""The pure engine, from frozen models to frozen results (no files, no printing, no clock):

- `scoring`: one assessment under its catalog: criteria, domains, the three views, gaps.
- `reciprocity`: the two-way sharing ledger at the tier reached, and its history over rounds.
- `renames`: criterion ids across catalog versions (the first step of both diffs).
- `criteria_diff`: one catalog version against another, criterion by criterion.
- `rounds_diff`: one assessment round against another, split into progress and goalposts.
- `trend`: the series of rounds of one partner.
- `plan`: the remediation plan to the next tier.
"""
