"""The HTTP server: the mentoring service over a versioned JSON API (``mentor-tui serve``).

Importing this package loads FastAPI but not uvicorn; ``server.command`` starts uvicorn.
"""

from mentor_tui.server.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
