"""`roadmap preview FILE`: the HTML report of one assessment in a browser, re-rendered as it is edited.

A warm process (imports done, catalog loaded) watches the assessment, the catalogs and the
`--templates` folder, re-validates and re-renders on each save, and serves the result on 127.0.0.1
only; the page refreshes itself. A file that no longer validates shows its problems instead of the
report, with the last good report one click away. See docs/preview.md.

- `rendering`: one assessment → its HTML (and what the PDF needs), or its problems.
- `pages`: what the server sends: the report with a refresh script, the problems page.
- `server`: the loopback HTTP server and the state it serves.
- `watch`: the file watcher (watchfiles).
- `pdf`: a warm worker process that rewrites the PDF on each good save (`--pdf`).
- `session`: all of the above, started and stopped together.
- `command`: the click command `preview_cmd`.
"""
