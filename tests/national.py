"""A national session online with all 63 provinces and cities (the 2022 list), attended at
every point by a role: 'đại diện lãnh đạo Ủy ban nhân dân <tỉnh>'. Test data (roles only, no
invented people): the reference meeting's body and chairs, 63 points instead of its six."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REFERENCE, ROOT

PROVINCES = ROOT / "tests" / "data" / "provinces-63.txt"  # a copy of shared/reference/
KIND = "tỉnh, thành phố trực thuộc Trung ương"


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode().lower()).strip("-")


def provinces() -> list[str]:
    return [n for n in PROVINCES.read_text(encoding="utf-8").splitlines() if n.strip()]


def national_meeting(folder: Path) -> Path:
    """Write the 63-point meeting into ``folder``; its path."""
    data: dict[str, Any] = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    data["meeting"]["id"] = "national-63"
    central = next(p for p in data["points"] if p.get("central"))
    data["points"] = [central]
    for name in provinces():
        uid = f"ubnd-63-{slug(name)}"
        data["units"].append({"id": uid, "name": f"Ủy ban nhân dân {name}", "kind": KIND})
        data["people"].append({"id": f"ld-63-{slug(name)}", "unit": uid,
                               "role": f"đại diện lãnh đạo Ủy ban nhân dân {name}"})
        data["points"].append({"id": slug(name), "name": f"Điểm cầu {name}", "host": uid,
                               "attendees": [f"ld-63-{slug(name)}"]})
    path = folder / "national-63.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
