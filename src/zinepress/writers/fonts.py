"""The font files the print edition embeds, found through fontconfig (fc-match) at build time.

Python only finds files; the @font-face rules that use them are in
templates/print-fonts.css.j2 and the font stacks in styles/print.css. Every
family the print edition may use is declared there, so that a glyph none of
them has never falls back to some other font on the machine: the PDF writer
checks the finished PDF for fonts that are not declared ones (pdf.py,
check_pdf_fonts) and for glyphs drawn as boxes.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zinepress.errors import EnvironmentProblem


@dataclass(frozen=True, slots=True)
class Face:
    """One installed face the print templates declare: fontconfig family and style,
    and the Debian package that installs it (named when it is missing)."""

    family: str
    style: str
    package: str


# Template key -> Face. "{cjk}" is SC or TC, by edition language.
FACES = {
    "serif_regular": Face("Noto Serif", "Regular", "fonts-noto-core"),
    "serif_italic": Face("Noto Serif", "Italic", "fonts-noto-core"),
    "serif_bold": Face("Noto Serif", "Bold", "fonts-noto-core"),
    "serif_bold_italic": Face("Noto Serif", "Bold Italic", "fonts-noto-core"),
    "cjk_serif_regular": Face("Noto Serif CJK {cjk}", "Regular", "fonts-noto-cjk"),
    "cjk_serif_bold": Face("Noto Serif CJK {cjk}", "Bold", "fonts-noto-cjk"),
    # Symbols and pictographs of the sources (⚪ ⛓ 📌) that the text faces lack.
    "symbols": Face("Noto Sans Symbols2", "Regular", "fonts-noto-core"),
    # Mathematical operators of the sources (∗ U+2217 in a review's author note) that
    # neither the text faces nor Symbols2 have.
    "math": Face("Noto Sans Math", "Regular", "fonts-noto-core"),
    "emoji": Face("Noto Color Emoji", "Regular", "fonts-noto-color-emoji"),
}

# The families the @font-face rules of templates/print-fonts.css.j2 declare, as
# WeasyPrint names them in the PDF ("ABCDEF+Zinepress-Serif-CJK-Bold"). Pango
# looks colour emoji up by their font's own family name, whatever the stack
# says, so the emoji face's file shows under its own name: it is allowed too.
DECLARED_FAMILIES = ("Zinepress Serif", "Zinepress Latin", "Zinepress Serif CJK",
                     "Zinepress Symbols", "Zinepress Math", "Zinepress Emoji", FACES["emoji"].family)


def cjk_region(lang: str) -> str:
    """SC or TC: which regional Noto CJK family suits a BCP 47 language tag."""
    traditional = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
    return "TC" if lang.lower().startswith(traditional) else "SC"


@lru_cache(maxsize=None)
def find_face(family: str, style: str, package: str = "") -> Path:
    """The file of an installed face, insisting that fontconfig found that very face.

    A missing face is an EnvironmentProblem naming it and the Debian package
    that installs it. Remembered for the life of the process: fonts are not
    installed mid-build.
    """
    hint = f"install the Debian package {package} (apt-get install {package})" if package \
        else "install the font"
    if shutil.which("fc-match") is None:
        raise EnvironmentProblem("fc-match (fontconfig) is not installed, and the print edition "
                                 "finds its fonts with it", hint="install the Debian package fontconfig")
    result = subprocess.run(
        ["fc-match", "--format", "%{family}\t%{style}\t%{file}", f"{family}:style={style}"],
        capture_output=True, text=True, check=False,
    )
    found_families, found_styles, file = (result.stdout.split("\t") + ["", "", ""])[:3]
    if (result.returncode != 0 or family not in found_families.split(",")
            or style not in found_styles.split(",") or not Path(file).is_file()):
        raise EnvironmentProblem(f"the font {family} {style} is not installed; the print "
                                 "edition needs it", hint=hint)
    return Path(file)


def print_fonts(lang: str) -> dict[str, str]:
    """Template key -> file URL of every face the print templates declare."""
    cjk = cjk_region(lang)
    return {key: find_face(face.family.format(cjk=cjk), face.style, face.package).as_uri()
            for key, face in FACES.items()}
