"""The Chinese font an EPUB carries: Noto Serif CJK cut down to the characters the edition uses.

An e-reader without a Chinese font shows the text anyway, and the EPUB stays
small (a full Noto Serif CJK face is 20 MB; the subset of this book's 1,500
characters is under 1 MB). Python only cuts the font; the @font-face rules
are in templates/epub-fonts.css.j2 and the font stacks in styles/epub.css.

The subset is OpenType with CFF outlines (.otf): every e-reader that takes
embedded fonts reads it, where WOFF2 is unknown to older Adobe-based ones.
Its bytes depend only on the source font and the characters: the font keeps
the source's timestamp and bounding boxes (recomputing them would also cost
most of the time), and fontTools writes tables in a fixed order.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from lxml import etree

from ..errors import EnvironmentProblem
from ._fonts import cjk_region, find_face

# The family name the EPUB's stylesheets use for the embedded faces.
FAMILY = "Zinepress Serif CJK"

# Elements that styles/base.css sets in bold: the bold face is cut down to the
# characters inside them (an e-reader draws anything else bold in bold from
# its own fonts).
BOLD_ELEMENTS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt", "th"})

# Characters every subset keeps: the space, the bullet that draws emphasis dots
# (text-emphasis: filled dot, styles/epub.css), the ideographic space.
ALWAYS = frozenset({0x20, 0x2022, 0x3000})
QUARTER_EM_SPACE = 0x2005

# name table entries kept: family, style, version, copyright, and the licence
# (the SIL Open Font License asks that it travel with the font).
_NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


@dataclass(frozen=True, slots=True)
class EmbeddedFont:
    """A font file the EPUB carries, and what its @font-face rule says."""

    file_name: str        # inside the EPUB folder, e.g. fonts/NotoSerifCJKsc-Regular.subset.otf
    weight: str           # CSS font-weight: "normal" or "bold"
    data: bytes
    media_type: str = "font/otf"

    @property
    def href(self) -> str:
        """The file seen from the stylesheets' folder."""
        return f"../{self.file_name}"


def wants_cjk_font(lang: str) -> bool:
    """Whether an edition in this BCP 47 language embeds the Chinese subset."""
    return lang.lower().split("-")[0] == "zh"


def cjk_fonts(lang: str, text: str, bold_text: str, folder: str = "fonts/") -> list[EmbeddedFont]:
    """The regular face cut to every character of text, and the bold one cut to
    those of bold_text, in the regional forms (SC, TC) that lang asks for."""
    region = cjk_region(lang)
    faces = []
    for style, weight, chars in (("Regular", "normal", text), ("Bold", "bold", bold_text)):
        wanted = _characters(chars)
        if not wanted:
            continue
        family = f"Noto Serif CJK {region}"
        data = subset_font(find_face(family, style), family, wanted)
        faces.append(EmbeddedFont(f"{folder}NotoSerifCJK{region.lower()}-{style}.subset.otf",
                                  weight, data))
    return faces


def document_text(documents: Iterable[bytes]) -> tuple[str, str]:
    """All the text of XHTML documents, and the part of it in BOLD_ELEMENTS."""
    text: list[str] = []
    bold: list[str] = []
    for content in documents:
        root = etree.fromstring(content)
        text.extend(root.itertext())
        for element in root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname in BOLD_ELEMENTS:
                bold.extend(element.itertext())
    return "".join(text), "".join(bold)


def _characters(text: Iterable[str]) -> str:
    """The distinct characters of text that a font could draw, in code point order."""
    return "".join(sorted({c for c in text if not c.isspace() and ord(c) >= 0x20}))


def _map_quarter_em_space(font: TTFont) -> None:
    """Give U+2005 (four-per-em space), which Noto CJK lacks, the space's glyph: the
    writers put it between Han and Latin letters (a quarter-em gap), and the
    CJK space is 256/1000 em wide, a quarter em."""
    for table in font["cmap"].tables:
        if table.isUnicode() and 0x20 in table.cmap and QUARTER_EM_SPACE not in table.cmap:
            table.cmap[QUARTER_EM_SPACE] = table.cmap[0x20]


def subset_font(path: Path, family: str, characters: str) -> bytes:
    """The face named family in the font file (or collection) at path, cut down to
    characters and the glyphs their layout needs, as OTF bytes."""
    font = TTFont(path, fontNumber=_face_index(path, family), lazy=True,
                  recalcTimestamp=False, recalcBBoxes=False)
    options = subset.Options()
    options.name_IDs = _NAME_IDS
    # The default features (vertical forms included) but `locl`: the face's own
    # regional forms are its defaults, and the other regions' alternates would
    # double the font.
    options.layout_features = [f for f in options.layout_features if f != "locl"]
    # Flat charstrings: quicker to cut, and smaller once zipped.
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters} | ALWAYS))
    subsetter.subset(font)
    _map_quarter_em_space(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=None)
def _face_index(path: Path, family: str) -> int:
    """Which face of a collection is family (0 for a single font file)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    collection = TTCollection(path, lazy=True)
    for index, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == family:
            return index
    raise EnvironmentProblem(f"the font collection {path} has no face named {family}",
                             hint="install Debian's fonts-noto-cjk")
