"""The server benchmark's baseline: bare FastAPI endpoints that run the same SQL, nothing else.

``bench/server.py`` records, through SQLAlchemy's cursor events, the SQL statements the
real service runs for each kind of request of the mix (a search per query text, the
inbox, a thread, a message sent, a request accepted). This app answers the same paths
by replaying those statements with plain ``sqlite3`` on a copy of the same network and
returning the last result rows as JSON: no authentication logic, no rules, no models,
no SQLAlchemy. It is served by uvicorn exactly as ``mentor-tui serve`` serves ours, so
the difference between the two is the overhead of our layers.

Writes (a message, an accept) are replayed in a transaction that is rolled back, so the
same statements can run again and again without clashing with the first run.

Run: ``python bench/bare_server.py TRACES.json DATA_DIR PORT``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request


def create_app(traces: dict[str, list[tuple[str, list[Any]]]], database: Path) -> FastAPI:
    app = FastAPI()
    local = threading.local()

    def connection() -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(database, isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            local.conn = conn
        return conn

    def replay(key: str) -> list[list[Any]]:
        conn = connection()
        statements = traces[key]
        writes = any(
            not sql.lstrip().upper().startswith(("SELECT", "BEGIN")) for sql, _ in statements
        )
        conn.execute("BEGIN IMMEDIATE" if writes else "BEGIN")
        rows: list[Any] = []
        try:
            for sql, params in statements:
                if sql.lstrip().upper().startswith("BEGIN"):
                    continue
                cursor = conn.execute(sql, params)
                if cursor.description is not None:
                    rows = cursor.fetchall()
        finally:
            conn.execute("ROLLBACK" if writes else "COMMIT")
        return [list(row) for row in rows]

    @app.get("/api/v1/mentors")
    def search(request: Request) -> list[list[Any]]:
        return replay("search?" + request.url.query)

    @app.get("/api/v1/requests")
    def inbox() -> list[list[Any]]:
        return replay("inbox")

    @app.get("/api/v1/threads/{thread_id}")
    def thread(thread_id: int) -> list[list[Any]]:
        return replay("thread")

    @app.post("/api/v1/threads/{thread_id}/messages", status_code=201)
    def message(thread_id: int) -> list[list[Any]]:
        return replay("message")

    @app.post("/api/v1/requests/{request_id}/accept")
    def accept(request_id: int) -> list[list[Any]]:
        return replay("accept")

    return app


def main() -> None:
    import uvicorn

    traces_path, data_dir, port = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    traces = json.loads(Path(traces_path).read_text())
    app = create_app(traces, data_dir / "network.sqlite3")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info", server_header=False)


if __name__ == "__main__":
    main()
