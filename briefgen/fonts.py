"""The Times New Roman-compatible serif that briefgen draws with outside WeasyPrint (the
chart's PNG, the text of a signature's appearance), found through fontconfig as WeasyPrint
finds its own: Times New Roman where installed, else a font with its metrics (Liberation
Serif, which ``make setup`` installs)."""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from briefgen.errors import EnvironmentFault

# How a missing font is reported: "cannot draw text in Times New Roman: …; install …".
WANTED, DOING = "Times New Roman", "draw text in"
INSTALL = "install fontconfig and fonts-liberation2 (make setup does) or Times New Roman"

#: Font families fontconfig may answer for "Times New Roman" that have its metrics.
TIMES_FAMILIES = ("times new roman", "liberation serif", "tex gyre termes", "nimbus roman",
                  "tinos", "freeserif")


@functools.cache
def times_font(style: str = "Regular") -> Path:
    """The TrueType/OpenType file of the Times New Roman-compatible serif in ``style``
    (Regular, Bold, Italic). A missing font is the machine's fault, not the input's: it is
    reported as such (exit 3), with what to install."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise EnvironmentFault(WANTED, "fontconfig is not installed, so no font can be found",
                               INSTALL, doing=DOING)
    try:
        proc = subprocess.run([fc_match, f"Times New Roman:style={style}",
                               "--format=%{family}\n%{file}"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EnvironmentFault(WANTED, f"fontconfig cannot be asked for a font ({exc})",
                               INSTALL, doing=DOING) from None
    family, _, file = proc.stdout.partition("\n")
    families = [f.strip().lower() for f in family.split(",")]
    path = Path(file.strip())
    if (proc.returncode != 0 or not any(f in TIMES_FAMILIES for f in families)
            or path.suffix.lower() not in (".ttf", ".otf") or not path.is_file()):
        raise EnvironmentFault(WANTED, "no font with its metrics is installed (fontconfig "
                               f"offers {family.strip() or 'none'!r})", INSTALL, doing=DOING)
    return path
