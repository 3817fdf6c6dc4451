"""The app shell: who is signed in, where you are, what is said, and the keys that go anywhere.

Why it is built this way:
- The first frame never waits: the first screen is composed at once and every backend
  call (resuming a stored session, loading the dashboard) runs in a worker after it.
- Screens talk to the app through a small surface (``backend``, ``actor``, ``unread``,
  ``clock``, ``announce``, ``report_error`` and the ``open_*`` navigation), so each screen
  can be tested alone and none knows whether the network is embedded or remote.
- Every change is also said as a plain sentence in the status line, and in
  screen-reader mode the terminal's own cursor sits on the focused control, so speech
  and braille users follow the app with the tools they already have.
- The stack stays shallow: the dashboard is the base, and going to another screen
  replaces what is above it. Escape goes back one step.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.events import DescendantFocus
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker

from mentor_tui.config import HIGH_CONTRAST_THEME, Settings, save_settings
from mentor_tui.domain.errors import MentorError, NotSignedIn
from mentor_tui.tui import styles_path
from mentor_tui.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from mentor_tui.backend.base import Backend
    from mentor_tui.credentials import KeyringSessionStore, SessionStore
    from mentor_tui.demo.seed import DemoLogin
    from mentor_tui.domain.models import Actor, Session

    Sessions = SessionStore | KeyringSessionStore

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    success="#00ff00",
    warning="#ffaf00",
    error="#ff5f5f",
    dark=True,
    variables={
        "border": "#ffffff",
        "border-blurred": "#808080",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#404040",
        "block-cursor-blurred-foreground": "#ffffff",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "input-cursor-background": "#ffff00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#ffff00 40%",
        "text-muted": "#e0e0e0",
        "text-disabled": "#c0c0c0",  # "nothing here yet" lines stay readable
    },
)
"""White on black, yellow for what has focus: every pair above 7:1 contrast."""

NAVIGATION = ("dashboard", "search", "requests", "mentoring", "notifications", "profile")
WATCH_GROUP = "notifications-watch"
"""The worker group of the live unread count: runs for as long as someone is signed in."""
HISTORY = 200
"""Announcements kept (the status line shows the last; help lists the recent ones)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def forget_closed_screens_renders() -> None:
    """Let the rendering of screens that are gone be freed.

    Textual (8.x) memoises ``StylesCache.get_inner_outer`` with ``lru_cache`` on the
    method, so its key holds the ``StylesCache`` of every widget drawn, and with it every
    line that widget rendered: up to 1024 widgets stay alive after their screen is closed
    (about 10 MiB once every screen has been visited). Clearing it only costs recomputing
    two styles per widget on its next paint. Harmless if a later Textual drops the cache.
    """
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()
    except (ImportError, AttributeError):
        pass


def first_frame_painted(painted: asyncio.Event) -> None:
    """The first frame is on its way: the garbage collector, which ``mentor_tui.start``
    paused while start-up made its modules and widgets, runs again.

    Those objects are frozen first (left out of collections: they live as long as the
    app), or the first collection would walk all of them at once (~30 ms, holding the
    interpreter while Textual's writer thread still has the frame to send).
    """
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()
    painted.set()


def freeze_start_up() -> None:
    """Once the network is open: leave what start-up made (modules, classes, styles) out
    of the garbage collector's full passes, which otherwise walk it all and took ~90 ms,
    landing inside keystrokes (bench/search.py). Those objects live as long as the app."""
    import gc

    gc.freeze()


class MentorApp(App[None]):
    """The mentoring network in a terminal."""

    TITLE = "mentor-tui"
    CSS_PATH = styles_path() / "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Every key of this screen", id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help_question"),
        Binding("d", "dashboard", "Home", tooltip="The dashboard", id="app.dashboard"),
        Binding("s", "search", "Search", tooltip="Find a mentor", id="app.search"),
        Binding("r", "requests", "Requests", tooltip="Mentoring requests", id="app.requests"),
        Binding("m", "mentoring", "Mentoring", tooltip="Your mentorings", id="app.mentoring"),
        Binding("n", "notifications", "Alerts", tooltip="Notifications", id="app.notifications"),
        Binding("p", "profile", "Profile", tooltip="Your profile", id="app.profile"),
        Binding("a", "admin", "Admin", tooltip="The alumni office's queues", id="app.admin"),
        Binding(
            "t", "settings", "Settings", tooltip="Theme, accessibility, account", id="app.settings"
        ),
        Binding("q", "quit", "Quit", tooltip="Leave mentor-tui", id="app.quit"),
        Binding(
            "escape",
            "go_back",
            "Back",
            tooltip="Back to the screen before",
            show=False,  # screens with a Back of their own show theirs
            id="app.back",
        ),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.ctrl_c"),
    ]

    actor: reactive[Actor | None] = reactive(None, init=False)
    unread: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        backend: Backend,
        *,
        sessions: Sessions,
        settings: Settings | None = None,
        settings_warning: str | None = None,
        start_user: str | None = None,
        screen_reader: bool = False,
        demo_logins: Sequence[DemoLogin] | None = None,
        demo_password: str | None = None,
        banner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        remember_settings: bool = True,
        open_on_start: Screen[Any] | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.sessions = sessions
        self.settings = settings or Settings()
        self.settings_warning = settings_warning
        self.start_user = start_user
        self.screen_reader = screen_reader or self.settings.screen_reader
        self.demo_logins = tuple(demo_logins or ())
        self.demo_password = demo_password
        self.banner = banner
        self.clock = clock
        self.remember_settings = remember_settings
        self.open_on_start = open_on_start
        """A screen to show over the dashboard once signed in (a deep link; tests use it)."""
        self.said: list[str] = []
        self.errors: list[str] = []
        self._watcher: Worker[None] | None = None
        self._cursor_timer: Timer | None = None
        self._painted: asyncio.Event | None = None
        """Set once the first screen is drawn: the backend is only asked after that."""
        self.register_theme(HIGH_CONTRAST)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        elif self.settings_warning is None:
            self.settings_warning = (
                f"Theme '{self.settings.theme}' is unknown; using the default (press t to choose)."
            )
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self._apply_motion()

    # -- start ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        from mentor_tui.tui.screens.dashboard import DashboardScreen
        from mentor_tui.tui.screens.signin import SignInScreen

        # The first frame comes before any database or network work: the screen is pushed
        # now, and the backend is opened (and the session resumed) once it is painted.
        self._painted = painted = asyncio.Event()
        self.call_after_refresh(first_frame_painted, painted)
        try:  # plain JSON: pydantic and the models are imported after the first frame
            signed_in = self.sessions.signed_in(self.start_user)
        except Exception:  # an unreadable session store: sign in by hand
            signed_in = None
        if signed_in is not None:
            self.push_screen(DashboardScreen())
            self._resume(signed_in)
        else:
            self.push_screen(SignInScreen(username=self.start_user or ""))
            self._open_backend()
        if self.settings_warning and signed_in is None:  # else said after "Signed in as"
            self.call_after_refresh(self._warn_about_settings)
        if self.screen_reader:
            self._follow_focus()
            self.call_after_refresh(self._show_terminal_cursor)

    def _stored_session(self, username: str | None) -> Session | None:
        try:
            return self.sessions.get(username)
        except Exception:  # an unreadable session store: sign in by hand
            return None

    def _warn_about_settings(self) -> None:
        """Say once what was wrong with settings.toml (as an error: it is kept on screen)."""
        warning, self.settings_warning = self.settings_warning, None
        if warning:
            self.announce(warning, error=True)

    async def _first_frame(self) -> None:
        if self._painted is not None:
            await self._painted.wait()

    @work(group="open", exit_on_error=False)
    async def _open_backend(self) -> None:
        """Open the network while the sign-in screen is up (signing in then finds it
        ready); say so if it can't be opened, or if nobody has joined it yet."""
        from mentor_tui.tui.screens.signin import SignInScreen

        await self._first_frame()
        try:
            members = await self.backend.has_members()  # opens an OpeningBackend
        except Exception as error:  # shown now; the next call tries again
            self.report_error(error)
            return
        freeze_start_up()
        if not members and not self.demo_logins and isinstance(self.screen, SignInScreen):
            self.screen.show_empty_network()

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _resume(self, username: str) -> None:
        from mentor_tui.tui.screens.signin import SignInScreen

        await self._first_frame()  # the dashboard is on screen before the network is asked
        session = self._stored_session(username)
        if session is None:  # on_mount saw it, but it doesn't hold a valid session
            await self._back_to_sign_in(
                username, f"The stored session of {username} can't be read; sign in again."
            )
            return
        try:
            actor = await self.backend.resume(session)
        except NotSignedIn:
            await self._back_to_sign_in(
                username, f"The session of {username} has ended; sign in again."
            )
            return
        except Exception as error:
            await self.switch_screen(SignInScreen(username=username))
            self._warn_about_settings()
            self.report_error(error)
            return
        self._signed_in(actor)
        freeze_start_up()

    async def _back_to_sign_in(self, username: str, message: str) -> None:
        """The stored session of ``username`` can't be used: forget it, ask for the password."""
        from mentor_tui.tui.screens.signin import SignInScreen

        self._forget(username)
        await self.switch_screen(SignInScreen(username=username, message=message))
        self._warn_about_settings()

    # -- sessions ------------------------------------------------------------------------

    async def sign_in(self, username: str, password: str) -> Actor:
        """Sign in (the sign-in screen calls this); raises the backend's refusal."""
        session = await self.backend.login(username, password)
        actor = await self.backend.whoami()
        try:
            self.sessions.put(session)
        except Exception as error:  # the app goes on; only the next start asks again
            self.report_error(error)
        self._enter(actor)
        return actor

    async def switch_to(self, username: str) -> bool:
        """Resume a stored session of ``username``; False when it has ended."""
        session = self._stored_session(username)
        if session is None:
            return False
        current = self.backend.session
        try:
            actor = await self.backend.resume(session)
        except NotSignedIn:
            self._forget(username)
            self.backend.session = current  # whoever is signed in stays signed in
            return False
        except Exception:
            self.backend.session = current
            raise
        self._enter(actor)
        return True

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _enter(self, actor: Actor) -> None:
        """Show the dashboard of ``actor`` (an app worker: the sign-in screen goes away)."""
        from mentor_tui.tui.screens.dashboard import DashboardScreen

        await self._clear_stack()
        await self.push_screen(DashboardScreen())
        self._signed_in(actor)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        state = "" if actor.state.value == "verified" else f" (account {actor.state.value})"
        self.announce(f"Signed in as {actor.username}{state}.")
        self._warn_about_settings()  # the last word on the status line, not overwritten
        self._watcher = self._watch_notifications()
        if self.open_on_start is not None:
            screen, self.open_on_start = self.open_on_start, None
            self.push_screen(screen)

    def _forget(self, username: str) -> None:
        with contextlib.suppress(Exception):  # an unwritable store: it expires by itself
            self.sessions.remove(username)

    def sign_out(self) -> None:
        self._sign_out()

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _sign_out(self) -> None:
        from mentor_tui.tui.screens.signin import SignInScreen

        actor = self.actor
        if self._watcher is not None:
            self._watcher.cancel()
        try:
            await self.backend.logout()
        except Exception as error:  # signed out here all the same
            self.report_error(error)
        if actor is not None:
            self._forget(actor.username)
        self.actor = None
        self.unread = 0
        await self._clear_stack()
        await self.push_screen(SignInScreen())
        if actor is not None:
            self.announce(f"{actor.username} signed out.")

    async def _clear_stack(self) -> None:
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        forget_closed_screens_renders()

    def session_ended(self) -> None:
        """A call found the session gone (expired, revoked elsewhere): back to sign-in."""
        self._session_ended()

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _session_ended(self) -> None:
        from mentor_tui.tui.screens.signin import SignInScreen

        actor = self.actor
        if actor is None:
            return
        if self._watcher is not None:
            self._watcher.cancel()
        self._forget(actor.username)
        self.actor = None
        self.unread = 0
        await self._clear_stack()
        await self.push_screen(
            SignInScreen(username=actor.username, message="Your session has ended; sign in again.")
        )

    # -- live unread count -------------------------------------------------------------------

    @work(exclusive=True, group=WATCH_GROUP, exit_on_error=False)
    async def _watch_notifications(self) -> None:
        """Follow the unread count for as long as someone is signed in; retry when cut off."""

        latest: int | None = None
        failures = 0
        while self.actor is not None:
            try:
                async for summary in self.backend.watch_notifications():
                    failures = 0
                    if latest is not None and summary.latest_id not in (None, latest):
                        self.announce(f"New notification: {summary.unread} unread (n to read).")
                    latest = summary.latest_id
                    self.unread = summary.unread
            except NotSignedIn:
                self.session_ended()
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:
                failures += 1
                if failures == 1:
                    self.report_error(error)
            await asyncio.sleep(min(30.0, 2.0 * (failures or 1)))

    def refresh_unread(self) -> None:
        """Look at the unread count now (after an action that may have changed it)."""
        self._refresh_unread()

    @work(exclusive=True, group="unread", exit_on_error=False)
    async def _refresh_unread(self) -> None:
        if self.actor is None:
            return
        try:
            self.unread = await self.backend.unread_count()
        except Exception:  # the watcher reports trouble; a badge is not worth a message
            return

    # -- what is said ----------------------------------------------------------------------

    def announce(self, text: str, *, error: bool = False) -> None:
        """Say ``text`` in the status line (one plain sentence)."""
        self.said.append(text)
        del self.said[:-HISTORY]
        for screen in self.screen_stack:  # all: going back shows the latest, not a stale one
            for line in screen.query(StatusLine):
                line.say(text, error=error)

    def report_error(
        self, error: BaseException, *, where: Any = None, about_session: bool = True
    ) -> None:
        """Say what went wrong in one line; never a traceback.

        A NotSignedIn from a call made with the session means it has ended (back to
        sign-in); ``about_session=False`` is for signing in, where it only means a wrong
        password and whoever is signed in stays so.
        """
        if isinstance(error, NotSignedIn) and about_session and self.actor is not None:
            self.session_ended()
        if isinstance(error, MentorError):
            text = str(error)
        else:
            self.log.error(repr(error))
            text = f"Something unexpected went wrong ({type(error).__name__}); try again."
        self.errors.append(text)
        del self.errors[:-HISTORY]
        self.announce(text, error=True)

    def _fatal_error(self) -> None:
        """Textual's report of an unexpected crash, without each frame's local variables.

        Textual shows them by default, and a frame of signing in or of the backend holds a
        password or a session token. The frames, the code and the error stay.
        """
        import rich.traceback

        original = rich.traceback.Traceback

        class WithoutLocals(original):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs["show_locals"] = False
                super().__init__(*args, **kwargs)

        rich.traceback.Traceback = WithoutLocals  # type: ignore[misc]
        try:
            super()._fatal_error()
        finally:
            rich.traceback.Traceback = original  # type: ignore[misc]

    # -- navigation ----------------------------------------------------------------------------

    def working_screen(self) -> Screen[Any]:
        """The screen the person is working on: the one under the help screen and the
        command palette, which only describe it (their keys are the keys of that screen)."""
        from textual.screen import SystemModalScreen

        from mentor_tui.tui.screens.help import HelpScreen

        for screen in reversed(self.screen_stack):
            if not isinstance(screen, HelpScreen | SystemModalScreen):
                return screen
        return self.screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        working = self.working_screen()
        if action in (*NAVIGATION, "admin", "settings"):
            if self.actor is None or isinstance(working, ModalScreen):
                return False
            if action == "admin" and not self.actor.is_admin:
                return False
        if action == "go_back":  # nothing under the dashboard (or the sign-in screen)
            return not isinstance(working, ModalScreen) and self.screen_stack.index(working) > 1
        return True

    def _go(self, screen: Screen[Any] | None) -> None:
        """Show ``screen`` above the dashboard (None: the dashboard itself)."""
        if self.actor is None:
            self.announce("Sign in first.")
            return
        self._go_to(screen)

    @work(exclusive=True, group="navigate", exit_on_error=False)
    async def _go_to(self, screen: Screen[Any] | None) -> None:
        from mentor_tui.tui.screens.dashboard import DashboardScreen

        closed = len(self.screen_stack) > 2
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if not isinstance(self.screen, DashboardScreen):
            await self._clear_stack()  # forgets the closed screens' renders itself
            await self.push_screen(DashboardScreen())
        elif closed:
            forget_closed_screens_renders()
        if screen is not None:
            await self.push_screen(screen)

    def open_dashboard(self) -> None:
        self._go(None)

    def open_search(self, sector: str | None = None) -> None:
        from mentor_tui.tui.screens.search import SearchScreen

        self._go(SearchScreen(sector))

    def open_profile(self, username: str | None = None) -> None:
        from mentor_tui.tui.screens.profile import ProfileScreen

        if username is None or (self.actor is not None and self.actor.username == username):
            self._go(ProfileScreen(None))
        else:  # another member's profile opens over the screen that showed them
            self.push_screen(ProfileScreen(username))

    def open_requests(self, request_id: int | None = None) -> None:
        from mentor_tui.tui.screens.requests import RequestsScreen

        self._go(RequestsScreen(request_id))

    def open_relationships(self, relationship_id: int | None = None) -> None:
        from mentor_tui.tui.screens.relationships import RelationshipsScreen

        self._go(RelationshipsScreen(relationship_id))

    def open_notifications(self) -> None:
        from mentor_tui.tui.screens.notifications import NotificationsScreen

        self._go(NotificationsScreen())

    def open_admin(self) -> None:
        from mentor_tui.tui.screens.admin import AdminScreen

        if self.actor is None or not self.actor.is_admin:
            self.announce("Only the alumni office (admins) has the admin screen.")
            return
        self._go(AdminScreen())

    def open_settings(self) -> None:
        from mentor_tui.tui.screens.settings import SettingsScreen

        self._go(SettingsScreen())

    def open_help(self) -> None:
        from mentor_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):  # F1 again closes it
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.working_screen()))

    def open_thread(self, thread_id: int) -> None:
        """A thread belongs to a request, and to the mentoring that request became."""
        self._open_thread(thread_id)

    @work(group="navigate-thread", exit_on_error=False)
    async def _open_thread(self, thread_id: int) -> None:
        from mentor_tui.domain.errors import NotFound

        try:
            await self.backend.get_relationship(thread_id)
        except NotFound:
            self.open_requests(thread_id)
        except Exception as error:
            self.report_error(error)
        else:
            self.open_relationships(thread_id)

    def action_dashboard(self) -> None:
        self.open_dashboard()

    def action_search(self) -> None:
        self.open_search()

    def action_requests(self) -> None:
        self.open_requests()

    def action_mentoring(self) -> None:
        self.open_relationships()

    def action_notifications(self) -> None:
        self.open_notifications()

    def action_profile(self) -> None:
        self.open_profile()

    def action_admin(self) -> None:
        self.open_admin()

    def action_settings(self) -> None:
        self.open_settings()

    def action_help(self) -> None:
        self.open_help()

    def action_go_back(self) -> None:
        """Escape on a screen without a Back of its own (a member's profile, notifications)."""
        self.pop_screen()

    # -- the command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the screen (and the app) is also a command in the palette."""
        from mentor_tui.tui.screens.help import key_lines

        seen: set[str] = set()
        for line in key_lines(self, screen):
            if not line.enabled or line.action in seen:
                continue
            if line.action in ("command_palette", "quit", "help_quit"):
                continue
            seen.add(line.action)
            yield SystemCommand(
                f"{line.description} ({line.keys.split(', ')[0]})",
                line.explanation or line.description,
                partial(self.call_later, self.run_action, line.action, line.node),
            )
        if "help" not in seen:  # a dialog: the app's keys stop at it, help is still here
            yield SystemCommand("Help", "Every key of this dialog", self.open_help)
        if self.actor is not None:
            yield SystemCommand("Sign out", "Sign out of this network", self.sign_out)
            yield SystemCommand("Switch account", "Sign in as someone else", self.switch_account)
        yield SystemCommand(
            "High-contrast theme",
            "White on black with yellow focus",
            partial(self.set_theme, HIGH_CONTRAST_THEME),
        )
        yield SystemCommand(
            "Screen-reader mode on/off",
            "Cursor on the focused control; no animation",
            self.toggle_screen_reader,
        )
        yield SystemCommand("Quit", "Leave mentor-tui", self.exit)

    def switch_account(self) -> None:
        """The sign-in screen, with the current session kept (Escape goes back to it)."""
        self._switch()

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _switch(self) -> None:
        from mentor_tui.tui.screens.signin import SignInScreen

        await self._clear_stack()
        await self.push_screen(SignInScreen())
        self.announce(
            "Choose an account or sign in; the current session stays stored (Escape returns)."
        )

    # -- settings --------------------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.settings.theme = name
        self.announce(f"Theme: {name}.")
        self._save_settings()  # after: a failure to save is the last thing said

    def toggle_screen_reader(self) -> None:
        self.set_screen_reader(not self.screen_reader)

    def set_screen_reader(self, on: bool) -> None:
        self.screen_reader = on
        self.settings.screen_reader = on
        self._apply_motion()
        if on:
            self._follow_focus()
            self._show_terminal_cursor()
        self.announce(
            "Screen-reader mode on: the cursor follows focus."
            if on
            else "Screen-reader mode off (takes full effect at the next start)."
        )
        self._save_settings()

    def set_animations(self, on: bool) -> None:
        self.settings.animations = on
        self._apply_motion()
        self.announce("Animations on." if on else "Animations off.")
        self._save_settings()

    def _apply_motion(self) -> None:
        if self.screen_reader or not self.settings.animations:
            self.animation_level = "none"
        else:
            self.animation_level = "full"

    def _save_settings(self) -> None:
        if not self.remember_settings:
            return
        try:
            save_settings(self.settings)
        except OSError as error:
            self.announce(f"Can't save settings ({error.strerror}); they last until you quit.")

    # -- screen-reader cursor -----------------------------------------------------------------

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self.screen_reader:
            self.call_after_refresh(self._place_cursor)

    def _follow_focus(self) -> None:
        """Keep the cursor on the focused control (also as it scrolls or a list moves)."""
        if self._cursor_timer is None:
            self._cursor_timer = self.set_interval(0.1, self._place_cursor, name="sr-cursor")

    def _place_cursor(self) -> None:
        from mentor_tui.tui.cursor import cursor_offset  # TextArea's modules: not at start-up

        # The timer can tick once more while the app is closing and its screens are gone.
        if not self.screen_reader or not self.screen_stack:
            return
        focused = self.screen.focused
        if focused is None or not focused.region:
            return
        offset = cursor_offset(focused)
        if offset != self.cursor_position:
            self.cursor_position = offset
            self.screen.refresh()

    def _show_terminal_cursor(self) -> None:
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write("\x1b[?25h")
            driver.flush()


def run_app(backend: Backend, **options: Any) -> None:
    """Run the app until the member quits (the command line's entry)."""
    app = MentorApp(backend, **options)
    try:
        app.run()
    finally:
        with contextlib.suppress(Exception):  # closing a connection that is already gone
            asyncio.run(backend.close())
