"""briefgen: the documents a meeting secretariat produces, from one meeting file."""

__version__ = "0.1.0"
