"""The meeting schema (pydantic) and its validation against a source file."""

from briefgen.model.meeting import Meeting
from briefgen.model.validate import load_meeting

__all__ = ["Meeting", "load_meeting"]
