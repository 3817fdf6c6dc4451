"""A network from before e-mail gets its outbox on open, and keeps working."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from mentor_tui.service import MentoringService
from mentor_tui.store.database import DB_FILENAME, Store, _sqlite_engine
from mentor_tui.store.outbox import QUEUED
from tests.conftest import PASSWORD, FakeClock
from tests.mail.conftest import outbox
from tests.service.test_store import build_v1_network

BEFORE_EMAIL = 3
"""The schema version of the last release without the outbox."""


def test_a_network_from_before_email_gets_an_outbox_that_fills(tmp_path: Path) -> None:
    build_v1_network(tmp_path)
    old = Store(_sqlite_engine(tmp_path / DB_FILENAME), str(tmp_path / DB_FILENAME))
    old.migrate(target=BEFORE_EMAIL)
    with old.read() as conn:
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        assert "mail_outbox" not in set(tables.scalars())
    old.close()

    store = Store.open_data_dir(tmp_path)
    try:
        assert store.version() > BEFORE_EMAIL
        service = MentoringService(store, FakeClock())
        student = service.authenticate(service.login("sam.student", PASSWORD).token)
        service.send_request(
            student, "greta.lindqvist", "I would value your advice on a career at sea."
        )
        [row] = outbox(store)
        assert (row.user_id, row.kind, row.state) == (2, "request_received", QUEUED)
    finally:
        store.close()
