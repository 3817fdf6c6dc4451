"""What an e-mail looks like, and why nothing a member types can add a header to it."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest

from mentor_tui.domain.enums import NotificationKind
from mentor_tui.domain.errors import Invalid
from mentor_tui.mail import (
    DEFAULT_FROM,
    SUBJECTS,
    SmtpRelay,
    compose,
    header_safe,
    sender_address,
)
from tests.conftest import Network
from tests.mail.conftest import SmtpServer, smtp_delivery

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INJECTIONS = [
    "Ada\r\nBcc: evil@example.com",
    "Ada\nBcc: evil@example.com",
    "Ada\rBcc: evil@example.com",
    "Ada\u2028Bcc: evil@example.com",
    "Ada\x85Bcc: evil@example.com",
    "Ada\r\n\r\nForged body",
]


@pytest.mark.parametrize("name", INJECTIONS)
def test_line_breaks_in_a_name_never_start_a_header(name: str) -> None:
    letter = compose(
        outbox_id=1,
        kind=NotificationKind.NEW_MESSAGE.value,
        text="New message from Ada in thread 7.",
        email="member@example.org",
        name=name,
        first_name=name,
        sender=sender_address(DEFAULT_FROM),
        when=WHEN,
    )
    wire = letter.message.as_bytes()
    parsed = email.message_from_bytes(wire, policy=email.policy.default)

    assert parsed["Bcc"] is None
    assert [a.addr_spec for a in parsed["To"].addresses] == ["member@example.org"]
    assert letter.recipient == "member@example.org"
    assert "\n" not in str(parsed["To"]) and "\r" not in str(parsed["To"])
    assert set(parsed.keys()) == {
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "Auto-Submitted",
        "Content-Type",
        "Content-Transfer-Encoding",
        "MIME-Version",
    }
    assert parsed.get_content().startswith("Hello Ada ")  # the headers end where they should


@pytest.mark.parametrize(
    "value",
    ["Ada\r\nBcc: evil@example.com", "a\u2028b", "tab\there", "nul\x00here", "  spaced   out "],
)
def test_header_safe_leaves_one_line_without_controls(value: str) -> None:
    cleaned = header_safe(value)
    assert cleaned.splitlines() == [cleaned]
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned


def test_a_kind_with_a_line_break_gets_no_subject_of_its_own() -> None:
    letter = compose(
        outbox_id=1,
        kind="new_message\r\nBcc: evil@example.com",
        text="Hello",
        email="member@example.org",
        name="Ada",
        first_name="Ada",
        sender=sender_address(DEFAULT_FROM),
        when=WHEN,
    )
    assert letter.message["Subject"] == "mentor-tui: A new notification"
    assert letter.message["Bcc"] is None


def test_injection_through_the_network_reaches_nobody_else(
    network: Network, smtp_server: SmtpServer, mail_clock: object
) -> None:
    """A member's name is the one piece of member text in a header (the To display name)."""
    network.member(first_name="Ada\r\nBcc: evil@example.com", last_name="Love\u2028To: x@y.z")

    smtp_delivery(network.service.store, smtp_server, mail_clock).deliver_due()  # type: ignore[arg-type]

    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["member1@example.org"]
    assert mail.message["Bcc"] is None
    assert [a.addr_spec for a in mail.message["To"].addresses] == ["member1@example.org"]
    assert mail.message["Subject"] == "mentor-tui: Your account is verified"


def test_every_notification_kind_has_a_subject() -> None:
    assert set(SUBJECTS) == set(NotificationKind)
    assert all(header_safe(s) == s for s in SUBJECTS.values())


def test_the_body_is_plain_text_with_the_notification_and_how_to_stop() -> None:
    letter = compose(
        outbox_id=1,
        kind=NotificationKind.REQUEST_DECLINED.value,
        text="Greta Lindqvist declined your request 4.\x1b[31m",
        email="member@example.org",
        name="Tomás Ó Briain",
        first_name="Tomás",
        sender=sender_address("Alumni Office <mentoring@uni.example>"),
        when=WHEN,
    )
    body = letter.message.get_content()
    assert letter.message.get_content_type() == "text/plain"
    assert body.startswith("Hello Tomás,\n\nGreta Lindqvist declined your request 4.\n")
    assert "\x1b" not in body
    assert "mentor-tui profile set email-notifications off" in body
    assert letter.message["Message-ID"].endswith("@uni.example>")
    assert letter.sender == "mentoring@uni.example"


@pytest.mark.parametrize(
    "value", ["", "nobody", "a@example.org, b@example.org", "Office <x@y>\r\nBcc: z@q.r"]
)
def test_a_sender_that_is_not_one_address_is_refused_in_one_line(value: str) -> None:
    with pytest.raises(Invalid) as error:
        sender_address(value)
    assert "\n" not in str(error.value) and "--mail-from" in str(error.value)


def test_an_address_that_cant_be_used_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        compose(
            outbox_id=1,
            kind="new_message",
            text="x",
            email="a@b.example,c",
            name="A",
            first_name="A",
            sender=sender_address(DEFAULT_FROM),
            when=WHEN,
        )


@pytest.mark.parametrize(
    ("url", "security", "port", "user", "password"),
    [
        ("smtp://relay.uni.example", "starttls-if-offered", 25, "", ""),
        ("smtp://u:hunter2@relay.uni.example:2525", "starttls-if-offered", 2525, "u", "hunter2"),
        (
            "smtp+starttls://office%40uni.example:p%40ss@mx:587",
            "starttls",
            587,
            "office@uni.example",
            "p@ss",
        ),
        ("smtp+starttls://mx", "starttls", 587, "", ""),
        ("smtps://u:secret@mx", "ssl", 465, "u", "secret"),
    ],
)
def test_smtp_urls(url: str, security: str, port: int, user: str, password: str) -> None:
    relay = SmtpRelay.from_url(url)
    assert (relay.security, relay.port, relay.username, relay.password) == (
        security,
        port,
        user,
        password,
    )
    assert password == "" or password not in relay.describe() + repr(relay)


@pytest.mark.parametrize(
    "url",
    ["ftp://mx", "smtp://", "relay.uni.example", "smtp://mx:99999", "smtp://u:secret@mx/path"],
)
def test_a_bad_smtp_url_is_one_line_that_says_what_to_write(url: str) -> None:
    with pytest.raises(Invalid) as error:
        SmtpRelay.from_url(url)
    message = str(error.value)
    assert "smtp://" in message and "\n" not in message
    assert "secret" not in message
