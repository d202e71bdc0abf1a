"""zinepress check: EPUBCheck and the audit again on the EPUBs in the output folder."""

from __future__ import annotations

import argparse

from zinepress.bookfiles.config import load_book
from zinepress.checks.outputs import check_outputs
from zinepress.errors import ZinepressError


def run(args: argparse.Namespace) -> int:
    config = load_book(args.book)
    problems = check_outputs(config, args.out, print)
    if problems:
        raise ZinepressError(f"{problems} EPUB{'s' if problems > 1 else ''} failed the checks", path=str(args.out),
                             hint="see the messages above; zinepress build makes them again")
    return 0
