"""Format profiles: one regime's layout numbers and wording, kept as data in templates/profiles.

A revised guideline is a new profile file, not a code change. The profile for a meeting is the
one it names, else the newest profile of its regime already in force on the meeting's date.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, computed_field

from briefgen.errors import InputError


class _P(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageMargins(_P):
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float


class BodyText(_P):
    pt: float
    line_pt: float
    indent_cm: float
    space_after_pt: float


class PageNumber(_P):
    pt: float
    from_top_mm: float


class NationalLine(_P):
    text: str
    pt: float
    bold: bool
    rule: Literal["none", "text"]
    caps: bool = True


class TextStyle(_P):
    pt: float
    bold: bool = False


class BodyHeader(TextStyle):
    mark: Literal["star", "line"]


class NumberStyle(_P):
    pattern: str
    pt: float


class Header(_P):
    left_share: float = 0.46  # share of the header table for the issuing body's column

    @computed_field  # type: ignore[prop-decorator]
    @property
    def left_pct(self) -> float:
        """The same share as a CSS percentage."""
        return round(self.left_share * 100, 1)

    outdent_mm: float = 0.0  # how far the header table reaches into the left margin
    national: list[NationalLine]
    parent: TextStyle
    body: BodyHeader
    number: NumberStyle
    date: TextStyle


class Subject(_P):
    pt: float
    mark: Literal["none", "line", "dashes"]


class Signer(_P):
    position_bold: bool
    pt: float


class Recipients(_P):
    label: str
    label_pt: float
    label_style: Literal["underline", "bold-italic"]
    pt: float
    separator: str
    archive: str


class SignatureLabels(_P):
    left: str
    right: str


class PackStyle(_P):
    """Sizes of the briefing pack, which is no official document type: house style."""

    cover_type_pt: float = 20
    cover_subject_pt: float = 15
    heading_pt: float = 15
    caption_pt: float = 13


class Online(_P):
    """Custom for online sessions: when points connect for the link test."""

    participants_before_min: int
    technical_before_min: int


class Profile(_P):
    name: str
    regime: Literal["party", "state"]
    guideline: str
    valid_from: dt.date
    page: PageMargins
    fonts: list[str]
    body: BodyText
    page_number: PageNumber
    header: Header
    type_name_pt: float
    subject: Subject
    end_mark: str
    authority: dict[str, str]
    signer: Signer
    recipients: Recipients
    signatures: dict[str, SignatureLabels]
    online: Online
    table_pt: float = 13  # tables and captions: one point under the body
    pack: PackStyle = PackStyle()


@cache
def load_profiles(folder: Path) -> dict[str, Profile]:
    profiles = {}
    for file in sorted(folder.glob("*.yaml")):
        profile = Profile.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
        profiles[profile.name] = profile
    return profiles


def choose_profile(folder: Path, regime: str, on: dt.date, name: str | None) -> Profile:
    """The named profile, else the newest of ``regime`` in force on ``on``."""
    profiles = load_profiles(folder)
    if name:
        if name not in profiles:
            raise InputError.single(
                "meeting", f"unknown profile '{name}'; known: {', '.join(sorted(profiles))}",
                path="meeting.profile")
        return profiles[name]
    candidates = [p for p in profiles.values() if p.regime == regime and p.valid_from <= on]
    if not candidates:  # a meeting older than every guideline: take the oldest
        candidates = sorted((p for p in profiles.values() if p.regime == regime),
                            key=lambda p: p.valid_from)[:1]
    return max(candidates, key=lambda p: p.valid_from)
