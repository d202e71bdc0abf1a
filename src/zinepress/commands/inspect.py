"""zinepress inspect: one source's blocks and what the cleaning rules did to them."""

from __future__ import annotations

import argparse

from zinepress.bookfiles.config import load_book
from zinepress.editor.inspect import format_inspection, inspect_source


def run(args: argparse.Namespace) -> int:
    print(format_inspection(inspect_source(load_book(args.book), args.source), args.all), end="")
    return 0
