"""The Backend protocol and its implementations.

Nothing is imported here: ``mentor_tui.backend.local`` loads the whole storage layer,
and the app's start must not wait for it (see ``mentor_tui.backend.opening``).
"""
