"""Headless Chromium for the tests, driven over the DevTools protocol (websocket-client).

Debian's chromium (scripts/setup installs it), started as the machine's notes
advise: no sandbox (root), no GPU, no background networking, a new empty
profile. `Browser.evaluate` runs JavaScript in the page and returns its value.
"""

from __future__ import annotations

import itertools
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1000,1400")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One headless Chromium with one page."""

    def __init__(self) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="zinepress-chromium-", ignore_cleanup_errors=True)
        self.port = free_port()
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--remote-debugging-port={self.port}", f"--user-data-dir={self.profile.name}",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.socket = websocket.create_connection(self._page_socket(), timeout=30,
                                                  suppress_origin=True)
        self._ids = itertools.count(1)

    def _page_socket(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json") as answer:
                    pages = [t for t in json.load(answer) if t.get("type") == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("Chromium did not open its DevTools port")

    def call(self, method: str, **params) -> dict:
        ident = next(self._ids)
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def open(self, url: str) -> None:
        self.call("Page.enable")
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && document.body !== null")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 15) -> float:
        """Wait until expression is true in the page; return how long it took."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            try:
                if self.evaluate(expression):
                    return time.monotonic() - started
            except RuntimeError:
                pass                    # the page is between two loads
            time.sleep(0.1)
        raise TimeoutError(f"not true after {seconds} s: {expression}")

    def screenshot(self, path: Path) -> Path:
        import base64
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.profile.cleanup()
