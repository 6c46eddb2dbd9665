"""coach: a command-line sales-call coach."""

__version__ = "0.1.0"
