"""Vietnamese wording: official dates, leading zeros, name order and collation.

Dates follow the official rule (formats.md): days below 10 and months 1 and 2 take a leading
zero, months 3-12 do not: "ngày 05 tháng 01", "ngày 22 tháng 5 năm 2025". Babel supplies what
the locale data knows (weekday names, number grouping); the official date pattern is not a
CLDR pattern, so it is written here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from typing import Any, Literal

from babel.dates import format_date
from babel.numbers import format_decimal


def day_text(day: int) -> str:
    return f"{day:02d}"


def month_text(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def date_words(d: dt.date | None, year: int | None = None, lang: str = "vi",
               month: int | None = None) -> str:
    """'ngày 22 tháng 5 năm 2025'; with no date, blanks for the clerk to fill (the month
    printed where it is known already: 'ngày      tháng 6 năm 2026')."""
    if lang == "en":
        if d is None:
            known = format_date(dt.date(year or 2000, month, 1), "MMMM", locale="en") \
                if month else "……"
            return f"…… {known} {year or ''}".strip()
        return format_date(d, "d MMMM y", locale="en")
    if d is None:
        shown = month_text(month) if month else "    "  # the blank of six spaces
        return f"ngày      tháng {shown} năm {year or '……'}"
    return f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {d.year}"


def month_year(d: dt.date, lang: str = "vi") -> str:
    """'tháng 5 năm 2025' for covers (same leading-zero rule as full dates)."""
    if lang == "en":
        return format_date(d, "MMMM y", locale="en")
    return f"tháng {month_text(d.month)} năm {d.year}"


def clock(t: dt.time, lang: str = "vi") -> str:
    """'14 giờ 00' (official wording) or '14:00'."""
    return f"{t:%H} giờ {t:%M}" if lang == "vi" else f"{t:%H:%M}"


def date_short(d: dt.date) -> str:
    """'22/5/2025', for tables (the same leading-zero rule)."""
    return f"{day_text(d.day)}/{month_text(d.month)}/{d.year}"


def weekday(d: dt.date, lang: str = "vi") -> str:
    """'Thứ Năm' (Babel's locale data)."""
    name = format_date(d, "EEEE", locale=lang)
    return name[:1].upper() + name[1:]


def number(n: int, lang: str = "vi") -> str:
    """Grouped integer: '3.000' in Vietnamese, '3,000' in English."""
    return format_decimal(n, locale=lang)


class Label(str):
    """A label whose ``format`` prints every whole number grouped as its language groups
    them ("44.000 nhiệm vụ", "44,000 tasks"): no call site can forget to."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Label:
        label = super().__new__(cls, text)
        label.lang = lang
        return label

    def __reduce__(self) -> tuple[type[Label], tuple[str, str]]:
        return (type(self), (str(self), self.lang))

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        def grouped(value: Any) -> Any:
            if isinstance(value, int) and not isinstance(value, bool):
                return number(value, self.lang)
            return value

        return str.format(self, *map(grouped, args),
                          **{key: grouped(value) for key, value in kwargs.items()})


def labelled(data: Any, lang: str) -> Any:
    """Every string of a labels file (nested mappings and lists too) as a :class:`Label`."""
    if isinstance(data, str):
        return Label(data, lang)
    if isinstance(data, dict):
        return {key: labelled(value, lang) for key, value in data.items()}
    if isinstance(data, list):
        return [labelled(value, lang) for value in data]
    return data


def nouned(data: Any, noun: str | None, previous: str | None = None) -> Any:
    """Labels (as :func:`labelled` made them) with ``{noun}`` (``{Noun}`` opening a sentence,
    ``{NOUN}`` in capitals) replaced by what the documents call the session, and
    ``{previous_noun}`` by what they call the session before it (``previous``; else the
    same), however deep; a label with none of them is kept as it is."""
    if noun is None:
        return data
    if isinstance(data, str):
        if "{noun}" not in data.casefold() and "{previous_noun}" not in data:
            return data
        text = (data.replace("{previous_noun}", previous or noun).replace("{noun}", noun)
                .replace("{Noun}", sentence_case(noun)).replace("{NOUN}", upper(noun)))
        return Label(text, data.lang) if isinstance(data, Label) else text
    if isinstance(data, dict):
        return {key: nouned(value, noun, previous) for key, value in data.items()}
    if isinstance(data, list):
        return [nouned(value, noun, previous) for value in data]
    return data


def two_digits(n: int | None) -> str:
    """Numbers below 10 take a leading zero (document and task numbers: 05, 12); None leaves a
    blank to fill."""
    return f"{n:02d}" if n is not None else "     "


def joined(items: list[str], and_word: str) -> str:
    """A list in running text: 'A', 'A và B', 'A, B và C' (``and_word``: the labels' 'and')."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {and_word} {items[-1]}"


def upper(text: str) -> str:
    """Upper case that keeps Vietnamese letters composed (NFC)."""
    return unicodedata.normalize("NFC", text.upper())


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def ended(text: str) -> str:
    """A sentence with its closing punctuation: a full stop where it ends with none, so that
    the next sentence printed after it does not run into it."""
    stripped = text.rstrip()
    return stripped if not stripped or stripped[-1] in ".!?;:…" else f"{stripped}."


#: The share of a sentence's syllables another must say, in order, to restate it.
RESTATED_SHARE = 0.8
_SYLLABLE = re.compile(r"\w+")


def restates(other: str, text: str) -> bool:
    """Whether ``other`` says ``text`` again: at least :data:`RESTATED_SHARE` of the syllables
    of ``text`` appear in ``other`` in the same order (case, marks and punctuation aside), as
    a speaker's own words restate the secretariat's summary of them ("… làm rõ nguyên nhân vì
    sao chậm muộn …" in both), or a speech the decision it recalls."""
    from difflib import SequenceMatcher

    said = _SYLLABLE.findall(unicodedata.normalize("NFC", text.casefold()))
    again = _SYLLABLE.findall(unicodedata.normalize("NFC", other.casefold()))
    if not said or not again:
        return False
    matched = sum(b.size for b in SequenceMatcher(None, said, again, autojunk=False)
                  .get_matching_blocks())
    return matched >= RESTATED_SHARE * len(said)


def kept_of(text: str, quote: str | None) -> Literal["text", "quote", "both"]:
    """Which of a text and the quote given with it prints: the quote alone where it says the
    text again (and more), the text alone where it says the quote again or there is none,
    else both, one after the other."""
    if quote and restates(quote, text):
        return "quote"
    if not quote or restates(text, quote):
        return "text"
    return "both"


# -- collation -------------------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Base letters that carry a vowel quality (not a tone) as a combining mark.
_QUALITY = {"\u0306": "ă", "\u0302": "â"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _letter_and_tone(ch: str) -> tuple[str, int]:
    """Split a character into its Vietnamese letter (ă, ê, ư ... kept) and its tone rank."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    letter = base
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        else:
            letter = unicodedata.normalize("NFC", letter + mark)
    if letter == "đ" or base == "đ":
        letter = "đ"
    return letter, tone


def word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Letters first (Vietnamese alphabet order), then tones, then the raw text."""
    letters: list[int] = []
    tones: list[int] = []
    word = unicodedata.normalize("NFC", word)
    for ch in word:
        letter, tone = _letter_and_tone(ch)
        letters.append(_RANK.get(letter, 100 + ord(letter)))
        tones.append(tone)
    return tuple(letters), tuple(tones), word


# Where a list files a name under an abbreviation, as official lists of provinces file
# "Thành phố Hồ Chí Minh" as "TP. Hồ Chí Minh" (between Tiền Giang and Trà Vinh).
FILED_AS = {"thành phố": "TP"}
_SYLLABLE = re.compile(r"[^\W_]+")  # letters and digits; spaces, hyphens, dots part syllables


def syllables(text: str) -> list[str]:
    """The syllables of a text, NFC, without the punctuation between them."""
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text))


def filed_as(text: str) -> str:
    """``text`` as a sorted list files it: a leading "Thành phố" as "TP"."""
    folded = unicodedata.normalize("NFC", text).strip()
    for words, short in FILED_AS.items():
        if folded.lower().startswith(words + " "):
            return f"{short} {folded[len(words) + 1:]}"
    return folded


def text_key(text: str) -> tuple[tuple[tuple[int, ...], tuple[int, ...], str], ...]:
    """Sort key for a name of a place or body: syllable by syllable, each by its letters
    (Vietnamese alphabet order), then its tone. A syllable that begins another sorts first
    ("Bà Rịa" before "Bạc Liêu", "Cà Mau" before "Cao Bằng"), as a shorter name does."""
    return tuple(word_key(w) for w in syllables(filed_as(text)))


def sort_texts(texts: list[str]) -> list[str]:
    return sorted(texts, key=text_key)


def name_key(full_name: str) -> tuple[tuple[tuple[int, ...], tuple[int, ...], str], ...]:
    """Sort key for a Vietnamese full name: given name, then middle names, then family name."""
    words = syllables(full_name)
    if not words:
        return ()
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    return tuple(word_key(w) for w in ordered)


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_key)


#: A space a line may not break at (Word and the PDF alike; the PDF's text reads a space).
NBSP = "\u00a0"
#: A word joiner: invisible, no line break beside it (text readers drop it).
WORD_JOINER = "\u2060"
#: A hyphen inside a word ("các-bon", "28-5"), not a dash between words.
INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def join_hyphens(text: str) -> str:
    """``text`` whose words written with a hyphen ("các-bon", "kinh tế-xã hội", "form-bo-khcn.xlsx",
    "28-5") cannot break at it: a word joiner follows each hyphen inside a word."""
    return INNER_HYPHEN.sub("-" + WORD_JOINER, text)

#: Words that open a phrase of a body's name or of a position: a long name in capitals may
#: start a line with one of them, or after a comma or an authority prefix, and nowhere else
#: ("…SÁNG / TẠO…" and "…QUỐC / HỘI" are names cut in two). None of them is the second
#: syllable of a compound found in such names (not BAN of ỦY BAN, not HỘI of QUỐC HỘI).
PHRASE_OPENERS = frozenset((
    "VỀ", "VÀ", "CỦA", "TẠI", "THUỘC", "CHO", "TỈNH", "THÀNH", "HUYỆN", "XÃ", "PHƯỜNG", "QUẬN",
    "KHU", "SỞ", "VĂN", "CỤC", "TỔ", "PHÓ", "KIÊM", "OF", "AND", "FOR", "ON", "IN", "TO"))
#: The authority prefixes a signature block opens with, in both regimes.
AUTHORITY_PREFIX = re.compile(r"^(TM\.|KT\.|TL\.|TUQ\.|Q\.|T/M|K/T|T/L)$")


def phrase_break(before: str, word: str) -> bool:
    """Whether a line of a name in capitals may end after ``before`` and start at ``word``."""
    return (before.endswith((",", ".", ";", ":")) or word.upper() in PHRASE_OPENERS
            or bool(AUTHORITY_PREFIX.match(before)))


def phrases(text: str, longest: int) -> list[list[str]]:
    """A name's words in the runs a line may not break inside: its phrases, each longer than
    ``longest`` characters (the profile's header.phrase_chars: about what a header column
    holds at 13-14 pt) split where its parts are most even. A long phrase ("TRƯỜNG ĐẠI HỌC
    TÔN ĐỨC THẮNG", no word opening a phrase) thus breaks between words, never inside one."""
    words = text.split()
    runs: list[list[str]] = [words[:1]] if words else []
    for before, word in itertools.pairwise(words):
        if phrase_break(before, word):
            runs.append([word])
        else:
            runs[-1].append(word)
    return [part for run in runs for part in _even(run, longest)]


def _even(words: list[str], longest: int) -> list[list[str]]:
    if len(words) < 2 or len(" ".join(words)) <= longest:
        return [words]
    cut = min(range(1, len(words)),
              key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [*_even(words[:cut], longest), *_even(words[cut:], longest)]


def keep_phrases(text: str, longest: int) -> str:
    """A name in capitals whose lines may break only between its phrases: the spaces inside
    a phrase become unbreakable."""
    return " ".join(NBSP.join(run) for run in phrases(text, longest))


def keep_lines(lines: list[str], whole: list[bool]) -> str:
    """A name printed on the lines given (as the body's own documents print it), a line
    break ("\n") between them, where Word and the PDF both break; each line ``whole`` kept
    unbreakable, the others left to wrap between their words."""
    return "\n".join((NBSP if keep else " ").join(upper(line).split())
                      for line, keep in zip(lines, whole, strict=True))


def may_break_before(text: str, longest: int) -> set[int]:
    """The indexes of the words of ``text`` a line of it may start at (:func:`keep_phrases`)."""
    return run_starts(phrases(text, longest))


def run_starts(runs: list[list[str]]) -> set[int]:
    """The indexes of the words a line may start at, for a name in unbreakable ``runs``."""
    starts, index = set(), 0
    for run in runs:
        starts.add(index)
        index += len(run)
    return starts


def no_widow(text: str) -> str:
    """A title whose last line cannot hold one word alone (its last two words kept together)
    nor a number parted from the word it counts ("năm 2021", "lần thứ 14", "Nghị quyết số
    12"), nor a word broken at its hyphen ("CÁC-BON", "kinh tế-xã hội"): the space before each
    number and the last one become unbreakable, and a word joiner (U+2060, invisible; text
    readers drop it) follows each hyphen inside a word."""
    text = re.sub(r"(?<=\w) (?=\d)", NBSP, text.rstrip())
    text = join_hyphens(text)
    head, space, last = text.rpartition(" ")
    return f"{head}{NBSP}{last}" if space and head else text
