"""pydantic's plugins, which the command line does not use.

pydantic looks for plugins when it builds its first validator, and its loader imports
`importlib.metadata` (and with it `email`) to do so even when `PYDANTIC_DISABLE_PLUGINS` disables
every plugin: about 25 ms of a command that takes 200 (docs/performance.md). When every plugin is
disabled (the command line's default), a loader that finds none stands in for pydantic's own.
`PYDANTIC_DISABLE_PLUGINS=""` lets plugins load, through pydantic's loader.
"""

from __future__ import annotations

import os
import sys
import types

_DISABLED = ("__all__", "1", "true")  # the values pydantic's own loader reads as "none at all"
_LOADER = "pydantic.plugin._loader"


def skip_discovery() -> None:
    """Stand in for pydantic's plugin loader when every plugin is disabled and it is not loaded yet."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _DISABLED or _LOADER in sys.modules:
        return
    loader = types.ModuleType(_LOADER, "No pydantic plugins: every one is disabled (roadmap.plugins).")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[_LOADER] = loader
