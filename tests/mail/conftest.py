"""A real SMTP server on loopback (aiosmtpd) that records what it is given, and helpers to
read the outbox the service fills."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from mentor_tui.mail import MailDelivery, SmtpRelay, SmtpTransport
from mentor_tui.store import schema as t
from mentor_tui.store.database import Store
from tests.conftest import FakeClock
from tests.live_server import free_port


@pytest.fixture(autouse=True)
def _no_configured_relay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own relay settings never reach the tests."""
    monkeypatch.delenv("MENTOR_TUI_SMTP_URL", raising=False)
    monkeypatch.delenv("MENTOR_TUI_MAIL_FROM", raising=False)


@dataclass
class Received:
    """One e-mail as the relay got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        assert part is not None
        return str(part.get_content())


@dataclass
class RecordingHandler:
    """Keeps every e-mail; refuses the recipients in ``refuse`` with the given reply."""

    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int
    handler: RecordingHandler
    controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]

    def start(self, **smtp_parameters: Any) -> SmtpServer:
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, **smtp_parameters
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a loopback port, recording what it accepts."""
    server = SmtpServer(free_port(), RecordingHandler()).start()
    yield server
    server.stop()


@pytest.fixture
def mail_clock() -> FakeClock:
    """The deliverer's own clock, moved by hand to get past a backoff."""
    return FakeClock()


def smtp_delivery(store: Store, server: SmtpServer, clock: FakeClock) -> MailDelivery:
    relay = SmtpRelay.from_url(server.url)
    return MailDelivery(store, SmtpTransport(relay), "Alumni Office <mentoring@uni.example>", clock)


def outbox(store: Store) -> list[Any]:
    """Every row of the outbox, oldest first."""
    with store.read() as conn:
        return list(conn.execute(select(t.mail_outbox).order_by(t.mail_outbox.c.id)).all())


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and its key (PEM files)."""
    import ipaddress
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)
