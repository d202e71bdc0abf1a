"""zinepress order propose: a proposed reading order for a shuffled source."""

from __future__ import annotations

import argparse
import sys

from zinepress.bookfiles.config import load_book
from zinepress.editor.book_references import book_translations, language
from zinepress.editor.order_proposal import (
    confidence_summary,
    format_proposal,
    propose_order,
)
from zinepress.errors import ZinepressError
from zinepress.model import Source
from zinepress.readers import reader_for


def run(args: argparse.Namespace) -> int:
    config = load_book(args.book)
    references = list(dict.fromkeys(args.reference or []))
    read: dict[str, Source] = {}

    def source(ident: str) -> Source:
        if ident not in config.sources:
            raise ZinepressError(f"no source {ident!r} in book.toml", path=str(args.book / "book.toml"),
                                 hint=f"sources: {', '.join(config.sources)}")
        if ident not in read:
            cfg = config.sources[ident]
            read[ident] = reader_for(cfg.kind)(cfg.file, ident, cfg.lang)
        return read[ident]

    for ident in [args.source, *references]:
        source(ident)
    # a reference in the source's language is read word for word; one in another
    # language is a translation, read for its anchors (numbers, Latin-script names)
    same = [r for r in references if language(read[r].lang) == language(read[args.source].lang)]
    translations = [r for r in references if r not in same]
    if len(same) > 1:
        raise ZinepressError(f"several references in the language of {args.source}: {', '.join(same)}",
                             path=str(args.book / "book.toml"),
                             hint="give one --reference in the source's language; the others may be "
                                  "translations (sources in another language)")
    reference = same[0] if same else None
    from_book = ""
    if not translations and not args.no_translations:
        found = book_translations(config, read[args.source], source)
        translations = list(found.read)
        from_book = f"book.toml, edition{'s' if len(found.editions) > 1 else ''} {', '.join(found.editions)}"
        if found.describe():
            print(found.describe(), file=sys.stderr)
    entries = propose_order(read[args.source], read.get(reference) if reference else None,
                            translations=[read[t] for t in translations])
    print(format_proposal(entries, args.source, reference, translations,
                          translations_from=from_book if translations else ""), end="")
    print(confidence_summary(entries), file=sys.stderr)
    return 0
