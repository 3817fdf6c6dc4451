"""The terminal app: Textual screens over the Backend protocol.

Nothing here imports the store or the service: the app talks to a Backend only, so it
runs the same on the embedded network and on a server.
"""

from __future__ import annotations

from pathlib import Path


def styles_path() -> Path:
    """Where the .tcss files are: inside the package once installed, else the checkout's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "styles"
    if installed.is_dir():
        return installed
    return package.parent / "styles"
