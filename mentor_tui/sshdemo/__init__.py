"""The careers-event demo: the app for visitors, over SSH and in a browser.

A visitor types ``ssh -p 2222 demo@fair-laptop`` (or opens the web page) and gets their
own fresh sandbox of believable data, signed in as a student, with mentors who answer.

- :mod:`~mentor_tui.sshdemo.sandbox`: one seeded template network, copied per visitor.
- :mod:`~mentor_tui.sshdemo.session`: the process that runs one visitor's app.
- :mod:`~mentor_tui.sshdemo.server`: the SSH server (asyncssh) that starts those
  processes on pseudo-terminals, with a cap, an idle timeout and nothing but the app.
- :mod:`~mentor_tui.sshdemo.commands`: ``mentor-tui ssh-demo`` and ``mentor-tui web``.
"""
