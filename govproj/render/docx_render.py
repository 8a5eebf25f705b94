"""Render one form: a docxtpl template filled in a sandboxed, autoescaping jinja environment.

* Sandboxed: a user's template (``--templates DIR``) cannot reach Python internals.
* Autoescaped: ``& < > " '`` render as typed.
* A broken template is reported with its name, the paragraph number and the text around the
  error, never a traceback.
* No jinja tag may survive in the output; the output is deterministic (fixed timestamps
  inside the .docx) so a regenerated file diffs cleanly.
* Bounded: a template may run for ``TIME_LIMIT`` seconds and build strings of at most
  ``MAX_STRING`` characters; a user's template is checked like an attachment (zip member sizes)
  before it is opened. Whatever a template does wrong — include/import of a path, division by
  zero, a runaway loop — is reported as a ``TemplateProblem`` naming the template.
* Values are text: a project named ``数据中台{{二期}}`` renders as typed (the markers in values
  are swapped for private-use characters while the template runs, and swapped back after).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from govproj.render.values import Tracker, wrap

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
TIME_LIMIT = 30  # seconds for one form; the built-in forms take well under one
MAX_STRING = 1_000_000  # characters one expression may build (“'x' * 10**9” is refused)
_MARKERS = {"{{": "\ue000", "}}": "\ue001", "{%": "\ue002", "%}": "\ue003", "{#": "\ue004", "#}": "\ue005"}
_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}")


class TemplateProblem(Exception):
    """A template cannot be rendered; the message is Chinese and names the template."""


@dataclass
class Rendered:
    form: str
    path: Path
    missing: list[str] = field(default_factory=list)
    control: list[tuple[str, str]] = field(default_factory=list)
    missing_keys: list[str] = field(default_factory=list)  # the dossier keys to fill: project.yaml: engineering_cost


@lru_cache(maxsize=1)
def _environment():
    """One sandboxed environment for every form (it holds no state between renders)."""
    from jinja2.sandbox import SandboxedEnvironment

    class Bounded(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "+"])

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
                raise TemplateProblemInner("乘方的指数过大")
            if operator == "*" and isinstance(left, (str, list)) and isinstance(right, int) and len(left) * right > MAX_STRING:
                raise TemplateProblemInner(f"表达式生成的文字超过 {MAX_STRING:,} 个字符")
            if operator == "*" and isinstance(right, (str, list)) and isinstance(left, int) and len(right) * left > MAX_STRING:
                raise TemplateProblemInner(f"表达式生成的文字超过 {MAX_STRING:,} 个字符")
            return super().call_binop(context, operator, left, right)

    env = Bounded(autoescape=True, keep_trailing_newline=True)
    env.filters["default_text"] = lambda v, text="": v if v else text
    return env


class TemplateProblemInner(Exception):
    """Raised inside a running template (a limit was hit); becomes a TemplateProblem."""


def _protect(value, hits: list | None = None):
    """Values with template markers (“数据中台{{二期}}”) are text: swap the markers for private-use
    characters while the template runs; ``hits`` gets an entry for each value changed."""
    if isinstance(value, str):
        if "{" not in value and "}" not in value:  # every marker has a brace
            return value
        before = value
        for marker, char in _MARKERS.items():
            value = value.replace(marker, char)
        if hits is not None and value != before:
            hits.append(before)
        return value
    if isinstance(value, dict):
        return {k: _protect(v, hits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_protect(v, hits) for v in value)
    return value


def _restore(xml: bytes) -> bytes:
    for marker, char in _MARKERS.items():
        xml = xml.replace(char.encode("utf-8"), marker.encode("utf-8"))
    return xml


class _time_limit:
    """At most ``seconds`` for the block (main thread only: elsewhere no limit is set)."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        self.active = False

    def __enter__(self):
        import signal
        import threading

        if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM"):
            def expired(signum, frame):
                raise TemplateProblemInner(f"运行超过 {self.seconds} 秒（可能是循环过多）")

            self.previous = signal.signal(signal.SIGALRM, expired)
            self.left = signal.getitimer(signal.ITIMER_REAL)
            if self.left[0] and self.left[0] < self.seconds:  # an outer limit comes first: keep it
                signal.signal(signal.SIGALRM, self.previous)
                return self
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.active = True
        return self

    def __exit__(self, *exc):
        if self.active:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


def _paragraph_text(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)


def render_form(template: Path, context: dict, out: Path, form_id: str, when: datetime | None = None,
                images: dict | None = None, fit: bool = True) -> Rendered:
    from docxtpl import DocxTemplate, InlineImage
    from docx.shared import Mm
    from jinja2 import TemplateError

    tracker = Tracker()
    _check_template_file(template)
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a file that is not a .docx
        raise TemplateProblem(f"模板 {template.name} 不是有效的 .docx 文件，无法打开") from None
    hits: list = []
    protected = _protect(context, hits)
    wrapped = {k: wrap(v, k, tracker) for k, v in protected.items()}
    if images is not None and not isinstance(images, dict):  # drawn only for a form that shows a chart
        images = images.images() if _mentions(template, "charts") else {}
    charts = {}
    for name, (path, width_mm) in (images or {}).items():
        charts[name] = InlineImage(tpl, io.BytesIO(path) if isinstance(path, bytes) else str(path), width=Mm(width_mm))
    if charts:
        wrapped["charts"] = wrap(charts, "charts", tracker)
    try:
        with _time_limit(TIME_LIMIT):
            tpl.render(wrapped, jinja_env=_environment(), autoescape=True)
    except TemplateProblemInner as exc:
        raise TemplateProblem(f"模板 {template.name} 超出限制：{exc}") from None
    except TemplateError as exc:
        lines = [ln.strip() for ln in getattr(exc, "docx_context", []) if ln.strip()]
        near = " ／ ".join(lines)[:200]
        where = f"第 {exc.lineno} 段附近" if getattr(exc, "lineno", None) else ""
        raise TemplateProblem(
            f"模板 {template.name} {where}有错误：{_jinja_message(exc)}" + (f"。附近的文字：{near}" if near else "")
        ) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError, RecursionError, MemoryError) as exc:
        raise TemplateProblem(f"模板 {template.name} 运行出错：{_python_message(exc)}") from None
    docx = tpl.docx
    if fit:  # built-in templates: widths from content, rows kept whole (govproj/render/layout.py)
        from govproj.render.layout import fit as fit_layout

        fit_layout(docx)
    props = docx.core_properties
    stamp = when or datetime(2000, 1, 1)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.author = props.last_modified_by = "govproj"
    buffer = io.BytesIO()
    tpl.save(buffer)
    _check_no_tags(buffer.getvalue(), template.name)  # before the values' markers are put back
    data = deterministic_zip(buffer.getvalue(), transform=_restore if hits else None)
    from govproj.fsutil import atomic_write

    atomic_write(out, data)
    return Rendered(form_id, out, list(tracker.missing), list(tracker.control))


def _mentions(template: Path, word: str) -> bool:
    """Whether the template's body text names ``word`` (runs joined: Word may split a tag in pieces)."""
    with zipfile.ZipFile(template) as z:
        try:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
        except KeyError:
            return False
    return word in _paragraph_text(xml)


def _jinja_message(exc) -> str:
    from jinja2 import TemplateNotFound, TemplatesNotFound

    if isinstance(exc, (TemplateNotFound, TemplatesNotFound)) or "no loader" in str(exc):
        return "模板不能包含（include/import/extends）其他文件"
    if "unsafe" in str(exc) or "SecurityError" in type(exc).__name__:
        return "使用了不允许的属性或方法（模板只能读取档案数据）"
    return str(exc.message or exc)


def _python_message(exc: Exception) -> str:
    if "no loader" in str(exc):  # include/import/extends in a sandbox without a loader
        return "模板不能包含（include/import/extends）其他文件"
    if isinstance(exc, ZeroDivisionError):
        return "除数为零"
    if isinstance(exc, (RecursionError, MemoryError)):
        return "运算过深或占用内存过多"
    return f"表达式无法计算（{type(exc).__name__}）"


def _check_template_file(template: Path) -> None:
    """A template is a regular .docx whose members do not inflate past the attachment limits."""
    from govproj.attachments import AttachmentProblem, check_zip

    if not template.is_file():
        raise TemplateProblem(f"模板 {template.name} 不是普通文件")
    try:
        check_zip(template)
    except AttachmentProblem as exc:
        raise TemplateProblem(f"模板 {template.name} 无法使用：{exc}") from None


def deterministic_zip(data: bytes, date_time: tuple = FIXED_ZIP_TIME, transform=None) -> bytes:
    """Rewrite a .docx (a zip) with one fixed timestamp on every entry, so that the same input
    gives byte-identical output; ``transform`` (bytes → bytes) is applied to the XML parts."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if transform is not None and info.filename.endswith(".xml"):
                content = transform(content)
            dst.writestr(fixed, content)
    return out.getvalue()


def _check_no_tags(data: bytes, name: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for n in z.namelist():
            if n.startswith("word/") and n.endswith(".xml"):
                text = _paragraph_text(z.read(n).decode("utf-8"))
                m = _LEFTOVER.search(text)
                if m:
                    near = text[max(0, m.start() - 30): m.end() + 30]
                    raise TemplateProblem(f"模板 {name} 渲染后仍有未处理的模板标记：…{near}…（检查标记是否写在同一段落内、前后有空格）")
