"""The Chinese font an EPUB carries: Noto Serif CJK cut down to the characters the edition uses.

An e-reader without a Chinese font shows the text anyway, and the EPUB stays
small (a full Noto Serif CJK face is 20 MB; the subset of this book's 1,500
characters is under 1 MB). Python only cuts the font; the @font-face rules
are in templates/epub-fonts.css.j2 and the font stacks in styles/epub.css.

HarfBuzz's subsetter (PyPI's uharfbuzz) cuts it: some 50 ms a face, where
fontTools took two seconds. It keeps the glyphs of the characters and those
their layout features reach (the vertical forms of `vert`/`vrt2` among them,
with the vhea, vmtx and VORG tables), the name entries of _NAME_IDS, and the
source's timestamp and bounding boxes. fontTools then touches the small
subset's cmap alone, to map U+2005 (see _map_quarter_em_space).

The subset is OpenType with CFF outlines (.otf): every e-reader that takes
embedded fonts reads it, where WOFF2 is unknown to older Adobe-based ones.
Its charstrings are flattened (desubroutinized): smaller once zipped, and
quicker to cut. Its bytes depend only on the source font and the characters:
HarfBuzz writes the same bytes for the same input, and fontTools writes the
tables in a fixed order.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from zinepress.errors import EnvironmentProblem, OutputError
from zinepress.writers.faces import FaceText
from zinepress.writers.fonts import cjk_region, find_face

# The family name the EPUB's stylesheets use for the embedded faces.
FAMILY = "Zinepress Serif CJK"

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


def check_coverage(lang: str, faces: FaceText) -> None:
    """Fail when Chinese text holds a character its embedded face lacks (an emoji,
    say): a reader without a font for it would draw a box. A named rule must remove
    or replace it first (book/editorial.toml, [[emoji]] or [[correction]])."""
    region = cjk_region(lang)
    for style, chars in (("Regular", faces.chinese_regular), ("Bold", faces.chinese_bold)):
        family = f"Noto Serif CJK {region}"
        path = find_face(family, style)
        covered = hb.Face(_blob(path), _face_index(path, family)).unicodes
        missing = sorted(c for c in chars if ord(c) not in covered and ord(c) not in ALWAYS
                         and ord(c) != QUARTER_EM_SPACE)
        if missing:
            listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
            raise OutputError(f"the Chinese text sets characters no embedded font has ({family} "
                              f"{style} lacks {listed}): a reader without a font for them shows boxes",
                              hint="remove or replace them by text with an [[emoji]] or [[correction]] "
                                   "entry in book/editorial.toml")


def _characters(text: Iterable[str]) -> str:
    """The distinct characters of text that a font could draw, in code point order."""
    return "".join(sorted({c for c in text if not c.isspace() and ord(c) >= 0x20}))


def _map_quarter_em_space(data: bytes, glyph_count: int) -> bytes:
    """Give U+2005 (four-per-em space), which Noto CJK lacks, the space's glyph: the
    writers put it between Han and Latin letters (a quarter-em gap), and the
    CJK space is 256/1000 em wide, a quarter em.

    HarfBuzz maps only characters the source font has, so fontTools edits the
    subset's cmap, loading no other table: the rest is copied as HarfBuzz wrote it,
    and made-up glyph names spare it from reading the CFF table's."""
    font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    font.setGlyphOrder([f"gid{i}" for i in range(glyph_count)])
    changed = False
    for table in font["cmap"].tables:
        if table.isUnicode() and 0x20 in table.cmap and QUARTER_EM_SPACE not in table.cmap:
            table.cmap[QUARTER_EM_SPACE] = table.cmap[0x20]
            changed = True
    if not changed:
        return data
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _tag(name: str) -> int:
    """An OpenType tag as HarfBuzz's sets hold it."""
    return int.from_bytes(name.encode("ascii"), "big")


@lru_cache(maxsize=8)
def subset_font(path: Path, family: str, characters: str) -> bytes:
    """The face named family in the font file (or collection) at path, cut down to
    characters and the glyphs their layout needs, as OTF bytes."""
    face = hb.Face(_blob(path), _face_index(path, family))
    request = hb.SubsetInput()
    request.unicode_set.update(sorted({ord(c) for c in characters} | ALWAYS))
    request.sets(hb.SubsetInputSets.NAME_ID).update(_NAME_IDS)
    # The default features (vertical forms included) but `locl`: the face's own
    # regional forms are its defaults, and the other regions' alternates would
    # double the font.
    request.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG).remove(_tag("locl"))
    # Flat charstrings: quicker to cut, and smaller once zipped.
    request.flags = hb.SubsetFlags.DESUBROUTINIZE
    try:
        cut = hb.subset(face, request)
    except RuntimeError as error:
        raise EnvironmentProblem(f"HarfBuzz could not cut {family} in {path} down: {error}",
                                 hint="reinstall Debian's fonts-noto-cjk") from None
    return _map_quarter_em_space(cut.blob.data, cut.glyph_count)


@lru_cache(maxsize=None)
def _blob(path: Path) -> hb.Blob:
    """The font file at path, mapped into memory once."""
    try:
        return hb.Blob.from_file_path(str(path))
    except hb.HarfBuzzError as error:
        raise EnvironmentProblem(f"cannot read the font {path}: {error}",
                                 hint="install Debian's fonts-noto-cjk") from None


@lru_cache(maxsize=None)
def _face_index(path: Path, family: str) -> int:
    """Which face of a collection is family (0 for a single font file)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    blob = _blob(path)
    for index in range(hb.Face(blob).count):
        if hb.Face(blob, index).get_name(hb.OTNameIdPredefined.FONT_FAMILY) == family:
            return index
    raise EnvironmentProblem(f"the font collection {path} has no face named {family}",
                             hint="install Debian's fonts-noto-cjk")
