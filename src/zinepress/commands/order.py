"""zinepress order propose: a proposed reading order for a shuffled source."""

from __future__ import annotations

import argparse
import sys

from zinepress.bookfiles.config import load_book
from zinepress.editor.order_proposal import (
    confidence_summary,
    format_proposal,
    propose_order,
)
from zinepress.errors import ZinepressError
from zinepress.readers import reader_for


def run(args: argparse.Namespace) -> int:
    config = load_book(args.book)
    read = {}
    for ident in filter(None, (args.source, args.reference)):
        if ident not in config.sources:
            raise ZinepressError(f"no source {ident!r} in book.toml", path=str(args.book / "book.toml"),
                                 hint=f"sources: {', '.join(config.sources)}")
        cfg = config.sources[ident]
        read[ident] = reader_for(cfg.kind)(cfg.file, ident, cfg.lang)
    entries = propose_order(read[args.source], read.get(args.reference))
    print(format_proposal(entries, args.source, args.reference), end="")
    print(confidence_summary(entries), file=sys.stderr)
    return 0
