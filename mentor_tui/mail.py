"""E-mail notifications: delivering the outbox that the service fills.

Who gets e-mail is decided by the service, once: in the transaction of each
notification it queues one ``mail_outbox`` row for a recipient whose *send me
notifications by e-mail* switch is on, and switching it off cancels what is still
queued. This module only delivers what is queued, so nothing owed is lost when delivery
fails: a row stays queued until a transport took it, and is retried with backoff.

Two transports: an SMTP relay when one is configured (``--smtp-url``, or
``MENTOR_TUI_SMTP_URL``), else a Maildir under the data dir (``<data dir>/outbox``),
which any mail tool can read or forward. Who drains the outbox:

- ``mentor-tui serve`` runs :meth:`MailDelivery.run_forever` in its lifespan;
- the embedded network (command line and app without a server) drains into the Maildir
  after each of its calls (:func:`embedded_delivery`): a local write, so no command ever
  waits on a network. When a relay is configured in the environment, embedded processes
  leave the mail queued for the server, so a command run beside a server never diverts
  the server's mail into a Maildir;
- ``mentor-tui mail flush`` delivers now (from cron, or after fixing a relay).

The command line imports this module to offer ``--smtp-url`` and ``mail flush``, so it
loads SQLAlchemy (about 0.25 s), ``ssl``, ``smtplib`` and ``mailbox`` only when
delivering, not on every start of the app.

Deliberately not done here: deciding who gets mail, rendering any markup (messages are
plain text), or letting member text into headers unchecked: the one piece of member text
in a header (the recipient's display name) and everything else that goes into one is
stripped of line breaks and control characters first.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urlsplit

import click

from mentor_tui.domain.calendar import utcnow
from mentor_tui.domain.enums import NotificationKind
from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.text import strip_control

if TYPE_CHECKING:
    import smtplib
    import ssl

    from mentor_tui.store.database import Store

log = logging.getLogger("mentor_tui.mail")
log.addHandler(logging.NullHandler())  # silent in a terminal; `serve` configures logging

SMTP_URL_ENV = "MENTOR_TUI_SMTP_URL"
MAIL_FROM_ENV = "MENTOR_TUI_MAIL_FROM"
DEFAULT_FROM = "mentor-tui <noreply@localhost>"
"""Good enough for a Maildir; a real relay wants an address of the office's domain."""
MAILDIR_NAME = "outbox"

MAIL_INTERVAL = 5.0
"""Seconds between two looks at the outbox in the server: e-mail is not chat."""
BATCH_SIZE = 50
"""Rows taken per pass, over one SMTP connection; the next pass takes the rest."""
MAX_BATCHES = 20
"""Passes per call at most, so one call can't hold a thread for ever on a huge backlog."""
LEASE = timedelta(minutes=10)
"""A deliverer owns the rows it took this long; if it dies they become due again."""
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=1)
"""Retries wait 1, 2, 4 ... minutes, then an hour each: a relay back up is used soon."""
MAX_ATTEMPTS = 72
"""About three days of a relay that fails: by then someone has noticed, and the
notification is still in the app. The row is then marked failed, with its last error."""
KEEP_FINISHED = timedelta(days=30)
"""Sent, failed and cancelled rows are kept this long for the operator, then removed."""
PRUNE_EVERY = timedelta(hours=1)
SMTP_TIMEOUT = 20.0
"""Seconds for each step of a conversation with the relay."""

SUBJECTS: dict[str, str] = {
    NotificationKind.REQUEST_RECEIVED: "New mentoring request",
    NotificationKind.REQUEST_ACCEPTED: "Your mentoring request was accepted",
    NotificationKind.REQUEST_DECLINED: "Your mentoring request was declined",
    NotificationKind.REQUEST_RETRACTED: "A mentoring request was withdrawn",
    NotificationKind.REQUEST_EXPIRED: "A mentoring request expired",
    NotificationKind.REQUEST_OVERDUE: "A mentoring request is waiting for your answer",
    NotificationKind.NEW_MESSAGE: "New message",
    NotificationKind.RELATIONSHIP_FINISHED: "Mentoring finished",
    NotificationKind.RELATIONSHIP_QUIET: "Time to get back in touch",
    NotificationKind.OBJECTIVES_MET: "Every objective is met",
    NotificationKind.ACCOUNT_VERIFIED: "Your account is verified",
    NotificationKind.ACCOUNT_REJECTED: "Your account could not be verified",
    NotificationKind.ACCOUNT_SUSPENDED: "Your account is suspended",
    NotificationKind.ROLE_CHANGED: "Your role in the network changed",
    NotificationKind.USERNAME_CHANGED: "Your username changed",
    NotificationKind.REPORT_HANDLED: "Your report was handled",
    NotificationKind.PROFILE_CONFIRMATION_DUE: "Is your profile up to date?",
}
"""Fixed per kind: no member text in a subject, and nothing private on a lock screen."""
SUBJECT_PREFIX = "mentor-tui: "

FOOTER = (
    'You get this e-mail because "send me notifications by e-mail" is on in your\n'
    "mentor-tui profile. To stop these e-mails, switch it off in the app's Profile\n"
    "screen, or run: mentor-tui profile set email-notifications off"
)

Clock = Callable[[], datetime]


# -- composing --------------------------------------------------------------------------------

_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def header_safe(value: str) -> str:
    """One line, no control characters: text that can't start a header of its own.

    CR and LF (and every other character some reader might take for a line break) become
    spaces, so ``"Ada\\r\\nBcc: x@y"`` stays one harmless display name.
    """
    return " ".join(_HEADER_UNSAFE.sub(" ", value).split())


@dataclass(frozen=True)
class Letter:
    """One composed e-mail and its envelope, for the outbox row ``outbox_id``."""

    outbox_id: int
    message: EmailMessage
    sender: str
    recipient: str


def sender_address(mail_from: str) -> Address:
    """The configured From as one address, or a one-line refusal saying what to write."""
    example = "e.g. --mail-from 'Alumni Office <mentoring@uni.example>'"
    cleaned = header_safe(mail_from)
    if cleaned != mail_from.strip():
        raise Invalid(f"The sender address must be one line ({example}).")
    probe = EmailMessage()
    try:
        probe["From"] = cleaned
        addresses = probe["From"].addresses
    except (ValueError, IndexError, TypeError):
        addresses = ()
    if len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        raise Invalid(f"'{cleaned}' is not one e-mail address ({example}).")
    return addresses[0]


def compose(
    *,
    outbox_id: int,
    kind: str,
    text: str,
    email: str,
    name: str,
    first_name: str,
    sender: Address,
    when: datetime,
) -> Letter:
    """The plain-text e-mail for one notification. ``ValueError`` if the address can't be used."""
    recipient = Address(display_name=header_safe(name), addr_spec=header_safe(email))
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    subject = SUBJECTS.get(header_safe(kind), "A new notification")
    message["Subject"] = SUBJECT_PREFIX + subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid("mentor-tui", domain=sender.domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    greeting = f"Hello {header_safe(first_name)}," if header_safe(first_name) else "Hello,"
    body = strip_control(text, multiline=True).strip()
    message.set_content(
        f"{greeting}\n\n{body}\n\nOpen mentor-tui to see it and answer.\n\n-- \n{FOOTER}\n"
    )
    return Letter(outbox_id, message, sender.addr_spec, recipient.addr_spec)


# -- transports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What became of one letter: sent, or why not and whether trying again could help."""

    sent: bool
    error: str = ""
    permanent: bool = False


class RelayRefused(Exception):
    """The relay can't be used as configured (said in words for the operator)."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


Security = Literal["starttls-if-offered", "starttls", "ssl"]
SCHEMES: dict[str, tuple[Security, int]] = {
    "smtp": ("starttls-if-offered", 25),
    "smtp+starttls": ("starttls", 587),
    "smtps": ("ssl", 465),
}
URL_HELP = (
    "use smtp://[user:password@]host[:port] (STARTTLS when the relay offers it), "
    "smtp+starttls://... (STARTTLS required, port 587) or smtps://... (TLS from the "
    "start, port 465)"
)


@dataclass(frozen=True)
class SmtpRelay:
    """An SMTP relay: where it is, how to secure the connection, and the login, if any.

    TLS certificates are checked against the system's trust store (``SSL_CERT_FILE``
    names another); a login is never sent over a plain connection to another machine.
    """

    host: str
    port: int
    security: Security = "starttls-if-offered"
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = SMTP_TIMEOUT
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpRelay:
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise Invalid(f"Can't read the SMTP URL {redact(url)}: {URL_HELP}.") from None
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise Invalid(f"Can't use the SMTP URL {redact(url)}: {URL_HELP}.")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise Invalid(f"The SMTP URL {redact(url)} has parts it can't use: {URL_HELP}.")
        security, default_port = SCHEMES[parts.scheme]
        return cls(
            host=parts.hostname,
            port=port or default_port,
            security=security,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )

    def describe(self) -> str:
        who = f"{self.username}@" if self.username else ""
        how = {"starttls-if-offered": "smtp", "starttls": "smtp+starttls", "ssl": "smtps"}
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{how[self.security]}://{who}{host}:{self.port}"

    def connect(self) -> smtplib.SMTP:
        """An open, secured and logged-in connection, or ``RelayRefused``/``OSError``."""
        import smtplib
        import ssl

        context = self.ssl_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.security != "ssl":
                if smtp.has_extn("starttls"):
                    smtp.starttls(context=context)
                    smtp.ehlo()
                elif self.security == "starttls":
                    raise RelayRefused(
                        f"the relay {self.describe()} does not offer STARTTLS, which the "
                        "smtp+starttls:// URL requires"
                    )
                elif self.username and not _is_loopback(self.host):
                    raise RelayRefused(
                        f"the relay {self.describe()} does not offer STARTTLS: not sending the "
                        "password in the clear (use smtps:// or a relay with STARTTLS)"
                    )
            if self.username:
                smtp.login(self.username, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url
    return url


def _said(reply: bytes | str | None) -> str:
    """A relay's reply text, one line."""
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return header_safe(reply or "")


def _relay_error(error: BaseException, relay: SmtpRelay) -> str:
    import smtplib
    import ssl

    where = relay.describe()
    if isinstance(error, RelayRefused):
        return str(error)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"the relay {where} refused the login (check the user and password)"
    if isinstance(error, socket.gaierror):
        return f"the relay host {relay.host} is unknown (check the SMTP URL)"
    if isinstance(error, ConnectionRefusedError):
        return f"nothing answers at {where} (is the relay running?)"
    if isinstance(error, TimeoutError | socket.timeout):
        return f"the relay {where} did not answer within {relay.timeout:g} s"
    if isinstance(error, ssl.SSLError):
        return f"TLS with {where} failed ({error.reason or error})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the relay {where} said {error.smtp_code} {_said(error.smtp_error)}".strip()
    if isinstance(error, OSError):
        return f"can't talk to {where} ({error.strerror or type(error).__name__})"
    return f"the relay {where} failed ({type(error).__name__}: {error})"


class SmtpTransport:
    """Delivers over one connection per batch; a per-recipient refusal is that letter's."""

    def __init__(self, relay: SmtpRelay) -> None:
        self.relay = relay

    def describe(self) -> str:
        return f"over SMTP via {self.relay.describe()}"

    def deliver(self, letters: Sequence[Letter]) -> list[Outcome]:
        import smtplib

        try:
            smtp = self.relay.connect()
        except (OSError, smtplib.SMTPException, RelayRefused) as error:
            reason = _relay_error(error, self.relay)
            return [Outcome(False, reason) for _ in letters]
        outcomes: list[Outcome] = []
        broken = ""
        try:
            for letter in letters:
                if broken:
                    outcomes.append(Outcome(False, broken))
                    continue
                outcomes.append(self._send(smtp, letter))
                if not outcomes[-1].sent and not outcomes[-1].permanent:
                    broken = outcomes[-1].error  # the connection can't be trusted now
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
        return outcomes

    def _send(self, smtp: smtplib.SMTP, letter: Letter) -> Outcome:
        import smtplib

        try:
            smtp.send_message(letter.message, letter.sender, [letter.recipient])
            return Outcome(True)
        except smtplib.SMTPRecipientsRefused as error:
            code, said = next(iter(error.recipients.values()))
            return Outcome(
                False, f"the relay refused {letter.recipient}: {code} {_said(said)}", code >= 500
            )
        except smtplib.SMTPDataError as error:
            return Outcome(False, _relay_error(error, self.relay), error.smtp_code >= 500)
        except smtplib.SMTPNotSupportedError:
            return Outcome(
                False, f"the relay can't take the address {letter.recipient} (SMTPUTF8)", True
            )
        except (OSError, smtplib.SMTPException) as error:
            return Outcome(False, _relay_error(error, self.relay))


class MaildirTransport:
    """Delivers into a Maildir (``new/`` holds one file per e-mail), created if missing."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        return f"into the Maildir {self.path}"

    def deliver(self, letters: Sequence[Letter]) -> list[Outcome]:
        import mailbox

        try:
            box = mailbox.Maildir(self.path, factory=None, create=True)
        except OSError as error:
            reason = f"can't write the Maildir {self.path} ({error.strerror})"
            return [Outcome(False, reason) for _ in letters]
        outcomes = []
        for letter in letters:
            try:
                box.add(letter.message.as_bytes())
                outcomes.append(Outcome(True))
            except OSError as error:
                outcomes.append(
                    Outcome(False, f"can't write the Maildir {self.path} ({error.strerror})")
                )
        return outcomes


Transport = SmtpTransport | MaildirTransport


# -- the outbox -------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    """What one call delivered, and what is still owed."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    queued: int = 0
    last_error: str = ""

    def line(self, transport: str) -> str:
        parts = [f"Delivered {self.sent} e-mail{'s' if self.sent != 1 else ''} {transport}."]
        if self.failed:
            parts.append(f"{self.failed} given up ({self.last_error}).")
        if self.queued:
            parts.append(f"{self.queued} still queued")
            if self.last_error and not self.failed:
                parts[-1] += f" ({self.last_error})"
            parts[-1] += "."
        return " ".join(parts)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4 ... minutes, at most an hour."""
    return min(FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 16)), MAX_RETRY)


class MailDelivery:
    """Drains one network's outbox through one transport. Safe beside other deliverers:
    rows are leased before sending (``mentor_tui.store.outbox``).
    """

    def __init__(
        self,
        store: Store,
        transport: Transport,
        mail_from: str = DEFAULT_FROM,
        clock: Clock = utcnow,
    ) -> None:
        self.store = store
        self.transport = transport
        self.sender = sender_address(mail_from)
        self.clock = clock
        self._pruned_at: datetime | None = None

    def describe(self) -> str:
        return self.transport.describe()

    def deliver_due(self, *, force: bool = False) -> DeliveryReport:
        """Deliver what is due (with ``force``, also what waits to be retried)."""
        from mentor_tui.store import outbox  # deferred: SQLAlchemy, see the module docstring

        report = DeliveryReport()
        for _ in range(MAX_BATCHES):
            now = self.clock()
            with self.store.read() as conn:
                if not outbox.any_due(conn, now, force):
                    break
            with self.store.write() as conn:
                rows = outbox.claim(conn, now, force=force, limit=BATCH_SIZE, lease=LEASE)
            if not rows:
                break
            letters, unusable = self._letters(rows, now)
            outcomes = {i: Outcome(False, why, permanent=True) for i, why in unusable.items()}
            if letters:
                sent = self.transport.deliver(letters)
                for letter, outcome in zip(letters, sent, strict=True):
                    outcomes[letter.outbox_id] = outcome
            self._record(rows, outcomes, report)
            if report.retrying or len(rows) < BATCH_SIZE:
                break  # a failing transport: wait for the backoff, don't hammer it
        self._prune()
        with self.store.read() as conn:
            report.queued = outbox.queued_count(conn)
        return report

    def _letters(self, rows: list[Any], now: datetime) -> tuple[list[Letter], dict[int, str]]:
        letters: list[Letter] = []
        unusable: dict[int, str] = {}
        for row in rows:
            name = " ".join(p for p in (row.first_name, row.middle_name, row.last_name) if p)
            try:
                letters.append(
                    compose(
                        outbox_id=row.id,
                        kind=row.kind,
                        text=row.text,
                        email=row.email,
                        name=name,
                        first_name=row.first_name,
                        sender=self.sender,
                        when=now,
                    )
                )
            except (ValueError, TypeError, IndexError):
                unusable[row.id] = f"the address '{header_safe(row.email)}' can't be used"
        return letters, unusable

    def _record(
        self, rows: list[Any], outcomes: dict[int, Outcome], report: DeliveryReport
    ) -> None:
        from mentor_tui.store import outbox

        now = self.clock()
        with self.store.write() as conn:
            for row in rows:
                outcome = outcomes[row.id]
                if outcome.sent:
                    report.sent += 1
                    outbox.mark_sent(conn, row.id, now)
                    continue
                report.last_error = outcome.error
                log.warning("e-mail %s not delivered: %s", row.id, outcome.error)
                attempts = row.attempts + 1  # the lease counted this one
                if outcome.permanent or attempts >= MAX_ATTEMPTS:
                    report.failed += 1
                    outbox.mark_failed(conn, row.id, outcome.error, now)
                else:
                    report.retrying += 1
                    outbox.mark_retry(conn, row.id, outcome.error, now + backoff(attempts))

    def _prune(self) -> None:
        from mentor_tui.store import outbox

        now = self.clock()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        before = now - KEEP_FINISHED
        with self.store.read() as conn:  # most hours there is nothing: no write lock then
            if not outbox.any_finished_before(conn, before):
                return
        with self.store.write() as conn:
            outbox.remove_finished_before(conn, before)

    async def run_forever(self, interval: float = MAIL_INTERVAL) -> None:
        """The server's drain loop: never raises, so the server never stops for mail."""
        while True:
            try:
                await asyncio.to_thread(self.deliver_due)
            except Exception as error:  # a busy database, a full disk: the next pass may do
                log.warning("e-mail delivery failed: %s: %s", type(error).__name__, error)
            await asyncio.sleep(interval)


# -- configuration ----------------------------------------------------------------------------


def maildir_path(data_dir: Path) -> Path:
    return data_dir / MAILDIR_NAME


def make_transport(smtp_url: str | None, data_dir: Path) -> Transport:
    """SMTP when a relay URL is given, else the Maildir outbox of ``data_dir``."""
    if smtp_url:
        return SmtpTransport(SmtpRelay.from_url(smtp_url))
    return MaildirTransport(maildir_path(data_dir))


def embedded_delivery(store: Store, data_dir: Path) -> MailDelivery | None:
    """The embedded network's deliverer: the Maildir, unless a relay is configured.

    With ``MENTOR_TUI_SMTP_URL`` set, mail waits in the outbox for ``mentor-tui serve``
    or ``mentor-tui mail flush``: a command never waits on a relay, and never takes
    mail meant for the relay.
    """
    if os.environ.get(SMTP_URL_ENV):
        return None
    mail_from = os.environ.get(MAIL_FROM_ENV) or DEFAULT_FROM
    try:
        return MailDelivery(store, MaildirTransport(maildir_path(data_dir)), mail_from)
    except Invalid:
        return MailDelivery(store, MaildirTransport(maildir_path(data_dir)))


def smtp_url_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--smtp-url",
        metavar="URL",
        envvar=SMTP_URL_ENV,
        help="Relay for e-mail notifications: smtp://user:pass@host:587 (STARTTLS when "
        "offered), smtp+starttls://... or smtps://... Prefer the MENTOR_TUI_SMTP_URL "
        "variable: others can see a command line. Default: the Maildir DATA_DIR/outbox.",
    )(fn)


def mail_from_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--mail-from",
        metavar="ADDRESS",
        envvar=MAIL_FROM_ENV,
        default=DEFAULT_FROM,
        show_default=True,
        help="The From of notification e-mails.",
    )(fn)


# -- mentor-tui mail ------------------------------------------------------------------------


@click.group("mail")
def mail_group() -> None:
    """E-mail notifications: deliver the outbox now."""


@mail_group.command("flush")
@click.option(
    "--database",
    metavar="URL",
    envvar="MENTOR_TUI_DATABASE",
    help="The network's database (default: the network of --data-dir).",
)
@smtp_url_option
@mail_from_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (for scripts).")
@click.pass_obj
def flush(
    obj: object, database: str | None, smtp_url: str | None, mail_from: str, as_json: bool
) -> None:
    """Deliver every queued e-mail now, including those waiting to be retried."""
    import json

    from mentor_tui.server.command import open_store

    data_dir: Path = getattr(obj, "data_dir")  # noqa: B009 - CliContext, without the import
    if getattr(obj, "server", None) and not database:
        raise Invalid(
            "mail flush works on the database itself: run it where the network is kept "
            "(without --server), e.g. mentor-tui --data-dir DIR mail flush"
        )
    transport = make_transport(smtp_url, data_dir)
    store = open_store(database, data_dir)
    try:
        delivery = MailDelivery(store, transport, mail_from)
        report = delivery.deliver_due(force=True)
    finally:
        store.close()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "sent": report.sent,
                    "failed": report.failed,
                    "queued": report.queued,
                    "last_error": report.last_error,
                    "transport": transport.describe(),
                }
            )
        )
    else:
        click.echo(report.line(transport.describe()))
