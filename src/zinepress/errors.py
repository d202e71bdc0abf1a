"""The error tree: every error a user can cause is a ZinepressError (exit 2).

Anything else that escapes is a bug (exit 1). The CLI catches both at the top.
"""

from __future__ import annotations


class ZinepressError(Exception):
    """An error in the user's input or environment, reported without a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __reduce__(self):
        """Pickled whole (a worker process raises it, the build reports it)."""
        return _rebuild, (type(self), self.message, self.path, self.line, self.hint)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def _rebuild(kind: type[ZinepressError], message: str, path: str | None, line: int | None,
             hint: str | None) -> ZinepressError:
    return kind(message, path=path, line=line, hint=hint)


class ConfigError(ZinepressError):
    """book.toml or another file in book/ is missing, unreadable or wrong."""


class SourceError(ZinepressError):
    """A source file is missing or cannot be read."""


class EditorialError(ZinepressError):
    """An editorial entry in book/ matches no text, or more than it should."""


class AuditError(ZinepressError):
    """The audit found a sentence missing from, or doubled in, an edition."""


class OutputError(ZinepressError):
    """An output could not be written, or failed its check."""


class EnvironmentProblem(ZinepressError):
    """Something the build needs is not installed (a font, Java, a program)."""
