"""One request's (and its mentoring's) thread: read it, write in it, report a message.

Shared by the requests screen and the relationships screen, so the thread looks and
behaves the same in both. It loads the thread itself through ``app.backend`` in a
worker (a thread belongs to no one screen), and tells its screen what happened with
messages (:class:`ThreadView.Loaded`, :class:`ThreadView.Sent`) so the screen can
refresh its own list. Whether the thread may be written in is the service's answer
(``Thread.can_write``), never worked out here.

Every message body, name and reason is someone else's text: it is shown through
:func:`plain`, never as markup. A removed message says "removed by a moderator"; a
sender who left says "former member" (the service already names them so).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message as TextualMessage
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mentor_tui.domain.enums import RelationshipState
from mentor_tui.domain.models import Message, Report, Thread
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.wording import REQUEST_STATE_WORDS, UNREAD, ago

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

REMOVED = "removed by a moderator"


def message_prompt(message: Message, now_text: str) -> Content:
    """One message as the list shows it: who, when, unread, then the body."""
    who = "You" if message.mine else message.sender_name
    parts: list[str | Content | tuple[str, str]] = [(plain(who).plain, "bold"), " · ", now_text]
    if not message.mine and not message.read:
        parts.append(f" · {UNREAD} unread")
    head = Content.assemble(*parts)
    if message.removed:
        body = Content.assemble((f"— {REMOVED} —", "italic"))
    else:
        body = plain(message.body)
    return Content("\n").join([head, body])


class MessageList(OptionList):
    """The messages of a thread, oldest first; the highlighted one can be reported."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "exclamation_mark",
            "report",
            "Report",
            tooltip="Report the highlighted message to the alumni office",
            id="thread.report",
        ),
    ]

    def action_report(self) -> None:
        thread_view = next((a for a in self.ancestors if isinstance(a, ThreadView)), None)
        if thread_view is not None:
            thread_view.action_report()


class ThreadView(Vertical):
    """A thread with its composer; ``show(thread_id)`` loads it, ``None`` clears it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", tooltip="Send the message you wrote", id="thread.send"),
    ]

    class Loaded(TextualMessage):
        """The thread was (re)loaded; its request and relationship are current."""

        def __init__(self, thread: Thread) -> None:
            super().__init__()
            self.thread = thread

    class Sent(TextualMessage):
        """A message was sent in this thread."""

        def __init__(self, message: Message) -> None:
            super().__init__()
            self.message = message

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.thread: Thread | None = None
        self._showing: int | None = None
        self._unsent: tuple[int, str, str] | None = None
        """(thread, text, key) of the last send that failed: sending the same text again
        reuses its idempotency key, so a send that did arrive isn't stored twice."""

    def compose(self) -> ComposeResult:
        yield Static(
            "Choose a request to read its messages.", classes="thread-heading", markup=False
        )
        yield MessageList(classes="thread-messages")
        yield Static("", classes="thread-closed", markup=False)
        composer = TextArea(
            classes="thread-compose",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder="Write a message; ctrl+s sends it",
        )
        composer.tooltip = "Write a message"
        yield composer
        yield Static("", classes="thread-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(MessageList).border_title = "Messages"
        self._set_writable(False)

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    @property
    def thread_id(self) -> int | None:
        return self._showing

    # -- loading -------------------------------------------------------------------

    def show(self, thread_id: int | None) -> None:
        """Load (or reload) a thread; None empties the pane."""
        self._showing = thread_id
        if thread_id is None:
            self.thread = None
            self.query_one(".thread-heading", Static).update(
                "Choose a request to read its messages."
            )
            self.query_one(MessageList).clear_options()
            self._set_writable(False, "")
            return
        self._load(thread_id)

    @work(exclusive=True, group="thread-load", exit_on_error=False)
    async def _load(self, thread_id: int) -> None:
        try:
            thread = await self.mentor_app.backend.get_thread(thread_id)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        if thread_id != self._showing:
            return
        self._render_thread(thread)
        self.post_message(self.Loaded(thread))

    def _render_thread(self, thread: Thread) -> None:
        self.thread = thread
        request = thread.request
        now = self.mentor_app.clock()
        heading = Content.assemble(
            f"Thread {thread.id} · ",
            plain(request.mentee.name),
            " asked ",
            plain(request.mentor.name),
            f" · {self._state_words(thread)}",
        )
        self.query_one(".thread-heading", Static).update(heading)
        messages = self.query_one(MessageList)
        keep = messages.highlighted
        previous_count = messages.option_count
        messages.clear_options()
        for message in thread.messages:
            messages.add_option(
                Option(message_prompt(message, ago(message.created_at, now)), id=str(message.id))
            )
        if thread.messages:
            if keep is None or messages.option_count != previous_count:
                keep = messages.option_count - 1
            messages.highlighted = min(keep, messages.option_count - 1)
            messages.scroll_end(animate=False)
        self._set_writable(thread.can_write, self._closed_sentence(thread))

    @staticmethod
    def _state_words(thread: Thread) -> str:
        if thread.relationship is not None:
            if thread.relationship.state is RelationshipState.ACTIVE:
                return "mentoring active"
            return "mentoring finished"
        return f"request {REQUEST_STATE_WORDS[thread.request.state]}"

    @staticmethod
    def _closed_sentence(thread: Thread) -> str:
        if thread.can_write:
            return ""
        if thread.relationship is not None:
            return "This mentoring has finished: its thread is read-only."
        state = thread.request.state.value
        return f"This request is {state}: its thread is read-only."

    def _set_writable(self, writable: bool, closed: str = "") -> None:
        self.query_one(".thread-compose", TextArea).display = writable
        closed_note = self.query_one(".thread-closed", Static)
        closed_note.update(closed)
        closed_note.display = bool(closed)
        self._show_error("")

    def _show_error(self, text: str) -> None:
        error = self.query_one(".thread-error", Static)
        error.update(plain(text))
        error.display = bool(text)

    # -- writing -------------------------------------------------------------------

    def action_send(self) -> None:
        if self.thread is None:
            self.mentor_app.announce("Choose a thread first; then write your message.")
            return
        if not self.thread.can_write:
            self.mentor_app.announce(self._closed_sentence(self.thread) + " Nothing was sent.")
            return
        body = self.query_one(".thread-compose", TextArea).text
        self._send(self.thread.id, body, self._key_for(self.thread.id, body))

    def _key_for(self, thread_id: int, body: str) -> str:
        """The failed send's key while the text is unchanged, otherwise a new one."""
        if self._unsent is not None and self._unsent[:2] == (thread_id, body):
            return self._unsent[2]
        return str(uuid.uuid4())

    @work(exclusive=True, group="thread-send", exit_on_error=False)
    async def _send(self, thread_id: int, body: str, key: str) -> None:
        composer = self.query_one(".thread-compose", TextArea)
        try:
            message = await self.mentor_app.backend.send_message(thread_id, body, key)
        except Exception as error:
            self._unsent = (thread_id, body, key)
            self._show_error(str(error))
            self.mentor_app.report_error(error, where=composer)
            return
        self._unsent = None
        composer.clear()
        self.mentor_app.announce("Message sent.")
        self.post_message(self.Sent(message))
        self.show(thread_id)

    # -- reporting ---------------------------------------------------------------

    def highlighted_message(self) -> Message | None:
        if self.thread is None:
            return None
        option = self.query_one(MessageList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((m for m in self.thread.messages if str(m.id) == option.id), None)

    def action_report(self) -> None:
        from mentor_tui.tui.screens.dialogs import TextDialog

        message = self.highlighted_message()
        if message is None:
            self.mentor_app.announce("Highlight a message in the thread first, then report it.")
            return
        if message.mine:
            self.mentor_app.announce(
                "That is your own message; you can report messages you received."
            )
            return
        if message.removed:
            self.mentor_app.announce("That message was already removed by a moderator.")
            return
        backend = self.mentor_app.backend

        async def report(reason: str) -> Report:
            return await backend.report_message(message.id, reason)

        def done(report: Report | None) -> None:
            if report is not None:
                self.mentor_app.announce(
                    "Message reported to the alumni office; you will be told when it is handled."
                )

        self.app.push_screen(
            TextDialog(
                "Report a message",
                "Why are you reporting it? (the alumni office reads this)",
                report,
                submit_label="Report",
                explanation=f"From {message.sender_name}: {message.body[:160]}",
                max_length=1000,
            ),
            done,
        )

    @on(OptionList.OptionSelected, ".thread-messages")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
