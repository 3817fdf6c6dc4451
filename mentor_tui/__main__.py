"""``python -m mentor_tui`` runs the same command line as ``mentor-tui``."""

from mentor_tui.start import main

if __name__ == "__main__":
    main()
