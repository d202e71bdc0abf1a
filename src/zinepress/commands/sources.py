"""zinepress sources: each source's kind, size, encoding, blocks, and stray files."""

from __future__ import annotations

import argparse

from ..config import load_book
from ..inspection import describe_sources, format_sources


def run(args: argparse.Namespace) -> int:
    print(format_sources(*describe_sources(load_book(args.book))), end="")
    return 0
