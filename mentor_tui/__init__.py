"""mentor-tui: a terminal client for university alumni e-mentoring networks."""

__version__ = "0.1.0"
