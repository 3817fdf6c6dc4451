"""Without a relay, e-mail lands in a Maildir under the data dir: from the server, from the
embedded network (command line and app), and from ``mentor-tui mail flush``."""

from __future__ import annotations

import json
import mailbox
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from mentor_tui.backend.local import LocalBackend
from mentor_tui.cli import main
from mentor_tui.domain.enums import Role
from mentor_tui.domain.models import Registration
from mentor_tui.mail import MailDelivery, MaildirTransport, maildir_path
from mentor_tui.service import MentoringService
from mentor_tui.store.database import Store
from mentor_tui.store.outbox import CANCELLED, QUEUED
from tests.conftest import PASSWORD, FakeClock, Network, copy_empty_network
from tests.mail.conftest import SmtpServer, outbox


def read_maildir(path: Path) -> list[EmailMessage]:
    box = mailbox.Maildir(path, factory=None, create=False)
    messages = []
    for key in box.iterkeys():
        parsed = message_from_bytes(box.get_bytes(key), policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        messages.append(parsed)
    return sorted(messages, key=lambda m: str(m["Subject"]))


def register(service: MentoringService, first: str, last: str) -> str:
    member = service.register(
        Registration(
            first_name=first,
            last_name=last,
            password=PASSWORD,
            email=f"{first.lower()}@example.org",
            role=Role.ALUMNUS,
            institution="University of Testing",
            programme="Economics",
            year_started=2010,
            year_graduated=2014,
            accept_guidelines=True,
        )
    )
    return member.username


def test_maildir_transport_delivers_one_file_per_mail(
    network: Network, tmp_path: Path, mail_clock: FakeClock
) -> None:
    mentor = network.mentor(first_name="Greta", last_name="Lindqvist")
    network.service.update_profile(mentor, {"email_notifications": "no"})
    network.member(first_name="Tomás", last_name="Ó Briain")
    box = tmp_path / "outbox"

    report = MailDelivery(
        network.service.store, MaildirTransport(box), clock=mail_clock
    ).deliver_due()

    [mail] = read_maildir(box)
    assert report.sent == 1
    assert mail["To"].addresses[0].display_name == "Tomás Ó Briain"
    assert mail["Subject"] == "mentor-tui: Your account is verified"
    assert mail.get_content().startswith("Hello Tomás,")
    assert {r.state for r in outbox(network.service.store) if r.user_id == mentor.id} == {CANCELLED}


def test_a_maildir_that_cant_be_written_keeps_the_mail_queued(
    network: Network, tmp_path: Path, mail_clock: FakeClock
) -> None:
    network.member()
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the Maildir should be")

    report = MailDelivery(
        network.service.store, MaildirTransport(blocked), clock=mail_clock
    ).deliver_due()

    assert report.sent == 0 and "can't write the Maildir" in report.last_error
    assert {r.state for r in outbox(network.service.store)} == {QUEUED}


async def test_the_embedded_network_writes_mail_into_the_data_dirs_maildir(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "net"
    store = copy_empty_network(data_dir)
    username = register(MentoringService(store, FakeClock()), "Greta", "Lindqvist")
    store.close()

    backend = LocalBackend.open(data_dir)
    try:
        await backend.login("alex.office", PASSWORD)
        await backend.verify_member(username)
    finally:
        await backend.close()

    [mail] = read_maildir(maildir_path(data_dir))
    assert mail["To"].addresses[0].addr_spec == "greta@example.org"
    assert mail["Subject"] == "mentor-tui: Your account is verified"


async def test_with_a_relay_configured_the_embedded_network_leaves_mail_for_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer
) -> None:
    monkeypatch.setenv("MENTOR_TUI_SMTP_URL", smtp_server.url)
    data_dir = tmp_path / "net"
    store = copy_empty_network(data_dir)
    username = register(MentoringService(store, FakeClock()), "Greta", "Lindqvist")
    store.close()

    backend = LocalBackend.open(data_dir)
    try:
        await backend.login("alex.office", PASSWORD)
        await backend.verify_member(username)
    finally:
        await backend.close()

    assert not maildir_path(data_dir).exists()
    assert smtp_server.received == [], "a command never waits on the relay"
    store = Store.open_data_dir(data_dir)
    try:
        assert [r.state for r in outbox(store)] == [QUEUED]
    finally:
        store.close()


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(args)
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def queued_network(data_dir: Path) -> None:
    store = copy_empty_network(data_dir)
    service = MentoringService(store, FakeClock())
    admin = service.authenticate(service.login("alex.office", PASSWORD).token)
    service.verify_member(admin, register(service, "Greta", "Lindqvist"))
    store.close()


def test_mail_flush_delivers_into_the_maildir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "net"
    queued_network(data_dir)

    code, out, err = cli(["--data-dir", str(data_dir), "mail", "flush"], capsys)

    assert (code, err) == (0, "")
    assert out.startswith("Delivered 1 e-mail into the Maildir")
    assert [m["To"].addresses[0].addr_spec for m in read_maildir(data_dir / "outbox")] == [
        "greta@example.org"
    ]


def test_mail_flush_over_smtp_with_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], smtp_server: SmtpServer
) -> None:
    data_dir = tmp_path / "net"
    queued_network(data_dir)
    args = ["--data-dir", str(data_dir), "mail", "flush", "--json"]
    args += ["--smtp-url", smtp_server.url, "--mail-from", "Alumni Office <mentoring@uni.example>"]

    code, out, _ = cli(args, capsys)

    assert code == 0
    result = json.loads(out)
    assert (result["sent"], result["queued"]) == (1, 0)
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["greta@example.org"]
    assert mail.message["From"] == "Alumni Office <mentoring@uni.example>"


def test_mail_flush_with_the_relay_down_says_so_in_one_line_and_keeps_the_mail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.live_server import free_port

    data_dir = tmp_path / "net"
    queued_network(data_dir)
    url = f"smtp://127.0.0.1:{free_port()}"

    code, out, _ = cli(["--data-dir", str(data_dir), "mail", "flush", "--smtp-url", url], capsys)

    assert code == 0
    assert out.count("\n") == 1
    assert "Delivered 0 e-mails" in out and "1 still queued (nothing answers" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["serve", "--smtp-url", "ftp://mx.uni.example"], "Can't use the SMTP URL"),
        (["serve", "--smtp-url", "smtp://u:secret@mx:99999"], "Can't read the SMTP URL"),
        (["serve", "--mail-from", "not an address"], "is not one e-mail address"),
        (["mail", "flush", "--smtp-url", "smtp//mx"], "Can't use the SMTP URL"),
    ],
)
def test_bad_mail_settings_are_one_line_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, out, err = cli(["--data-dir", str(tmp_path / "net"), *args], capsys)

    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1
    assert expected in err and "secret" not in err
    assert "Traceback" not in out + err
