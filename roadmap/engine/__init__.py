"""The pure engine: scoring, reciprocity, diffs, trend and the remediation plan, from frozen models
to frozen results."""
