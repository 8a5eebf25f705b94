"""Headless Chromium driven over the Chrome DevTools Protocol, for tests that look at a page as a
person would: screenshots, console messages, every network request, DOM queries, JavaScript off.

The protocol runs over one WebSocket (the ``websockets`` library's synchronous client); Chromium
is Debian's ``chromium`` package (``apt-get install chromium``, done by .ci/run). Each browser gets
a fresh profile directory and the flags that keep it from calling home. Every wait is bounded.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--remote-debugging-port=0"]
START_TIMEOUT = 60  # seconds; a cold start on a busy 2-core machine
CALL_TIMEOUT = 60


def executable() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser")) if p), None)


class BrowserError(Exception):
    pass


@dataclass
class Page:
    browser: "Chromium"
    session: str
    console: list[str] = field(default_factory=list)  # error-level console messages, exceptions, CSP reports
    requests: list[str] = field(default_factory=list)  # every URL the page asked for

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.browser.call(method, params, self.session)

    def evaluate(self, expression: str):
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in res:
            raise BrowserError(f"evaluate failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        """The whole page, not only the viewport, as PNG."""
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000), "scale": 1}
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf(self, path: Path) -> Path:
        """Printed with the page's own print stylesheet (its @page size)."""
        data = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.browser.targets.pop(self.session)})


class Chromium:
    def __init__(self, profile: Path, exe: str | None = None):
        from websockets.sync.client import connect

        exe = exe or executable()
        if exe is None:
            raise BrowserError("chromium not installed")
        profile.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.is_file() and len(port_file.read_text().split()) >= 2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                raise BrowserError("chromium did not start")
            time.sleep(0.1)
        port, path = port_file.read_text().split()[:2]
        self.ws = connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=START_TIMEOUT)
        self.ids = itertools.count(1)
        self.pages: dict[str, Page] = {}
        self.targets: dict[str, str] = {}
        self.events: list[dict] = []

    # ------------------------------------------------------------------ protocol

    def _dispatch(self, msg: dict) -> None:
        page = self.pages.get(msg.get("sessionId", ""))
        method, params = msg.get("method"), msg.get("params", {})
        if page is not None:
            if method == "Network.requestWillBeSent":
                page.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
                page.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                page.console.append(json.dumps(params["exceptionDetails"], ensure_ascii=False)[:500])
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                page.console.append(params["entry"].get("text", ""))
        self.events.append(msg)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        ident = next(self.ids)
        msg = {"id": ident, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + CALL_TIMEOUT
        while True:
            reply = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._dispatch(reply)

    def wait_for(self, method: str, session: str) -> dict:
        for i, msg in enumerate(self.events):
            if msg.get("method") == method and msg.get("sessionId") == session:
                return self.events.pop(i)
        deadline = time.monotonic() + CALL_TIMEOUT
        while True:
            msg = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if msg.get("method") == method and msg.get("sessionId") == session:
                self._dispatch(msg)
                return msg
            self._dispatch(msg)

    # ------------------------------------------------------------------ pages

    def open(self, url: str, javascript: bool = True, width: int = 1200, height: int = 900) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        self.pages[session] = page
        self.targets[session] = target
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        if not javascript:
            page.call("Emulation.setScriptExecutionDisabled", {"value": True})
        page.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        page.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired", session)
        page.evaluate("0")  # let queued console and network events arrive
        return page

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.ws.close()
        finally:
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
