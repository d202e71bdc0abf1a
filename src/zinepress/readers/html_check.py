"""Catch truncated or unbalanced HTML before reading it, naming the line."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from zinepress.errors import SourceError

# Elements that never close, and those whose end tag HTML lets a writer omit.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}
_OPTIONAL_END = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody"}
# Page containers: themes close one with the end tag of another (WordPress.com themes
# end <footer id="footer"> with </div><!-- #footer -->), and browsers show the page
# as meant; such an end tag closes the innermost open container, and nothing is lost.
_CONTAINERS = {"div", "section", "footer", "header", "article", "aside", "nav", "main"}


class _Balance(HTMLParser):
    def __init__(self, offset: int = 0) -> None:
        super().__init__(convert_charrefs=True)
        self.line_offset = offset            # lines of the file before the HTML (front matter)
        self.stack: list[tuple[str, int]] = []
        self.problem: tuple[str, int] | None = None

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if self.problem or tag in _VOID:
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in _OPTIONAL_END:
            self.stack.pop()
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
        elif self.stack and tag in _CONTAINERS and self.stack[-1][0] in _CONTAINERS:
            self.stack.pop()
        elif tag in _OPTIONAL_END and any(t == tag for t, _ in self.stack):
            # </p> while an element opened inside that <p> is still open: misnested
            inner, inner_line = self.stack[-1]
            self.problem = (f"</{tag}> closes <{tag}> while <{inner}> opened on line "
                            f"{inner_line + self.line_offset} inside it is still open", self.getpos()[0])
        elif tag not in _OPTIONAL_END:
            opened = f"<{self.stack[-1][0]}> opened on line {self.stack[-1][1] + self.line_offset}" \
                if self.stack else "nothing open"
            self.problem = (f"</{tag}> does not close anything ({opened})", self.getpos()[0])


def check_balanced(html: str, path: Path, offset: int = 0) -> None:
    """Raise SourceError when an element is closed wrongly or left open at the end."""
    parser = _Balance(offset)
    parser.feed(html)
    parser.close()
    if parser.problem:
        message, line = parser.problem
        raise SourceError(f"unbalanced HTML: {message}", path=str(path), line=line + offset,
                          hint="the file may be truncated or hand-edited; compare it with the original")
    unclosed = [(t, n) for t, n in parser.stack if t not in _OPTIONAL_END]
    if unclosed:
        tag, line = unclosed[-1]
        raise SourceError(f"truncated HTML: <{tag}> opened here is never closed", path=str(path),
                          line=line + offset, hint="the file may have been cut off while saving")
