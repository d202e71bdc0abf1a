"""The command line: parse the arguments, run the command's module (commands/), and turn
its errors into a message and an exit status.

Exit status: 0 success, 2 an error in the input or environment (a clear
message, no traceback), 1 a bug in zinepress (traceback with --debug),
130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import traceback
from pathlib import Path

from zinepress.commands.build import DEFAULT_CACHE
from zinepress.errors import ZinepressError
from zinepress.formats import FORMATS

EXAMPLES = {
    "build": "example: zinepress build --edition zh-Hans --format epub --format pdf --no-check",
    "check": "example: zinepress check --out dist",
    "report": "example: zinepress report --open",
    "new": "example: zinepress new ../my-zine --title \"Print Night\" --lang en",
    "preview": "example: zinepress preview --edition zh-Hans   (then open the address it prints)",
    "order": "example: zinepress order propose 003 --reference 002 > proposal.toml; "
             "diff book/order/003.toml proposal.toml   (the book's translations, 000 and 001, "
             "are read too)",
    "variants": "example: zinepress variants diff --edition zh-Hant --toml > new.toml; then paste "
                "the right lines under [s2tw.accept] in book/variants.toml",
    "sources": "example: zinepress sources --book book",
    "inspect": "example: zinepress inspect 001 | grep removed; "
               "zinepress inspect seeds/003_4035574dc5f78640.txt --all",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zinepress",
                                     description="Turn messy sources into a finished book.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for every error")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build editions into the output folder",
                                description="Read the sources named in book/book.toml, clean them, "
                                            "write every edition and format, check the EPUBs with "
                                            "EPUBCheck, audit the text and write report.json and "
                                            "report.html. Outputs whose inputs did not change since "
                                            "the last build are taken from the cache; the rest are "
                                            "made in parallel, one worker per core.",
                                epilog=EXAMPLES["build"])
    build.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    build.add_argument("--edition", action="append", default=[], metavar="NAME",
                       help="build only this edition (repeatable; default: all)")
    build.add_argument("--format", action="append", default=[], choices=list(FORMATS),
                       help="build only this format (repeatable; default: each edition's formats)")
    build.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    build.add_argument("--no-check", action="store_true", help="skip EPUBCheck (quicker proofs)")
    build.add_argument("--cache", type=Path, default=None, metavar="DIR",
                       help=f"the build cache (default: {DEFAULT_CACHE} beside book/; safe to delete)")
    build.add_argument("--no-cache", action="store_true", help="make every output, use no cache")
    build.add_argument("--jobs", type=int, default=0, metavar="N",
                       help="worker processes (default: one per core; 1: all in this process)")
    build.add_argument("--verbose", action="store_true", help="say what every step does, also off a terminal")
    build.add_argument("--debug", action="store_true", help="show tracebacks for every error")

    check = commands.add_parser("check", help="check the EPUBs in the output folder again",
                                description="Run EPUBCheck and the audit on the EPUBs the last build "
                                            "put in the output folder, as the build does, and say "
                                            "what they found. Exit status 2 when a check fails.",
                                epilog=EXAMPLES["check"])
    check.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    check.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    check.add_argument("--debug", action="store_true", help="show tracebacks for every error")

    report = commands.add_parser("report", help="print the summary of the last build's report, or open it",
                                 description="Print what the last build wrote, its checks, its audit "
                                             "and its removals per rule, from OUT/report.json; with "
                                             "--open, open OUT/report.html in the web browser.",
                                 epilog=EXAMPLES["report"])
    report.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    report.add_argument("--open", action="store_true", help="open report.html in the web browser")
    report.add_argument("--debug", action="store_true", help="show tracebacks for every error")

    order = commands.add_parser("order", help="help put a shuffled source in order",
                                description="Tools for book/order/<id>.toml, the reading order of a "
                                            "source whose fragments were shuffled.")
    order_commands = order.add_subparsers(dest="order_command", required=True)
    propose = order_commands.add_parser(
        "propose", help="print a proposed reading order, in book/order/<id>.toml's format",
        description="Propose a reading order for SOURCE from the evidence a machine can read "
                    "(a reference text, translations' anchors, words cut in two, sentences running across cuts, the "
                    "source's own order, page numbers) and print it as an order file, to start "
                    "from or to diff against the editors' file. A helper, not the authority.",
        epilog=EXAMPLES["order"])
    propose.add_argument("source", metavar="SOURCE", help="the id of the source in book.toml (e.g. 003)")
    propose.add_argument("--reference", metavar="SOURCE", action="append",
                         help="the id of a source with some of the same text in order (e.g. 002); "
                              "give it again for more: one in the source's language is read word for "
                              "word, one in another language is a translation, read for its numbers "
                              "and Latin-script names (e.g. --reference 000 --reference 001, the "
                              "translations in reading order). When none is a translation, the "
                              "book's translations are read: book.toml's sources in another language "
                              "that an edition uses, in that edition's order, each sharing at least "
                              "five anchors with SOURCE")
    propose.add_argument("--no-translations", action="store_true",
                         help="do not read the book's translations (those found in book.toml when no "
                              "--reference names one)")
    propose.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    propose.add_argument("--debug", action="store_true", help="show tracebacks for every error")

    sources = commands.add_parser("sources", help="list the sources: kind, size, encoding, blocks",
                                  description="List each source of book/book.toml: its file, its declared "
                                              "kind and the kind its content looks like (≠ marks a "
                                              "mismatch), size, encoding, lines, the blocks its reader "
                                              "gives, the blocks left after cleaning and the removals; "
                                              "then the files in seeds/ that book.toml does not name.",
                                  epilog=EXAMPLES["sources"])
    sources.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    sources.add_argument("--debug", action="store_true", help="show tracebacks for every error")

    inspect = commands.add_parser("inspect", help="show one source's blocks and what the cleaning rules did",
                                  description="Show each block of SOURCE as its reader gives it: index, "
                                              "line range, kind, the start of its text, and which cleaning "
                                              "rules removed or edited it; then a tally by rule.",
                                  epilog=EXAMPLES["inspect"])
    inspect.add_argument("source", metavar="SOURCE",
                         help="the id of the source in book.toml (e.g. 001), or its file")
    inspect.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    inspect.add_argument("--all", action="store_true", help="print the full text of each block")
    inspect.add_argument("--debug", action="store_true", help="show tracebacks for every error")

    variants = commands.add_parser("variants", help="review OpenCC's word-level choices",
                                   description="Tools for book/variants.toml, the editors' review of the "
                                               "choices OpenCC makes for the editions it converts, and "
                                               "book/glossary.toml, the terms that override them.")
    variants_commands = variants.add_subparsers(dest="variants_command", required=True)
    diff = variants_commands.add_parser(
        "diff", help="list every change OpenCC makes beyond one-to-one character mapping",
        description="List, for each edition converted by OpenCC, every change beyond one-to-one "
                    "character mapping (phrases, localised words, characters with several traditional "
                    "forms), simplified → traditional, with its count and a sentence it stands in, "
                    "marked ok when book/variants.toml accepts it and NEW when nobody reviewed it; "
                    "then the glossary's terms with their counts. The build fails on a NEW change.",
        epilog=EXAMPLES["variants"])
    diff.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    diff.add_argument("--edition", action="append", default=[], metavar="NAME",
                      help="only this edition (repeatable; default: every edition with opencc)")
    diff.add_argument("--toml", action="store_true",
                      help="print only the changes nobody reviewed, in book/variants.toml's form")
    diff.add_argument("--all", action="store_true", help="print every sentence each change stands in")
    diff.add_argument("--debug", action="store_true", help="show tracebacks for every error")
    new = commands.add_parser("new", help="start a new book folder",
                              description="Make DIR with a commented book/book.toml, an empty seeds/ "
                                          "and a short guide (README.md). Building it at once says "
                                          "which source to add first.",
                              epilog=EXAMPLES["new"])
    new.add_argument("folder", type=Path, metavar="DIR", help="the new book's folder (absent or empty)")
    new.add_argument("--title", default="My Zine", help="the book's title (default: My Zine)")
    new.add_argument("--lang", default="en",
                     help="the language of its first edition, as a BCP 47 tag (default: en; e.g. zh-Hans)")
    new.add_argument("--debug", action="store_true", help="show tracebacks for every error")

    preview = commands.add_parser("preview", help="serve an edition as a web page that follows your edits",
                                  description="Serve the edition's text as a web page on 127.0.0.1, notes "
                                              "clickable, with a button for the print page view. When a "
                                              "source, a book/ file, a template or a style changes, the "
                                              "page is made again (only what changed) and reloads in the "
                                              "browser. Ctrl-C stops it.",
                                  epilog=EXAMPLES["preview"])
    preview.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    preview.add_argument("--edition", metavar="NAME", help="the edition (default: the first in book.toml)")
    preview.add_argument("--port", type=int, default=0,
                         help="the port on 127.0.0.1 (default: 0, a free one)")
    preview.add_argument("--debug", action="store_true", help="show tracebacks for every error")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command argv names (default: the program's own arguments) and return
    its exit status."""
    status = _run(_parser().parse_args(argv))
    if argv is None:
        # The program itself (the console script, python -m zinepress): the process ends
        # next, so what the command holds (the book's text, the report) is left to the
        # operating system instead of being collected on the way out (20-30 ms after a
        # build). Callers that pass argv (the tests) keep collecting.
        gc.freeze()
    return status


def _run(args: argparse.Namespace) -> int:
    """The command's exit status: its own, or that of the error it raised."""
    try:
        # Only the command's own module is loaded (commands/): `build` forks its workers
        # before anything heavy is imported.
        command = importlib.import_module(f"zinepress.commands.{args.command}")
        return command.run(args)
    except ZinepressError as err:
        if args.debug:
            traceback.print_exc()
        print(f"zinepress: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("zinepress: interrupted; outputs already in place are untouched", file=sys.stderr)
        return 130
    except BrokenPipeError:             # `zinepress report | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # a bug: say so plainly
        if args.debug:
            traceback.print_exc()
        else:
            print(f"zinepress: internal error: {sys.exc_info()[1]!r}\n"
                  "  this is a bug in zinepress; run again with --debug for the traceback",
                  file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
