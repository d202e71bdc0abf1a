"""zinepress sources: each source's kind, size, encoding, blocks, and stray files."""

from __future__ import annotations

import argparse

from zinepress.bookfiles.config import load_book
from zinepress.editor.inspect import describe_sources, format_sources


def run(args: argparse.Namespace) -> int:
    print(format_sources(*describe_sources(load_book(args.book))), end="")
    return 0
