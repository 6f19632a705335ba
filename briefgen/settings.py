"""What a run is asked for beyond its meeting file, made once by the CLI from its options and
passed down whole, rather than as one parameter each through every layer."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.assets import DEFAULT_SET, TemplateSet
from briefgen.publish import WAIT_SECONDS


@dataclass(frozen=True)
class Settings:
    """One run's settings; the defaults are a run with no option given."""

    templates: TemplateSet = DEFAULT_SET  # a customised set; what it lacks, the defaults give
    lang: str | None = None  # the labels' language, vi or en; None: the meeting's own
    pdf_variant: str | None = None  # archival PDF variant; '' none whatever the profile says;
    #                                 None: as the profile says
    jobs: int | None = None  # batch: parallel workers; None: one per core
    force: bool = False  # batch: render everything, even what has not changed
    wait: float = WAIT_SECONDS  # seconds to wait for another run writing into the same folder
