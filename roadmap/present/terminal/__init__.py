"""Terminal renderings of results (rich): `layout` sets out sentences and tables that never cut a
value, at any width; the other modules print one kind of result each (`score`, `catalog`,
`reciprocity`, `rounds`). Untrusted text is printed with markup disabled."""
