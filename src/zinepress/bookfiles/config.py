"""book/book.toml and book/editorial.toml: load, check every key, give typed settings.

Unknown keys and missing required keys are errors that name the file and
line, so a typo never silently changes a book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from zinepress import deps
from zinepress.bookfiles.toml import line_of, load_toml
from zinepress.errors import ConfigError
from zinepress.formats import DEFAULT_FORMATS, FORMATS
from zinepress.resources import book_styles, book_templates

BOOK_FILE = "book.toml"
EDITORIAL_FILE = "editorial.toml"
READER_KINDS = ("markdown", "wordpress", "plaintext", "pdftext")

_BOOK_KEYS = {"title": True, "subtitle": False, "author": True, "translator": False, "date": True,
              "publisher": False, "rights": False, "urls": False, "signature_sheets": False,
              "description": False, "paper_thickness": False, "cover_sheet": False}
# [book] date: a year, a year and month, a full date, or a range of years
# ("2017–2020", with an en dash, a hyphen, a slash or "to"; "2017–" for one still running).
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR_RANGE = re.compile(r"(\d{4})\s*(?:[-–—/]|to)\s*(\d{4})?")
_SOURCE_KEYS = {"id": True, "file": True, "kind": True, "lang": True, "description": True,
                "url": False, "retrieved": False, "use": False, "unused": False,
                "about": False, "translator": False}
_EDITION_KEYS = {"name": True, "lang": True, "sources": False, "formats": False, "base": False,
                 "opencc": False, "contents": False}
_CONTENTS_KEYS = {"role": True, "source": False, "heading": False, "title": False, "lang": False}
CONTENTS_ROLES = ("part", "chapter", "preface", "foreword", "introduction", "appendix", "notes")
_EDITORIAL_KEYS = {"caption": {"source": True, "match": True, "reason": True},
                   "heading": {"source": True, "match": True, "level": False},
                   "language": {"source": True, "match": True, "lang": True, "count": False},
                   "correction": {"source": True, "match": True, "replacement": True, "reason": True,
                                  "count": False},
                   "emoji": {"source": True, "match": True, "replacement": False, "reason": True,
                             "count": False},
                   "links": {"source": True, "match": True, "reason": True, "cut": False},
                   "question": {"source": True, "match": True}}


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One [[source]]: where the file is and how to read it."""

    ident: str
    file: Path
    kind: str
    lang: str
    description: str
    url: str = ""
    retrieved: str = ""
    use: str = ""                                   # what the book takes from it, if no edition reads it
    unused: tuple[tuple[int, int, str], ...] = ()   # (first line, last line, reason) left out
    about: tuple[tuple[str, str], ...] = ()         # (language, what it is for a reader), the colophon's
    translator: str = ""                            # who translated it, if it is a translation
    line: int | None = None                         # the line of its [[source]] in book.toml


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    """One line of an edition's table of contents: where a part or chapter starts.

    heading: the exact text of the heading in the source that opens it (it
    becomes the title); without one the entry takes its whole source and its
    title from `title` (language -> text). line: where the entry is in book.toml.
    """

    role: str
    source: str = ""
    heading: str = ""
    title: dict[str, str] = field(default_factory=dict)
    lang: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class EditionConfig:
    """One [[edition]]: its language, sources, contents and formats.

    An edition with `base` takes the base edition's sources and contents and
    converts the text with the OpenCC configuration `opencc`.
    """

    name: str
    lang: str
    sources: tuple[str, ...]
    formats: tuple[str, ...] = DEFAULT_FORMATS
    contents: tuple[ContentsEntry, ...] = ()
    base: str = ""
    opencc: str = ""


@dataclass(slots=True)
class BookConfig:
    """Everything in book/, typed."""

    root: Path                      # the project folder (book/.. by default)
    book_dir: Path
    title: dict[str, str]
    subtitle: dict[str, str]
    author: str                     # as printed: the authors joined by ", "
    date: str                       # the metadata's date (dc:date): a year or a full date
    publisher: str
    rights: str
    urls: list[str]
    sources: dict[str, SourceConfig]
    editions: list[EditionConfig]
    editorial: list[dict[str, object]] = field(default_factory=list)
    signature_sheets: int | None = None   # booklets: sheets per signature (None: one signature)
    authors: tuple[str, ...] = ()         # each author, in the order given (the first language's)
    translators: tuple[str, ...] = ()     # each translator, in the order given (the first language's)
    author_table: dict[str, tuple[str, ...]] = field(default_factory=dict)      # language -> authors
    translator_table: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> translators
    date_range: str = ""                  # the date as written when it is a range of years ("2017–2020")
    # The files of book/ read to make this configuration (deps.Trace): every step of a
    # build is made from the configuration, so its trace starts with these.
    reads: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # The book's look: its own templates/ and styles/ beside book/, else zinepress's (resources.py).
    templates_dir: Path | None = None
    styles_dir: Path | None = None
    # rights and description by language (a string in book.toml is every language's)
    rights_by_lang: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    paper_thickness: float = 0.1          # booklets: mm, for creep (0: none)
    cover_sheet: bool = False             # booklets: a cover sheet outside the others

    def localized(self, values: dict[str, str], lang: str) -> str:
        """The value for lang, falling back on its base language, then on the first given."""
        if lang in values:
            return values[lang]
        base = lang.split("-")[0]
        for key, value in values.items():
            if key.split("-")[0] == base:
                return value
        return next(iter(values.values()), "")

    def authors_for(self, lang: str) -> tuple[str, ...]:
        """The authors as an edition in lang prints them (see localized)."""
        return self._names_for(self.author_table, lang)

    def translators_for(self, lang: str) -> tuple[str, ...]:
        """The translators as an edition in lang names them (see localized)."""
        return self._names_for(self.translator_table, lang)

    def _names_for(self, table: dict[str, tuple[str, ...]], lang: str) -> tuple[str, ...]:
        if not table:
            return ()
        if lang in table:
            return table[lang]
        base = lang.split("-")[0]
        for key, value in table.items():
            if key.split("-")[0] == base:
                return value
        return next(iter(table.values()))

    def editorial_for(self, source_id: str) -> list[dict[str, object]]:
        return [e for e in self.editorial if e.get("source") == source_id]


def _check_keys(table: dict, allowed: dict[str, bool], where: str, path: Path, text: str,
                nth: int = 0) -> None:
    """Unknown and missing keys of the nth table called `where` (e.g. the 2nd [[source]])."""
    header = rf"^\s*\[+{re.escape(where.split(' ')[0])}\]+"
    for key in table:
        if key not in allowed:
            raise ConfigError(f"unknown key {key!r} in {where}", path=str(path),
                              line=line_of(text, rf"^\s*{re.escape(key)}\s*="),
                              hint=f"allowed keys: {', '.join(allowed)}")
    for key, required in allowed.items():
        if required and key not in table:
            raise ConfigError(f"missing required key {key!r} in {where}", path=str(path),
                              line=line_of(text, header, nth),
                              hint=f"add {key} = … to this table (README.md, 'The book folder', says what "
                                   f"it means)")


def _as_lang_map(value: object, key: str, path: Path) -> dict[str, str]:
    if isinstance(value, str):
        return {"": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise ConfigError(f"{key} must be a string or a table of language = string", path=str(path))


def load_book(book_dir: Path) -> BookConfig:
    """Read and check book_dir/book.toml (and editorial.toml if present); the
    configuration remembers the files it was read from (BookConfig.reads)."""
    with deps.recording() as reads:
        config = _read_book(book_dir)
        config.templates_dir = book_templates(config.root)
        config.styles_dir = book_styles(config.root)
    config.reads = dict(reads)
    return config


def _read_book(book_dir: Path) -> BookConfig:
    book_dir = book_dir.resolve()
    path = book_dir / BOOK_FILE
    data, text = load_toml(path)
    for key in data:
        if key not in ("book", "source", "edition"):
            raise ConfigError(f"unknown table {key!r}", path=str(path),
                              line=line_of(text, rf"^\s*\[+{re.escape(key)}\]"),
                              hint="allowed: [book], [[source]], [[edition]]")
    if "book" not in data:
        raise ConfigError("missing the [book] table", path=str(path))
    book = data["book"]
    _check_keys(book, _BOOK_KEYS, "book", path, text)
    root = book_dir.parent

    sources: dict[str, SourceConfig] = {}
    for nth, entry in enumerate(data.get("source", [])):
        _check_keys(entry, _SOURCE_KEYS, "source", path, text, nth)
        ident = str(entry["id"])
        line = line_of(text, rf"^\s*id\s*=\s*\"{re.escape(ident)}\"")
        if ident in sources:
            raise ConfigError(f"source id {ident!r} is used twice", path=str(path), line=line)
        if entry["kind"] not in READER_KINDS:
            raise ConfigError(f"source {ident}: unknown kind {entry['kind']!r}", path=str(path), line=line,
                              hint=f"kinds: {', '.join(READER_KINDS)}")
        sources[ident] = SourceConfig(ident, root / str(entry["file"]), str(entry["kind"]),
                                      str(entry["lang"]), str(entry["description"]),
                                      str(entry.get("url", "")), str(entry.get("retrieved", "")),
                                      str(entry.get("use", "")),
                                      tuple(_unused(entry.get("unused", []), ident, path, line)),
                                      tuple(_as_lang_map(entry.get("about", {}), "about", path).items()),
                                      str(entry.get("translator", "")), line)
    if not sources:
        raise ConfigError("no [[source]] is declared", path=str(path))

    editions: list[EditionConfig] = []
    for nth, entry in enumerate(data.get("edition", [])):
        _check_keys(entry, _EDITION_KEYS, "edition", path, text, nth)
        name = str(entry["name"])
        line = line_of(text, rf"^\s*name\s*=\s*\"{re.escape(name)}\"")
        base = next((e for e in editions if e.name == entry.get("base")), None)
        if entry.get("base") and base is None:
            raise ConfigError(f"edition {name}: base edition {entry['base']!r} is not declared before it",
                              path=str(path), line=line)
        if base is None and "sources" not in entry:
            raise ConfigError(f"edition {name}: missing required key 'sources'", path=str(path), line=line)
        idents = tuple(entry.get("sources", base.sources if base else ()))
        for ident in idents:
            if ident not in sources:
                raise ConfigError(f"edition {name}: unknown source {ident!r}", path=str(path), line=line,
                                  hint=f"declared sources: {', '.join(sources)}")
        formats = tuple(entry.get("formats", base.formats if base else DEFAULT_FORMATS))
        for fmt in formats:
            if fmt not in FORMATS:
                raise ConfigError(f"edition {name}: unknown format {fmt!r}", path=str(path), line=line,
                                  hint=f"formats: {', '.join(FORMATS)}")
        if entry.get("opencc"):
            _check_opencc(str(entry["opencc"]), name, path, text, line)
        contents = tuple(_contents(entry.get("contents", []), idents, name, path, text, line)) \
            if "contents" in entry else (base.contents if base else ())
        editions.append(EditionConfig(name, str(entry["lang"]), idents, formats, contents,
                                      str(entry.get("base", "")), str(entry.get("opencc", ""))))
    if not editions:
        raise ConfigError("no [[edition]] is declared", path=str(path))

    authors = _names(book, "author", path, text, required=True)
    translators = _names(book, "translator", path, text, required=False)
    first_authors = next(iter(authors.values()))
    date, date_range = _book_date(book["date"], path, text)
    return BookConfig(
        root=root, book_dir=book_dir,
        title=_as_lang_map(book["title"], "title", path),
        subtitle=_as_lang_map(book.get("subtitle", ""), "subtitle", path),
        author=", ".join(first_authors), date=date,
        publisher=str(book.get("publisher", "")),
        rights=(lambda r: r.get("en") or next(iter(r.values()), ""))(
            _as_lang_map(book.get("rights", ""), "rights", path)),
        urls=[str(u) for u in book.get("urls", [])],
        sources=sources, editions=editions,
        editorial=_load_editorial(book_dir / EDITORIAL_FILE, sources),
        signature_sheets=_signature_sheets(book, path, text),
        authors=first_authors, translators=next(iter(translators.values()), ()),
        author_table=authors, translator_table=translators,
        date_range=date_range,
        rights_by_lang=_as_lang_map(book.get("rights", ""), "rights", path),
        description=_as_lang_map(book.get("description", {}), "description", path),
        paper_thickness=_paper_thickness(book, path, text),
        cover_sheet=_cover_sheet(book, path, text),
    )


def _names(book: dict, key: str, path: Path, text: str, required: bool) -> dict[str, tuple[str, ...]]:
    """[book] author or translator: one name, a list of names, or a table of language
    = name or list (as a title is: `{ zh-Hans = "鲁迅", zh-Hant = "魯迅", en = "Lu Xun" }`);
    none empty. Returned as language -> names ("" for every language)."""
    value = book.get(key, [])
    table = value if isinstance(value, dict) and value else {"": value}
    out: dict[str, tuple[str, ...]] = {}
    for lang, entry in table.items():
        names = [entry] if isinstance(entry, str) else entry
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names) \
                or (required and not names):
            raise ConfigError(f"{key} must be a name, a list of names or a table of language = names, "
                              f"not {value!r}", path=str(path), line=line_of(text, rf"^\s*{key}\s*="),
                              hint=f'write {key} = "Name" or {key} = ["First Name", "Second Name"]')
        out[str(lang)] = tuple(n.strip() for n in names)
    return out if any(out.values()) else {}


def _book_date(value: object, path: Path, text: str) -> tuple[str, str]:
    """[book] date as (the metadata's date, the range as written or ""): a year, a
    year and month or a full date are kept; a range of years gives its first year
    to the metadata (EPUB's dc:date takes one date) and is shown in the colophon."""
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()[:10], ""           # date = 2022-03-01, unquoted (a TOML date)
    written = str(value).strip()
    single = _DATE.fullmatch(written)
    if single and 1 <= int(single.group(2) or 1) <= 12 and 1 <= int(single.group(3) or 1) <= 31:
        return written, ""
    span = _YEAR_RANGE.fullmatch(written)
    if span and (span.group(2) is None or span.group(2) >= span.group(1)):
        return span.group(1), written
    raise ConfigError(f"date {value!r} is not a date the EPUB can carry", path=str(path),
                      line=line_of(text, r"^\s*date\s*="),
                      hint='write a year ("2022"), a full date ("2022-03-01") or a range of years '
                           '("2017–2020": the metadata takes 2017, the colophon shows the range)')


def _check_opencc(value: str, edition: str, path: Path, text: str, edition_line: int | None) -> None:
    """An edition's opencc: one of the configurations OpenCC comes with (or a file of one)."""
    known = [c.removesuffix(".json") for c in opencc.CONFIGS]
    if value in known or value.removesuffix(".json") in known or deps.exists(Path(value)):
        return
    lines = text.split("\n")
    line = next((n for n in range(edition_line or 1, len(lines) + 1)
                 if re.match(r"[ \t]*opencc\s*=", lines[n - 1])), edition_line)
    raise ConfigError(f"edition {edition}: OpenCC has no configuration {value!r}", path=str(path), line=line,
                      hint=f"use one of OpenCC's: {', '.join(sorted(known))} (s2tw: Taiwan, s2hk: Hong Kong)")


def _signature_sheets(book: dict, path: Path, text: str) -> int | None:
    """[book] signature_sheets: a positive whole number of sheets, or absent."""
    if "signature_sheets" not in book:
        return None
    value = book["signature_sheets"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"signature_sheets must be a whole number of sheets, 1 or more, not {value!r}",
                          path=str(path), line=line_of(text, r"^\s*signature_sheets\s*="))
    return value


def _paper_thickness(book: dict, path: Path, text: str) -> float:
    """[book] paper_thickness: the booklet paper's thickness in mm (0 to 1), default 0.1."""
    value = book.get("paper_thickness", 0.1)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(f"paper_thickness must be a number of millimetres from 0 to 1, not {value!r}",
                          path=str(path), line=line_of(text, r"^\s*paper_thickness\s*="),
                          hint="80 g/m² office paper is about 0.1 mm thick")
    return float(value)


def _cover_sheet(book: dict, path: Path, text: str) -> bool:
    """[book] cover_sheet: true or false (the default)."""
    value = book.get("cover_sheet", False)
    if not isinstance(value, bool):
        raise ConfigError(f"cover_sheet must be true or false, not {value!r}", path=str(path),
                          line=line_of(text, r"^\s*cover_sheet\s*="))
    return value


def _unused(items: list[dict], ident: str, path: Path, line: int | None) -> list[tuple[int, int, str]]:
    """A source's passages that no edition uses: {lines = "154-241", reason = "..."}."""
    out = []
    for item in items:
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", str(item.get("lines", "")))
        if not match or not item.get("reason") or set(item) - {"lines", "reason"}:
            raise ConfigError(f"source {ident}: each unused passage needs lines = \"N\" or \"N-M\" and a reason",
                              path=str(path), line=line)
        first = int(match.group(1))
        out.append((first, int(match.group(2) or first), str(item["reason"])))
    return out


def _contents(items: list[dict], idents: tuple[str, ...], edition: str, path: Path, text: str,
              edition_line: int | None) -> list[ContentsEntry]:
    """The checked contents entries of one edition, with their lines in book.toml."""
    entries: list[ContentsEntry] = []
    search_from = edition_line or 1
    lines = text.split("\n")
    for item in items:
        # the line of this entry: the next [[edition.contents]] header after the previous one
        line = next((n for n in range(search_from, len(lines) + 1)
                     if lines[n - 1].strip() == "[[edition.contents]]"), None)
        search_from = (line or search_from) + 1
        for key in item:
            if key not in _CONTENTS_KEYS:
                raise ConfigError(f"unknown key {key!r} in a contents entry of edition {edition}",
                                  path=str(path), line=line, hint=f"allowed keys: {', '.join(_CONTENTS_KEYS)}")
        role = str(item.get("role", ""))
        if role not in CONTENTS_ROLES:
            raise ConfigError(f"contents entry of edition {edition}: unknown role {role!r}", path=str(path),
                              line=line, hint=f"roles: {', '.join(CONTENTS_ROLES)}")
        source = str(item.get("source", ""))
        if role != "notes" and source not in idents:
            raise ConfigError(f"contents entry of edition {edition}: source {source!r} is not one of the "
                              f"edition's sources", path=str(path), line=line,
                              hint=f"the edition's sources: {', '.join(idents)}")
        title = item.get("title", {})
        title = {"": title} if isinstance(title, str) else dict(title)
        if role != "notes" and not item.get("heading") and not title:
            raise ConfigError(f"contents entry of edition {edition}: give the heading that opens it, "
                              "or a title", path=str(path), line=line)
        entries.append(ContentsEntry(role, source, str(item.get("heading", "")), title,
                                     str(item.get("lang", "")), line))
    return entries


def _load_editorial(path: Path, sources: dict[str, SourceConfig]) -> list[dict[str, object]]:
    if not deps.exists(path):
        return []
    data, text = load_toml(path)
    entries: list[dict[str, object]] = []
    for kind, items in data.items():
        if kind not in _EDITORIAL_KEYS:
            raise ConfigError(f"unknown entry kind {kind!r}", path=str(path),
                              line=line_of(text, rf"^\s*\[+{re.escape(kind)}\]"),
                              hint=f"kinds: {', '.join(_EDITORIAL_KEYS)}")
        for nth, item in enumerate(items):
            _check_keys(item, _EDITORIAL_KEYS[kind], kind, path, text, nth)
            line = line_of(text, rf"^\s*match\s*=\s*\"{re.escape(str(item['match']))}\"")
            if item["source"] not in sources:
                raise ConfigError(f"{kind} entry names unknown source {item['source']!r}",
                                  path=str(path), line=line)
            entries.append({**item, "kind": kind, "_line": line})
    return entries
