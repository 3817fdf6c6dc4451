"""Members who allow it get their notifications by e-mail, through a real SMTP relay on
loopback; members who switched e-mail off get none at all. Runs on SQLite and, when
MENTOR_TUI_TEST_POSTGRES is set, on PostgreSQL."""

from __future__ import annotations

import pytest

from mentor_tui.domain.enums import Role
from mentor_tui.domain.models import Actor
from mentor_tui.mail import (
    LEASE,
    MAX_ATTEMPTS,
    DeliveryReport,
    Letter,
    MailDelivery,
    Outcome,
    SmtpRelay,
    SmtpTransport,
    backoff,
)
from mentor_tui.store import schema as t
from mentor_tui.store.outbox import CANCELLED, FAILED, QUEUED, SENT
from tests.conftest import FakeClock, Network
from tests.live_server import free_port
from tests.mail.conftest import RecordingHandler, SmtpServer, outbox, smtp_delivery


def email_of(network: Network, actor: Actor) -> str:
    private = network.service.me(actor).private
    assert private is not None
    return private.email


def quiet_member(network: Network, role: Role = Role.STUDENT) -> Actor:
    """A member who switched e-mail off before anything happened to them."""
    pending = network.member(role, verified=False)
    network.service.update_profile(pending, {"email_notifications": "off"})
    network.service.verify_member(network.admin, pending.username)
    return network.actor(pending.username)


def test_member_with_email_on_gets_the_notification(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    mentor = network.mentor(first_name="Greta", last_name="Lindqvist")
    mentee = network.member(first_name="Tomás", last_name="Ó Briain")
    delivery = smtp_delivery(network.service.store, smtp_server, mail_clock)
    delivery.deliver_due()  # the "account verified" e-mails of both
    smtp_server.received.clear()

    request_id = network.request(mentee, mentor)
    report = delivery.deliver_due()

    assert (report.sent, report.queued) == (1, 0)
    [mail] = smtp_server.received
    address = email_of(network, mentor)
    assert mail.rcpt_tos == [address]
    assert mail.mail_from == "mentoring@uni.example"
    assert mail.message["To"].addresses[0].addr_spec == address
    assert mail.message["To"].addresses[0].display_name == "Greta Lindqvist"
    assert mail.message["From"] == "Alumni Office <mentoring@uni.example>"
    assert mail.message["Subject"] == "mentor-tui: New mentoring request"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    assert mail.message.get_content_type() == "text/plain"
    assert mail.body.startswith("Hello Greta,")
    assert f"Tomás Ó Briain asks you for mentoring (request {request_id})." in mail.body
    assert "email-notifications off" in mail.body


def test_member_with_email_off_gets_nothing_at_all(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    mentor = quiet_member(network, Role.ALUMNUS)
    network.service.update_mentor(
        mentor, sectors=["Finance"], help_areas=["industry insight"], activities=["messages"]
    )
    network.service.activate_mentor(mentor)
    mentee = network.member()
    request_id = network.request(mentee, mentor)  # a request, a message, a decline
    network.service.decline_request(mentor, request_id, "Sorry, I have no time this term.")

    smtp_delivery(network.service.store, smtp_server, mail_clock).deliver_due()

    assert network.kinds(mentor), "the notifications are still in the app"
    assert smtp_server.to(email_of(network, mentor)) == []
    mentee_mail = smtp_server.to(email_of(network, mentee))
    assert [m.message["Subject"] for m in mentee_mail] == [
        "mentor-tui: Your account is verified",
        "mentor-tui: Your mentoring request was declined",
    ]


def test_switching_email_off_cancels_what_is_still_queued(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    mentor = network.mentor()
    network.request(network.member(), mentor)
    network.service.update_profile(mentor, {"email_notifications": False})

    smtp_delivery(network.service.store, smtp_server, mail_clock).deliver_due()

    assert smtp_server.to(email_of(network, mentor)) == []
    mentor_rows = [r for r in outbox(network.service.store) if r.user_id == mentor.id]
    assert {r.state for r in mentor_rows} == {CANCELLED}


def test_a_changed_address_is_used(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    mentor = network.mentor()
    network.request(network.member(), mentor)
    network.service.update_profile(mentor, {"email": "greta.new@example.net"})

    smtp_delivery(network.service.store, smtp_server, mail_clock).deliver_due()

    assert len(smtp_server.to("greta.new@example.net")) == 2  # verified, request received


def test_relay_down_leaves_mail_queued_and_delivers_it_later(
    network: Network, mail_clock: FakeClock
) -> None:
    mentor = network.mentor()
    store = network.service.store
    down = SmtpServer(free_port(), RecordingHandler())  # nothing listens there yet
    delivery = smtp_delivery(store, down, mail_clock)

    first = delivery.deliver_due()

    assert first.sent == 0 and first.retrying >= 1
    assert "nothing answers" in first.last_error
    rows = outbox(store)
    assert {r.state for r in rows} == {QUEUED}
    assert {r.attempts for r in rows} == {1}
    assert "nothing answers" in rows[0].last_error

    delivery.deliver_due()  # too soon: the backoff holds, the relay isn't hammered
    assert {r.attempts for r in outbox(store)} == {1}

    down.start()
    try:
        mail_clock.advance(seconds=backoff(1).total_seconds())
        later = delivery.deliver_due()
    finally:
        down.stop()

    assert later.sent == len(rows) and later.queued == 0
    assert {r.state for r in outbox(store)} == {SENT}
    assert down.to(email_of(network, mentor))


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4, 7, 50)] == [
        1,
        2,
        4,
        8,
        60,
        60,
    ]


def test_mail_is_given_up_after_the_last_attempt(network: Network, mail_clock: FakeClock) -> None:
    network.mentor()
    store = network.service.store
    delivery = smtp_delivery(store, SmtpServer(free_port(), RecordingHandler()), mail_clock)
    with store.write() as conn:  # as if it had failed all but once already
        conn.execute(t.mail_outbox.update().values(attempts=MAX_ATTEMPTS - 1))
    delivery.deliver_due()

    rows = outbox(store)
    assert {r.state for r in rows} == {FAILED}
    assert all("nothing answers" in r.last_error for r in rows)
    assert delivery.deliver_due(force=True).sent == 0


def test_a_refused_recipient_is_given_up_and_the_others_still_go(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    gone, kept = network.member(), network.member()
    smtp_server.handler.refuse[email_of(network, gone)] = "550 5.1.1 No such mailbox"
    smtp_server.handler.refuse[email_of(network, kept)] = "451 4.3.0 Try again later"

    report = smtp_delivery(network.service.store, smtp_server, mail_clock).deliver_due()

    states = {r.user_id: (r.state, r.last_error) for r in outbox(network.service.store)}
    assert states[gone.id][0] == FAILED and "550" in states[gone.id][1]
    assert states[kept.id][0] == QUEUED and "451" in states[kept.id][1]
    assert report.failed == 1


def test_a_deliverer_that_died_mid_send_is_taken_over_after_its_lease(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    network.mentor()
    store = network.service.store

    class Crashing:
        def describe(self) -> str:
            return "nowhere"

        def deliver(self, letters: list[Letter]) -> list[Outcome]:
            raise KeyboardInterrupt  # the process is killed with the rows leased

    crashed = MailDelivery(store, Crashing(), clock=mail_clock)  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt):
        crashed.deliver_due()
    survivor = smtp_delivery(store, smtp_server, mail_clock)
    assert survivor.deliver_due().sent == 0, "leased rows are not sent twice"

    mail_clock.advance(seconds=LEASE.total_seconds() + 1)
    assert survivor.deliver_due().sent == 1
    assert len(smtp_server.received) == 1


def test_two_deliverers_never_send_one_mail_twice(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    for _ in range(3):
        network.member()
    store = network.service.store
    other = smtp_delivery(store, smtp_server, mail_clock)
    reports: list[DeliveryReport] = []

    class Interleaving(SmtpTransport):
        """While this deliverer holds its rows, another one runs a whole pass."""

        def deliver(self, letters: list[Letter]) -> list[Outcome]:  # type: ignore[override]
            reports.append(other.deliver_due())
            return super().deliver(letters)

    relay = SmtpRelay.from_url(smtp_server.url)
    MailDelivery(store, Interleaving(relay), clock=mail_clock).deliver_due()

    assert reports[0].sent == 0
    assert len(smtp_server.received) == 3
    assert {r.state for r in outbox(store)} == {SENT}


def test_a_deleted_member_takes_their_queued_mail_along(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    leaving = network.member()
    network.service.delete_account(leaving, "correct horse battery")

    smtp_delivery(network.service.store, smtp_server, mail_clock).deliver_due()

    assert [r for r in outbox(network.service.store) if r.user_id == leaving.id] == []
    assert smtp_server.received == []


def test_finished_rows_are_pruned_after_a_month(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    network.member()
    delivery = smtp_delivery(network.service.store, smtp_server, mail_clock)
    delivery.deliver_due()
    assert len(outbox(network.service.store)) == 1

    mail_clock.advance(days=31)
    delivery.deliver_due()
    assert outbox(network.service.store) == []


def test_starttls_and_login(
    network: Network, mail_clock: FakeClock, tls_files: tuple[str, str]
) -> None:
    import ssl

    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = tls_files
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(
        server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"p@ss:word", handled=False)

    server = SmtpServer(free_port(), RecordingHandler()).start(
        tls_context=server_context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    try:
        member = network.member()
        url = f"smtp+starttls://office%40uni.example:p%40ss%3Aword@127.0.0.1:{server.port}"
        parsed = SmtpRelay.from_url(url)
        relay = SmtpRelay(
            parsed.host,
            parsed.port,
            parsed.security,
            parsed.username,
            parsed.password,
            ssl_context=ssl.create_default_context(cafile=cert),
        )
        delivery = MailDelivery(network.service.store, SmtpTransport(relay), clock=mail_clock)
        assert delivery.deliver_due().sent == 1
    finally:
        server.stop()

    assert logins == [(b"office@uni.example", b"p@ss:word")]
    assert server.to(email_of(network, member))


def test_a_relay_without_starttls_is_refused_when_the_url_requires_it(
    network: Network, smtp_server: SmtpServer, mail_clock: FakeClock
) -> None:
    network.member()
    relay = SmtpRelay.from_url(f"smtp+starttls://127.0.0.1:{smtp_server.port}")
    delivery = MailDelivery(network.service.store, SmtpTransport(relay), clock=mail_clock)

    report = delivery.deliver_due()

    assert report.sent == 0 and "does not offer STARTTLS" in report.last_error
    assert smtp_server.received == []
    assert {r.state for r in outbox(network.service.store)} == {QUEUED}


def test_a_wrong_password_is_said_in_words_and_the_mail_waits(
    network: Network, mail_clock: FakeClock, tls_files: tuple[str, str]
) -> None:
    import ssl

    from aiosmtpd.smtp import AuthResult

    cert, key = tls_files
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server = SmtpServer(free_port(), RecordingHandler()).start(
        tls_context=server_context,
        auth_required=True,
        authenticator=lambda *args: AuthResult(success=False, handled=False),
    )
    try:
        network.member()
        relay = SmtpRelay(
            "127.0.0.1",
            server.port,
            "starttls",
            "office",
            "wrong",
            ssl_context=ssl.create_default_context(cafile=cert),
        )
        delivery = MailDelivery(network.service.store, SmtpTransport(relay), clock=mail_clock)
        report = delivery.deliver_due()
    finally:
        server.stop()

    assert "refused the login" in report.last_error
    assert "wrong" not in report.last_error
    assert {r.state for r in outbox(network.service.store)} == {QUEUED}
