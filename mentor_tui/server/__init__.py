"""The HTTP server: the mentoring service over a versioned JSON API (``mentor-tui serve``).

Importing this package loads neither FastAPI nor uvicorn: ``create_app`` and
``API_PREFIX`` load ``server.app`` (FastAPI) when first used, and ``server.command``
starts uvicorn. The command line imports ``server.command`` to register ``serve``, and
every start of the terminal app went through it: loading FastAPI there cost about
0.35 s before the first frame (bench/startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentor_tui.server.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mentor_tui.server import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
