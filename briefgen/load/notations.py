"""The clerk's own notations, accepted wherever a date, a part of day, a signing authority or a
task status is written, in a meeting file as in a CSV or XLSX sheet.

Clerks write dates the Vietnamese way (``09/04/2022``, ``9-4-2022``), parts of day and
statuses in words (``chiều``, ``đang thực hiện``) and authorities as they print them (``KT.``,
``T/M``). Each is normalised to the schema's value here; anything else is refused with every
accepted form listed, so the message says what to write.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from enum import StrEnum

from briefgen.errors import did_you_mean, near


def key(text: str) -> str:
    """Comparison form of a word: lower case, no diacritics, single spaces."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s_-]+", bare.lower().strip(" *:")))


# The one status vocabulary, read by the meeting file, the register sheets, the response forms
# and their messages. First the five statuses as the documents word them, read from the default
# labels (templates/labels/vi.yaml ``status:``; the form's drop-down offers the same words), then
# the other words clerks and units write for them.
def _document_words() -> dict[str, str]:
    """The five statuses as the Vietnamese documents print them, word -> schema value."""
    from briefgen.assets import DEFAULT_TEMPLATES, read_yaml

    labels = read_yaml(DEFAULT_TEMPLATES / "labels" / "vi.yaml")
    return {str(word): value for value, word in labels["status"].items()}


STATUS_LABELS = _document_words()
STATUS_WORDS = {
    "đã hoàn thành": "done", "hoàn thành": "done", "xong": "done", "đã xong": "done",
    "hoàn tất": "done", "đã hoàn tất": "done",
    "đang thực hiện theo lộ trình": "on_track", "đang thực hiện": "on_track",
    "đúng tiến độ": "on_track", "đang làm": "on_track", "đang triển khai": "on_track",
    "chậm, muộn": "late", "chậm": "late", "muộn": "late", "chậm tiến độ": "late",
    "quá hạn": "late", "trễ hạn": "late",
    "có nguy cơ chậm": "at_risk", "nguy cơ chậm": "at_risk",
    "chưa triển khai": "not_started", "chưa thực hiện": "not_started", "chưa làm": "not_started",
}
_STATUS_KEYS = {key(w): v for w, v in STATUS_WORDS.items()} | {key(v): v for v in STATUS_LABELS.values()}
_STATUS_LABEL_OF = {v: w for w, v in STATUS_LABELS.items()}


def status_value(text: str) -> str | None:
    """The status a clerk's or a unit's word stands for ("xong", "Đã hoàn thành", "late",
    whatever the case and diacritics), or None."""
    return _STATUS_KEYS.get(key(text))


def status_hint(text: str) -> str:
    """For a word that is no status: "; did you mean '<the document's word>'?" for the status
    of the nearest word of the vocabulary (compared without diacritics), or the schema's value
    where that is nearest ('lat': 'late'); "" when nothing is near."""
    values = {key(v): v for v in _STATUS_LABEL_OF}
    nearest = near(key(text), [*values, *_STATUS_KEYS])
    if nearest is None:
        return ""
    shown = values.get(nearest) or _STATUS_LABEL_OF[_STATUS_KEYS[nearest]]
    return f"; did you mean '{shown}'?"


def status_notation(value: object) -> object:
    """A pydantic before-validator for statuses: any word of the vocabulary; else a message
    listing the five statuses with :func:`status_hint`'s suggestion."""
    if not isinstance(value, str) or value in _STATUS_LABEL_OF:
        return value
    found = status_value(value)
    if found is not None:
        return found
    listed = ", ".join(f"'{v}'" for v in _STATUS_LABEL_OF)
    written = ", ".join(f"'{w}'" for w in STATUS_LABELS)
    raise ValueError(f"expected one of {listed} (or as written: {written}), got {value!r}"
                     f"{status_hint(value)}")


DAY_PART_WORDS = {"sáng": "morning", "buổi sáng": "morning", "chiều": "afternoon",
                  "buổi chiều": "afternoon", "tối": "evening", "buổi tối": "evening"}
# As the regimes print them: state "KT." and Party "K/T" (with or without the full stop).
AUTHORITY_WORDS = {
    "TM.": "on_behalf", "T/M": "on_behalf", "KT.": "deputy", "K/T": "deputy",
    "TL.": "by_order", "T/L": "by_order", "TUQ.": "by_authorisation", "T/UQ": "by_authorisation",
    "Q.": "acting",
}


def _word_key(text: str) -> str:
    return key(text).replace(".", "").replace("/", "").replace(" ", "")


def enum_notation(enum: type[StrEnum], words: Mapping[str, str]) -> Callable[[object], object]:
    """A pydantic before-validator: the enum's own values, or one of ``words``, whatever
    the case, diacritics or (for abbreviations) full stops and slashes; else a message that
    lists every accepted form."""
    values = [e.value for e in enum]
    lookup = {_word_key(w): v for w, v in words.items()} | {_word_key(v): v for v in values}

    def check(value: object) -> object:
        if not isinstance(value, str) or value in values:
            return value
        found = lookup.get(_word_key(value))
        if found is not None:
            return found
        hint = did_you_mean(value, [*values, *words])
        listed = ", ".join(f"'{v}'" for v in values)
        written = ", ".join(f"'{w}'" for w in words)
        raise ValueError(f"expected one of {listed} (or as written: {written}), "
                         f"got {value!r}{hint}")

    return check


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(text: str) -> dt.date | None:
    """A date written 2025-05-22, 22/05/2025, 22-5-2025 or 22.5.2025; None for other text.
    Raises ValueError for a written date that does not exist (31/02/2025)."""
    text = text.strip()
    if m := _ISO.fullmatch(text):
        y, mo, d = m.groups()
    elif m := _DMY.fullmatch(text):
        d, mo, y = m.groups()
    else:
        return None
    return dt.date(int(y), int(mo), int(d))


# Times as clerks write them beside HH:MM: "14h30", "14g30", "14 giờ 30", "14 giờ".
_CLOCK = re.compile(r"(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})?(?:\s*phút)?", re.IGNORECASE)
TIME_ALSO = "14h30, 14 giờ 30"


def time_notation(value: object) -> object:
    """A pydantic before-validator for clock times: ``14h30``, ``14 giờ 30`` become
    ``14:30``; anything else goes on unchanged for the schema to judge."""
    if not isinstance(value, str):
        return value
    m = _CLOCK.fullmatch(value.strip())
    if m is None or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59:
        return value  # quoted as written in the schema's message
    return f"{int(m.group(1)):02d}:{m.group(2) or '00'}"


def date_notation(value: object) -> object:
    """A pydantic before-validator for dates: a clerk's notation becomes a date; an impossible
    or unknown one is refused with the accepted forms."""
    if not isinstance(value, str):
        return value
    try:
        found = parse_date(value)
    except ValueError:
        found = None
    if found is None:
        raise ValueError(f"expected a real date (YYYY-MM-DD), got {value!r}; also accepted: "
                         "22/05/2025, 22-5-2025")
    return found
