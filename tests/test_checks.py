"""EPUBCheck in one warm JVM: zinepress.checks.epubcheck.EpubCheckService and run_epubcheck.

The EPUBs are tiny ones made here: a valid one, and copies broken on purpose
(a file the OPF names is missing; a chapter that is not well-formed XML).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from zinepress.checks import epubcheck as checks
from zinepress.checks.epubcheck import CheckResult, EpubCheckService, report_messages, run_epubcheck
from zinepress.errors import EnvironmentProblem

pytestmark = pytest.mark.e2e          # EPUBCheck's JVM, or books built with the real command line

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:6f1c3c1e-8a4e-4c51-9a43-2d1f0b7e5a10</dc:identifier>
    <dc:title>A Test</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="chapter" href="chapter.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine>
    <itemref idref="chapter"/>
  </spine>
</package>
"""

NAV = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>Contents</title></head>
<body>
  <nav epub:type="toc"><ol><li><a href="chapter.xhtml">A chapter</a></li></ol></nav>
</body>
</html>
"""

CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head><title>A chapter</title></head>
<body><h1>A chapter</h1><p>Some text.</p></body>
</html>
"""


def make_epub(path: Path, *, leave_out: str = "", replace: dict[str, str] | None = None) -> Path:
    """A minimal EPUB 3 at path; leave_out names a file to omit, replace maps a
    file name to other contents."""
    files = {"META-INF/container.xml": CONTAINER, "EPUB/content.opf": OPF,
             "EPUB/nav.xhtml": NAV, "EPUB/chapter.xhtml": CHAPTER, **(replace or {})}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip",
                         compress_type=zipfile.ZIP_STORED)
        for name, text in files.items():
            if name != leave_out:
                archive.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture(scope="module")
def epubs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epubs")
    return {
        "good": make_epub(folder / "good.epub"),
        "missing": make_epub(folder / "missing.epub", leave_out="EPUB/chapter.xhtml"),
        "malformed": make_epub(folder / "malformed.epub",
                               replace={"EPUB/chapter.xhtml": CHAPTER.replace("</p>", "")}),
        "good copy": make_epub(folder / "good copy (2).epub"),
    }


@pytest.fixture(scope="module")
def service():
    with EpubCheckService() as service:
        yield service


def ids(result: CheckResult) -> set[str]:
    return {message.split()[1] for message in result.messages}


def test_a_good_epub_passes(service, epubs):
    result = service.submit(epubs["good"]).result(timeout=300)
    assert result == CheckResult("EPUBCheck", True, [])
    assert result.summary() == "EPUBCheck: 0 errors, 0 warnings"


def test_a_missing_file_fails_with_its_message_id(service, epubs):
    result = service.submit(epubs["missing"]).result(timeout=300)
    assert not result.passed
    assert "RSC-001" in ids(result)
    (message,) = [m for m in result.messages if " RSC-001 " in m]
    assert message == ('ERROR RSC-001 missing.epub/EPUB/chapter.xhtml: '
                       'File "EPUB/chapter.xhtml" could not be found.')
    assert result.summary() == f"EPUBCheck: {len(result.messages)} problems"


def test_malformed_xhtml_fails(service, epubs):
    result = service.submit(epubs["malformed"]).result(timeout=300)
    assert not result.passed
    assert any(m.startswith(("FATAL RSC-016 malformed.epub/EPUB/chapter.xhtml:",
                             "ERROR RSC-016 malformed.epub/EPUB/chapter.xhtml:"))
               for m in result.messages), result.messages


def test_several_at_once_from_several_threads(service, epubs):
    names = ["good", "missing", "good copy", "malformed"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = list(pool.map(lambda name: service.submit(epubs[name]), names))
    results = [future.result(timeout=300) for future in futures]
    assert [r.passed for r in results] == [n.startswith("good") for n in names]
    assert results[1] == results[5] and "RSC-001" in ids(results[1])
    assert "RSC-016" in ids(results[3])


def test_the_warm_up_epub_is_valid(service, tmp_path):
    epub = checks._write_warm_up_epub(tmp_path / "warm-up.epub")
    assert service.submit(epub).result(timeout=300) == CheckResult("EPUBCheck", True, [])


def test_a_service_used_for_nothing_closes_without_finishing_its_warm_up():
    started = time.monotonic()
    with EpubCheckService() as service:
        pass
    assert time.monotonic() - started < 3
    assert service._process.returncode is not None


def test_run_epubcheck_checks_one_epub(epubs):
    result = run_epubcheck(epubs["missing"])
    assert not result.passed and "RSC-001" in ids(result)


def test_closing_lets_the_jvm_finish_and_cleans_up(epubs):
    service = EpubCheckService()
    future = service.submit(epubs["good"])
    reports = Path(service._reports.name)
    service.close()
    assert future.done() and future.result().passed
    assert service._process.returncode == 0
    assert not reports.exists()
    service.close()                                     # a second close does nothing
    with pytest.raises(RuntimeError):
        service.submit(epubs["good"])


def test_closing_does_not_wait_for_processes_forked_meanwhile(epubs):
    """A process pool forked while the service runs keeps a copy of the JVM's stdin:
    close() must end the JVM all the same."""
    service = EpubCheckService()
    child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(120,))
    child.start()
    try:
        future = service.submit(epubs["good"])
        started = time.monotonic()
        service.close()
        assert time.monotonic() - started < 100
        assert future.result().passed
        assert service._process.returncode == 0
    finally:
        child.kill()
        child.join()


def test_a_dead_jvm_fails_the_futures_instead_of_hanging(epubs):
    with EpubCheckService() as service:
        service._process.kill()
        service._process.wait()
        futures = [service.submit(epubs["good"]) for _ in range(2)]
        for future in futures:
            with pytest.raises(EnvironmentProblem) as caught:
                future.result(timeout=60)
            assert "EPUBCheck's JVM ended (exit status -9)" in str(caught.value)
            assert "good.epub" in str(caught.value)
            assert "scripts/setup" in str(caught.value)


def test_leaving_on_an_exception_ends_the_jvm_at_once(epubs):
    with pytest.raises(KeyboardInterrupt), EpubCheckService() as service:
        future = service.submit(epubs["good"])
        raise KeyboardInterrupt
    with pytest.raises(EnvironmentProblem, match="closed before it checked"):
        future.result(timeout=60)


@pytest.mark.parametrize("missing", ["java", "javac"])
def test_missing_java_is_an_environment_problem(monkeypatch, missing):
    which = checks.shutil.which
    monkeypatch.setattr(checks.shutil, "which", lambda name: None if name == missing else which(name))
    with pytest.raises(EnvironmentProblem) as caught:
        EpubCheckService()
    assert caught.value.hint and "scripts/setup" in caught.value.hint
    assert missing in str(caught.value) or "Java" in str(caught.value)


def test_report_messages_name_every_place():
    data = {"checker": {"filename": "book.epub"},
            "messages": [
                {"ID": "RSC-005", "severity": "ERROR", "message": "Error while parsing file.",
                 "locations": [{"path": "EPUB/a.xhtml", "line": 3, "column": 7},
                               {"path": "EPUB/b.xhtml", "line": -1, "column": -1}]},
                {"ID": "PKG-010", "severity": "WARNING", "message": "Spaces in the name.",
                 "locations": []},
            ]}
    assert report_messages(data) == [
        "ERROR RSC-005 book.epub/EPUB/a.xhtml:3:7: Error while parsing file.",
        "ERROR RSC-005 book.epub/EPUB/b.xhtml: Error while parsing file.",
        "WARNING PKG-010 book.epub: Spaces in the name.",
    ]


def test_the_java_runner_ships_with_the_package():
    from importlib import resources
    assert (resources.files("zinepress") / "java" / "BatchCheck.java").is_file()


def test_submit_is_safe_from_many_threads(service, epubs):
    barrier = threading.Barrier(6)

    def submit():
        barrier.wait()
        return service.submit(epubs["good"])

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(submit) for _ in range(6)]
    assert all(f.result().result(timeout=300).passed for f in futures)
