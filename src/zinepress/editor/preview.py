"""`zinepress preview`: one edition as a web page on 127.0.0.1, kept up to date as
the editor works.

The page (data/preview/preview.html.j2, with the book's templates for its
blocks) is the edition's text as the EPUB has it, notes clickable (call → note
→ back), in one document; a button switches between the screen stylesheet
(data/preview/preview.css) and the print edition's (the book's print.css on an
A5-wide page, data/preview/preview-print.css). The preview's own files are the
tool's (resources.PREVIEW_FILES), not the book's. A watch on
the book's files (its sources, book/, templates/, styles/) makes again only
what a change touches: a changed source is read and cleaned again, the
others are kept; the edition's text and the page are made again; a changed
stylesheet needs no rebuild at all. The page asks the server for the current
version twice a second (data/preview/preview.js) and reloads when it changed.
A mistake in the sources or book/ is shown on the page, with the message the
build would give, until it is mended.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from zinepress.bookfiles.config import BookConfig, load_book
from zinepress.changes import ChangeLog
from zinepress.errors import ConfigError, ZinepressError
from zinepress.model import Source
from zinepress.pipeline import edition_text, needed_sources, read_and_clean
from zinepress.render.html import chapter_views, make_environment, table_of_contents
from zinepress.resources import PREVIEW_FILES, book_styles, book_templates
from zinepress.text.cjk import is_chinese
from zinepress.writers.fonts import FACES, cjk_region, find_face

WATCH_SECONDS = 0.3                  # how often the files are looked at
PAGE_TEMPLATE = "preview.html.j2"
ERROR_TEMPLATE = "preview-error.html.j2"
SCRIPT = "preview.js"                # in PREVIEW_FILES: the page's toggle and reload


@dataclass(slots=True)
class CleanedSource:
    digest: str                      # of the file's bytes, when it was read
    cleaned: Source


@dataclass
class PreviewState:
    """What the server shows: the page, its version, and what it was made from."""

    book_dir: Path
    edition: str | None
    templates_dir: Path            # the book's (resources.book_templates)
    styles_dir: Path
    page: bytes = b""
    version: int = 0
    error: str = ""
    edition_name: str = ""
    fonts: dict[str, Path] = field(default_factory=dict)
    sources: dict[str, CleanedSource] = field(default_factory=dict)
    change: str = ""                                      # what the last change made again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        """Make the page again from the files as they are now; a mistake in them
        becomes the page (the previous sources are kept for the next try)."""
        try:
            config = load_book(self.book_dir)
            edition = _edition(config, self.edition)
            cleaned, reread = self._cleaned(config, edition)
            text = edition_text(config, edition, cleaned, ChangeLog())
            page = self._render(text)
            error = ""
        except ZinepressError as problem:
            page, error, reread, edition = b"", str(problem), [], None
        except Exception as bug:   # noqa: BLE001 - a bug must not stop the watch; show it
            page, error, reread, edition = b"", f"internal error (a bug in zinepress): {bug!r}", [], None
        with self.lock:
            self.version += 1
            self.error = error
            self.change = (f"sources read again: {', '.join(reread)}; " if reread else "") + "page made again"
            if edition is not None:
                self.edition_name = edition.name
            self.page = page or self._render_error(error)

    def restyle(self) -> None:
        """A stylesheet changed: nothing to make, the page only reloads."""
        with self.lock:
            self.version += 1
            self.change = "a stylesheet: the page reloads"

    def _cleaned(self, config: BookConfig, edition) -> tuple[dict[str, Source], list[str]]:
        """The cleaned sources, reading and cleaning again only those whose bytes changed."""
        wanted = needed_sources(config, [edition])
        reread = []
        for ident in wanted:
            digest = hashlib.sha256(config.sources[ident].file.read_bytes()).hexdigest()
            known = self.sources.get(ident)
            if known is None or known.digest != digest:
                _, cleaned = read_and_clean(config, [ident], ChangeLog())
                self.sources[ident] = CleanedSource(digest, cleaned[ident])
                reread.append(ident)
        return {i: self.sources[i].cleaned for i in wanted}, reread

    def _render(self, text) -> bytes:
        region = cjk_region(text.lang)
        self.fonts = {key: find_face(face.family.format(cjk=region), face.style, face.package)
                      for key, face in FACES.items()}
        views = chapter_views(text, medium="epub")
        env = make_environment(PREVIEW_FILES, self.templates_dir)
        html = env.get_template(PAGE_TEMPLATE).render(
            edition=text, chapters=views, toc=table_of_contents(views), version=self.version + 1,
            chinese=is_chinese(text.lang), fonts={key: f"/fonts/{key}" for key in self.fonts})
        return html.encode("utf-8")

    def _render_error(self, error: str) -> bytes:
        env = make_environment(PREVIEW_FILES, self.templates_dir)
        return env.get_template(ERROR_TEMPLATE).render(version=self.version, error=error).encode("utf-8")


def _edition(config: BookConfig, name: str | None):
    if name is None:
        return config.editions[0]
    for edition in config.editions:
        if edition.name == name:
            return edition
    raise ConfigError(f"no edition named {name!r}", path=str(config.book_dir / "book.toml"),
                      hint=f"editions: {', '.join(e.name for e in config.editions)}")


# --- Watching the files ---------------------------------------------------------------


def _signature(folder: Path) -> dict[str, tuple[int, int]]:
    """path -> (size, modification time) of every file under folder."""
    found = {}
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            continue
    return found


class Watcher(threading.Thread):
    """Looks at the book's files every WATCH_SECONDS; on a change, rebuilds (or, for
    a stylesheet alone, has the page reload)."""

    def __init__(self, state: PreviewState) -> None:
        super().__init__(name="preview-watch", daemon=True)
        self.state = state
        self.stop = threading.Event()

    def _looked(self) -> tuple[dict, dict]:
        state = self.state
        text = _signature(state.book_dir) | _signature(state.templates_dir)
        try:
            config = load_book(state.book_dir)
            for source in config.sources.values():
                if source.file.is_file():
                    stat = source.file.stat()
                    text[str(source.file)] = (stat.st_size, stat.st_mtime_ns)
        except ZinepressError:
            pass                    # shown on the page by the rebuild
        return text, _signature(state.styles_dir)

    def run(self) -> None:
        text, styles = self._looked()
        while not self.stop.wait(WATCH_SECONDS):
            new_text, new_styles = self._looked()
            if new_text != text:
                self.state.rebuild()
            elif new_styles != styles:
                self.state.restyle()
            text, styles = new_text, new_styles


# --- Serving ----------------------------------------------------------------------------


def _handler(state: PreviewState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """/ the page; /__version its version; /styles/, /fonts/, /preview.js."""

        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            path = unquote(urlsplit(self.path).path)
            with state.lock:
                page, version, fonts = state.page, state.version, dict(state.fonts)
            if path in ("/", "/index.html"):
                self._send(page, "text/html; charset=utf-8")
            elif path == "/__version":
                self._send(str(version).encode("ascii"), "text/plain")
            elif path == f"/{SCRIPT}":
                self._file(PREVIEW_FILES / SCRIPT)
            elif path.startswith("/styles/"):
                name = Path(path).name      # the preview's own stylesheets, else the book's
                own = PREVIEW_FILES / name
                self._file(own if name.endswith(".css") and own.is_file() else state.styles_dir / name)
            elif path.startswith("/fonts/") and Path(path).name in fonts:
                self._file(fonts[Path(path).name])
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _file(self, path: Path) -> None:
            if not path.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self._send(path.read_bytes(), kind)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's name
            pass                    # quiet: the terminal shows what the watch does

    return Handler


def serve(book_dir: Path, edition: str | None, port: int, say) -> None:
    """Serve the preview on 127.0.0.1:port (0: a free port) until Ctrl-C."""
    root = Path(book_dir).resolve().parent         # the book's root, as load_book takes it
    state = PreviewState(Path(book_dir), edition, book_templates(root), book_styles(root))
    state.rebuild()
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), _handler(state))
    except OSError as error:
        raise ZinepressError(f"cannot serve the preview on port {port}: {error.strerror}",
                             hint="choose another port with --port, or --port 0 for a free one") from None
    watcher = Watcher(state)
    watcher.start()
    host, real_port = server.server_address[:2]
    say(f"preview of {state.edition_name or edition or 'the book'} at http://{host}:{real_port}/ "
        "(it reloads when a file changes; Ctrl-C stops it)")
    if state.error:
        say(f"the book has a mistake, shown on the page:\n{state.error}")
    last = state.version
    try:
        thread = threading.Thread(target=server.serve_forever, name="preview-http", daemon=True)
        thread.start()
        while thread.is_alive():
            time.sleep(0.2)
            if state.version != last:
                last = state.version
                say(f"changed: {state.error.splitlines()[0] if state.error else state.change}")
    except KeyboardInterrupt:
        pass                        # the way to stop it
    finally:
        watcher.stop.set()
        server.shutdown()
        server.server_close()
        say("preview stopped")
