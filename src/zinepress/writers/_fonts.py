"""The font files the print edition embeds, found through fontconfig (fc-match) at build time.

Python only finds files; the @font-face rules that use them are in
templates/print-fonts.css.j2 and the font stacks in styles/print.css.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from ..errors import EnvironmentProblem

# Template key -> (fontconfig family, style). "{cjk}" is SC or TC, by edition language.
FACES = {
    "serif_regular": ("Noto Serif", "Regular"),
    "serif_italic": ("Noto Serif", "Italic"),
    "serif_bold": ("Noto Serif", "Bold"),
    "serif_bold_italic": ("Noto Serif", "Bold Italic"),
    "cjk_serif_regular": ("Noto Serif CJK {cjk}", "Regular"),
    "cjk_serif_bold": ("Noto Serif CJK {cjk}", "Bold"),
}

_PACKAGES_HINT = "install Debian's fonts-noto-core and fonts-noto-cjk (or the same Noto fonts)"


def cjk_region(lang: str) -> str:
    """SC or TC: which regional Noto CJK family suits a BCP 47 language tag."""
    traditional = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
    return "TC" if lang.lower().startswith(traditional) else "SC"


@lru_cache(maxsize=None)
def find_face(family: str, style: str) -> Path:
    """The file of an installed face, insisting that fontconfig found that very face.

    Remembered for the life of the process: fonts are not installed mid-build.
    """
    if shutil.which("fc-match") is None:
        raise EnvironmentProblem("fc-match (fontconfig) is not installed", hint=_PACKAGES_HINT)
    result = subprocess.run(
        ["fc-match", "--format", "%{family}\t%{style}\t%{file}", f"{family}:style={style}"],
        capture_output=True, text=True, check=False,
    )
    found_families, found_styles, file = (result.stdout.split("\t") + ["", "", ""])[:3]
    if (result.returncode != 0 or family not in found_families.split(",")
            or style not in found_styles.split(",") or not Path(file).is_file()):
        raise EnvironmentProblem(f"the font {family} {style} is not installed",
                                 hint=_PACKAGES_HINT)
    return Path(file)


def print_fonts(lang: str) -> dict[str, str]:
    """Template key -> file URL of every face the print templates declare."""
    cjk = cjk_region(lang)
    return {key: find_face(family.format(cjk=cjk), style).as_uri()
            for key, (family, style) in FACES.items()}
