"""`zinepress new DIR`: a new book folder, ready for its first source.

DIR/book/book.toml (commented: data/new/book.toml.j2), an empty
DIR/seeds/, an empty DIR/book/order/ (where `zinepress order propose ID >
book/order/ID.toml` saves a shuffled source's order) and a short guide, DIR/README.md (data/new/README.md.j2): the tool's
own templates (resources.NEW_BOOK_FILES), not a book's.
Building it at once fails with a message naming the first source to add.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from zinepress.errors import ZinepressError
from zinepress.render.html import make_environment
from zinepress.resources import NEW_BOOK_FILES

FILES = {"book/book.toml": "book.toml.j2", "README.md": "README.md.j2"}


def new_book(folder: Path, title: str, lang: str, templates_dir: Path = NEW_BOOK_FILES) -> list[Path]:
    """Write a new book folder at folder (which must be absent or empty); return the
    files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ZinepressError("this folder is not empty; a new book needs a folder of its own",
                             path=str(folder), hint="name a new folder: zinepress new my-zine")
    if '"' in title or "\n" in title:
        raise ZinepressError(f"the title {title!r} holds a quotation mark or a line break",
                             hint="give it without; edit book/book.toml afterwards for anything more")
    env = make_environment(templates_dir)
    context = {"title": title, "lang": lang, "year": datetime.date.today().year}
    written = []
    try:
        (folder / "seeds").mkdir(parents=True, exist_ok=True)
        (folder / "book" / "order").mkdir(parents=True, exist_ok=True)
        for name, template in FILES.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(env.get_template(template).render(**context), encoding="utf-8")
            written.append(path)
    except OSError as error:
        raise ZinepressError(f"cannot write the new book: {error.strerror}", path=str(folder),
                             hint="choose a folder you can write to") from None
    return written
