"""`python -m roadmap.preview FILE ...`: the preview command on its own, until the CLI group registers
it as `roadmap preview`. Errors become exit codes as in `roadmap.cli`: 2 for bad input or usage."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from roadmap.errors import InputError, RoadmapError
from roadmap.preview.command import EXIT_SIGINT, preview_cmd

EXIT_INPUT = 2


def main(argv: list[str] | None = None) -> NoReturn:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as roadmap.cli: none are used
    try:
        rc = preview_cmd.main(args=argv, prog_name="python -m roadmap.preview", standalone_mode=False)
    except InputError as exc:
        click.echo(str(exc), err=True)
        rc = EXIT_INPUT
    except RoadmapError as exc:
        click.echo(f"error: {exc}", err=True)
        rc = EXIT_INPUT
    except click.ClickException as exc:
        exc.show()
        rc = EXIT_INPUT
    except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl-C before the preview took over the signal
        click.echo("interrupted", err=True)
        rc = EXIT_SIGINT
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":
    main()
