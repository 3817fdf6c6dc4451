"""``python -m mentor_tui`` runs the same command line as ``mentor-tui``."""

from mentor_tui.cli import main

if __name__ == "__main__":
    main()
