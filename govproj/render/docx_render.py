"""Render one form: a docxtpl template filled in a sandboxed, autoescaping jinja environment.

* Sandboxed: a user's template (``--templates DIR``) cannot reach Python internals.
* Autoescaped: ``& < > " '`` render as typed.
* A broken template is reported with its name, the paragraph number and the text around the
  error, never a traceback.
* No jinja tag may survive in the output; the output is deterministic (fixed timestamps
  inside the .docx) so a regenerated file diffs cleanly.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from govproj.render.values import Tracker, wrap

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
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


def _environment():
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=True, keep_trailing_newline=True)
    env.filters["default_text"] = lambda v, text="": v if v else text
    return env


def _paragraph_text(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)


def render_form(template: Path, context: dict, out: Path, form_id: str, when: datetime | None = None,
                images: dict | None = None, fit: bool = True) -> Rendered:
    from docxtpl import DocxTemplate, InlineImage
    from docx.shared import Mm
    from jinja2 import TemplateError

    tracker = Tracker()
    tpl = DocxTemplate(str(template))
    wrapped = {k: wrap(v, k, tracker) for k, v in context.items()}
    charts = {}
    for name, (path, width_mm) in (images or {}).items():
        charts[name] = InlineImage(tpl, str(path), width=Mm(width_mm))
    if charts:
        wrapped["charts"] = wrap(charts, "charts", tracker)
    try:
        tpl.render(wrapped, jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        lines = [ln.strip() for ln in getattr(exc, "docx_context", []) if ln.strip()]
        near = " ／ ".join(lines)[:200]
        where = f"第 {exc.lineno} 段附近" if getattr(exc, "lineno", None) else ""
        raise TemplateProblem(
            f"模板 {template.name} {where}有错误：{exc.message or exc}" + (f"。附近的文字：{near}" if near else "")
        ) from None
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
    data = deterministic_zip(buffer.getvalue())
    _check_no_tags(data, template.name)
    from govproj.fsutil import atomic_write

    atomic_write(out, data)
    return Rendered(form_id, out, list(tracker.missing), list(tracker.control))


def deterministic_zip(data: bytes, date_time: tuple = FIXED_ZIP_TIME) -> bytes:
    """Rewrite a .docx (a zip) with one fixed timestamp on every entry, so that the same input
    gives byte-identical output."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
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
