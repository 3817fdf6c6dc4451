"""The entry point of ``mentor-tui`` and ``python -m mentor_tui``.

The garbage collector is paused before the first import: start-up makes only objects
that live as long as the process (modules, classes, the first screen's widgets), so
collecting meanwhile is wasted work in front of the first frame. ``cli.main`` turns it
back on: for a verb before it runs, for the app once its first frame is painted.
"""

import gc


def main() -> None:
    gc.disable()
    from mentor_tui.cli import main as run

    run()
