"""Groups of commands: their help lists the commands in the order of the work (init, validate,
score, ...), not the alphabet's; and a command's module is imported only when that command runs or
a help lists it (click's "lazily loading subcommands" pattern), so that `roadmap score` does not
import the report, rounds, catalog and export commands and what they import."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import click


class Ordered(click.Group):
    """A group whose help lists its commands in the order they were added."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


class Lazy(Ordered):
    """A group of commands named by where they are, `name: "module:attribute"`, in the order its help
    lists them; each is imported when it is first asked for."""

    def __init__(self, name: str | None = None, *, lazy: Mapping[str, str], **attrs: Any) -> None:
        super().__init__(name, **attrs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy, *(name for name in self.commands if name not in self.lazy)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command) or command.name != cmd_name:
                raise TypeError(f"{self.lazy[cmd_name]} is not the command {cmd_name}")
            self.add_command(command)
        return super().get_command(ctx, cmd_name)


def ordered(name: str, commands: Sequence[click.Command], about: str, short: str) -> Ordered:
    """A group of `commands`, listed in that order, with its help and its line in its parent's help."""
    return Ordered(name, commands=commands, help=about, short_help=short)
