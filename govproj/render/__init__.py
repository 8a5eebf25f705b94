"""``govproj render``: fill the regulation's forms from the dossier as .docx (and PDF).

    from govproj.render import render_dossier
    result = render_dossier(Path("examples/dossier-sample"), date(2026, 11, 22))
    [r.path for r in result.rendered]
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from govproj.render.docx_render import Rendered, TemplateProblem, render_form
from govproj.render.forms import Form, for_stage, forms_data, forms_for  # noqa: F401  (public API)

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "docx"
OUT_DIR = "out"


@dataclass
class RenderResult:
    out_dir: Path
    rendered: list[Rendered] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # changed since govproj wrote them: not overwritten
    stage: str | None = None
    skipped: list[Form] = field(default_factory=list)  # forms of other stages (``--all`` renders them)


def output_dir(root: Path) -> Path:
    """The one place where govproj writes a dossier's forms (render, declare, accept, change-request)."""
    return root / OUT_DIR


def find_template(form: Form, templates_dir: Path | None) -> Path | None:
    for base in ([templates_dir] if templates_dir else []) + [TEMPLATE_DIR]:
        p = base / f"{form.template}.docx"
        if p.is_file():
            return p
    return None


def _acceptance(dossier, pack, as_of) -> dict:
    """Materials and prerequisites for the 竣工验收申请: the rulepack's material rules (ids ending in
    -M<n>, evaluated as ``govproj accept`` does), or the materials govproj/data/forms.yaml lists from the
    regulation's text; each with 具备/缺少 and the document (or event) it was found in."""
    from govproj.dossier.vocabulary import document_label, event_label, result_label
    from govproj.lifecycle.accept import readiness
    from govproj.render.values import date_cn
    from govproj.rules.facts import named

    def found_in(types, events=()) -> list[str]:
        found = [f"《{d.title or document_label(d.type)}》" for t in types for d in dossier.documents_of(t)]
        for e in dossier.events_of(*events):
            if e.date <= as_of and e.result != "failed":
                found.append(f"{event_label(e.type)}（{date_cn(e.date)}）")
        return found

    materials = []
    listed = (forms_data().get("acceptance_materials") or {}).get(pack.id)
    if listed:
        for m in listed:
            found = found_in(m.get("documents") or [], m.get("events") or [])
            materials.append({"title": m["title"], "article": m.get("article", ""), "present": bool(found),
                              "present_text": "具备" if found else "缺少", "found_text": "；".join(found) or "—"})
    else:
        ready = readiness(dossier, pack, as_of)
        for m in ready.materials:
            rule = [r for r in pack.data.get("rules", []) if r["id"] == m.rule][0]
            found = found_in(rule.get("documents") or named(rule, "document"))  # or the types its conditions name
            # 「验收申请材料：项目初验意见」 → 「项目初验意见」 under the heading 验收材料清单
            title = m.title.split("：", 1)[1] if "材料：" in m.title else m.title
            materials.append({"title": title, "article": m.article, "present": m.present and not m.problem,
                              "present_text": "具备" if m.present and not m.problem else "缺少",
                              "found_text": "；".join(found) or "—"})
    done = dossier.events_of("construction_completed")
    prereq = []
    for types in (["preliminary_acceptance"], ["trial_run_ended"], ["final_inspection"], ["archive_acceptance_passed"],
                  ["crypto_assessment"], ["data_sharing_confirmed"], ["security_confirmed"]):
        ev = [e for e in dossier.events_of(*types) if e.date <= as_of]
        if ev:
            last = ev[-1]
            prereq.append({"title": event_label(last.type), "date_text": date_cn(last.date),
                           "status": result_label(last.result) if last.result else "已完成"})
    acc = pack.data.get("acceptance") or {}
    return {"materials": materials, "prerequisites": prereq,
            "completed_text": date_cn(done[-1].date) if done else None,
            "recipient": acc.get("recipient"), "article": acc.get("article")}


def _change(dossier, pack, as_of) -> dict | None:
    import re
    from decimal import Decimal

    from govproj.dossier.schema import load_schema
    from govproj.money import wan
    from govproj.render.context import percent_text
    from govproj.render.values import date_cn

    records = dossier.collection("changes")
    if not records:
        return None
    c = dict(records[-1].data)
    schema = load_schema("change")["properties"]
    for key in ("reason_code", "classification", "status"):
        sub = schema.get(key) or {}
        labels = dict(zip(sub.get("enum", []), sub.get("enumDescriptions", []), strict=False))
        short = "reason" if key == "reason_code" else key
        if c.get(key):
            c[f"{short}_label"] = labels.get(c[key], c[key])
    for k in ("date", "approval_date", "implemented_date", "filing_date"):
        c[f"{k}_text"] = date_cn(c.get(k)) or None
    c["filed_with_text"] = "、".join(c.get("filed_with") or []) or None
    rows = []
    deltas = []
    for row in c.get("items", []):
        r = dict(row)
        for k in ("before", "after"):
            if row.get(k) is not None:
                r[f"{k}_text"] = wan(row[k])
        if row.get("before") is not None and row.get("after") is not None:
            delta = Decimal(row["after"]) - Decimal(row["before"])
            deltas.append(delta)
            r["delta_text"] = wan(delta)
        rows.append(r)
    c["rows"] = rows
    complete = rows and len(deltas) == len(rows)
    net = c.get("net_change")
    gross = c.get("gross_change")
    if net is None and complete:
        net = sum(deltas, Decimal(0))
    if gross is None and complete:
        gross = sum((abs(x) for x in deltas), Decimal(0))
    if net is not None:
        c["net_change_text"] = wan(net)
    if gross is not None:
        c["gross_change_text"] = wan(gross)
    amounts = dossier.budget.get("amounts") or {}
    baseline = amounts.get("approved_estimate")
    if baseline is None:
        baseline = dossier.project.get("total_investment")
    if baseline is not None:
        c["baseline_total_text"] = wan(baseline)
    if c.get("percent_of_estimate") is not None:
        c["percent_text"] = percent_text(c["percent_of_estimate"])
    elif gross is not None and baseline:
        c["percent_text"] = percent_text(Decimal(gross) * 100 / Decimal(baseline))
    number = re.search(r"(\d+)$", str(c.get("id") or ""))
    year = (c.get("date") or as_of).year
    # the form's 变更编号 in its own style: 2024年第1号, not the file name CR-001
    c["number_text"] = f"{year}年第{int(number.group(1))}号" if number else None
    major = [k for k, v in (c.get("major") or {}).items() if v]
    labels = {"goals": "建设目标", "nature": "建设性质", "location": "建设地点", "scale": "建设规模", "tech_plan": "技术方案"}
    c["major_text"] = ("是：" + "、".join(labels.get(k, k) for k in major)) if major else "否"
    return c


def _evaluation(dossier, pack) -> dict:
    from govproj.render.values import date_cn

    acc = dossier.events_of("acceptance_passed")
    op = dossier.events_of("operation_started")
    sections = (forms_data().get("self_evaluation_sections") or {}).get(pack.id) or []
    return {"accepted_text": date_cn(acc[-1].date) if acc else None, "operation_text": date_cn(op[0].date) if op else None,
            "sections": [{"number": _CHINESE_NUMBERS[5 + i], **s} for i, s in enumerate(sections)]}


_CHINESE_NUMBERS = "一二三四五六七八九十"


def render_dossier(root: Path, as_of: date, forms: list[str] | None = None, out_dir: Path | None = None,
                   templates_dir: Path | None = None, pdf: bool = False, all_forms: bool = False,
                   force: bool = False, rulepack_file: Path | None = None) -> RenderResult:
    """Fill the forms into ``out_dir`` (default: ``output_dir(root)``, the one place for every command).

    Which forms: those named, else with ``all_forms`` every form, else those of the project's current
    and next stage. A file the clerk changed since govproj wrote it is kept (``result.kept``) unless
    ``force``."""
    from govproj.check import _rulepack_for
    from govproj.dossier.load import load_dossier
    from govproj.estimate import estimate_dossier
    from govproj.render.context import build, humanize, file_labels
    from govproj.render.manifest import Manifest
    from govproj.render.values import source_key
    from govproj.rules.engine import Context

    loaded = load_dossier(root)
    if loaded.unreadable or loaded.dossier.record("project.yaml") is None:
        raise RenderInputError(loaded.findings, loaded.unreadable)
    pack, problem = _rulepack_for(loaded.dossier, rulepack_file)
    if pack is None:
        raise RenderInputError([problem] if problem else loaded.findings, False)
    dossier = loaded.dossier
    from govproj.paths import output_dir as safe_output_dir

    out_dir = safe_output_dir(root, out_dir or output_dir(root))  # never written through a link leading out
    result = RenderResult(out_dir)
    est = estimate_dossier(dossier, pack, as_of)
    available = forms_for(pack, est.route.id if est.route else None)
    if forms:
        unknown = [f for f in forms if f not in {x.id for x in available}]
        if unknown:
            raise RenderUsageError(f"{pack.title} 没有这些表单：{'、'.join(unknown)}；可用：{'、'.join(x.id for x in available)}")
        available = [x for x in available if x.id in forms]
    elif not all_forms:
        result.stage = Context(dossier, pack, as_of, guard=False).stage
        chosen = for_stage(available, result.stage)
        if not dossier.collection("changes"):  # a 变更申请表 only once there is a change request to show
            chosen = [f for f in chosen if f.id != "change_request"]
        result.skipped = [f for f in available if f not in chosen]
        available = chosen
    context = build(dossier, pack, as_of, est)
    titles = {d.file: d.title for d in dossier.documents if d.file and d.title}
    context["acceptance"] = humanize(_acceptance(dossier, pack, as_of), titles, file_labels())
    context["change"] = humanize(_change(dossier, pack, as_of), titles, file_labels())
    context["evaluation"] = _evaluation(dossier, pack)
    manifest = Manifest(out_dir)
    changes = dossier.collection("changes")
    change_file = changes[-1].file if changes else None
    images = Charts(est, out_dir / CACHE_DIR, as_of)
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    for form in available:
        target = out_dir / f"{form.id}.docx"
        if not force and manifest.changed(target):
            result.kept.append(target)
            continue
        template = find_template(form, templates_dir)
        if template is None:
            result.problems.append(f"表单 {form.id}（{form.title}）没有模板 {form.template}.docx")
            continue
        context["form"] = {"id": form.id, "title": form.title, "article": form.article}
        try:
            r = render_form(template, context, target, form.id, stamp, images,
                            fit=template.parent == TEMPLATE_DIR)
        except TemplateProblem as exc:
            result.problems.append(str(exc))
            continue
        manifest.record(target)
        r.missing_keys = list(dict.fromkeys(source_key(m, change_file) for m in r.missing))
        result.rendered.append(r)
    if pdf and result.rendered:
        result.pdfs = _pdfs([r.path for r in result.rendered], out_dir, manifest, force, result)
    if result.rendered or result.pdfs:
        manifest.save()
    return result


CACHE_DIR = ".govproj-cache"  # inside the output folder: chart images by a hash of what they show
CHART_WIDTH_MM = 150


class Charts:
    """The chart images of a dossier, drawn only when a form shows one, and once per content: a PNG is
    kept in ``out/.govproj-cache/`` under a hash of its data (and of the chart code and font), so
    rendering again does not even import matplotlib."""

    def __init__(self, est, cache: Path, as_of: date):
        self.est, self.cache, self.as_of = est, cache, as_of
        self._images: dict | None = None

    def images(self) -> dict:
        """name → (PNG path or bytes, width in mm)."""
        if self._images is None:
            self._images = {}
            est = self.est
            if est.timeline:
                steps = [(s.title, s.anchor_date, s.due, s.actual, s.status, s.projected) for s in est.timeline]
                self._images["timeline"] = (self._png("timeline", (steps, "项目时间表", self.as_of)), CHART_WIDTH_MM)
            if est.budget and est.budget.by_category:
                rows = [(r["label"], str(r["amount"]), str(r["percent"])) for r in est.budget.by_category]
                self._images["budget"] = (self._png("budget", (rows, "投资结构")), CHART_WIDTH_MM)
        return self._images

    def _png(self, kind: str, data: tuple) -> Path | bytes:
        """The cached image's path; the PNG itself (not kept) when the cache folder is a link or not a folder."""
        import hashlib

        from govproj.estimate import chart
        from govproj.fsutil import atomic_write
        from govproj.render.fonts import cached_match

        face = cached_match(chart.CHART_ROLE)
        key = hashlib.sha256(repr((kind, data, chart.VERSION, chart.DPI, face)).encode("utf-8")).hexdigest()[:20]
        path = self.cache / f"{kind}-{key}.png"
        usable = not self.cache.is_symlink() and (self.cache.is_dir() or not self.cache.exists())
        if usable and path.is_file() and not path.is_symlink():
            return path
        if kind == "timeline":
            png = chart.timeline_png(self.est.timeline, data[1], self.as_of)
        else:
            png = chart.budget_png(self.est.budget.by_category, data[1])
        if not usable:  # never written through a link that may lead out of the folder
            return png
        self.cache.mkdir(parents=True, exist_ok=True)
        for old in self.cache.glob(f"{kind}-*.png"):  # one image per chart: the previous content goes
            old.unlink()
        atomic_write(path, png)
        return path


def _pdfs(files: list[Path], out_dir: Path, manifest, force: bool, result: RenderResult) -> list[Path]:
    """Convert in one LibreOffice call into a scratch folder, then move each PDF in unless the clerk
    changed the one already there."""
    import os

    from govproj.render.pdf import convert

    done = []
    with tempfile.TemporaryDirectory(prefix="govproj-pdf-", dir=out_dir) as tmp:
        for made in convert(files, Path(tmp)):
            target = out_dir / made.name
            if not force and manifest.changed(target):
                result.kept.append(target)
                continue
            os.replace(made, target)
            manifest.record(target)
            done.append(target)
    return done


class RenderInputError(Exception):
    def __init__(self, findings, unreadable: bool):
        super().__init__("dossier cannot be rendered")
        self.findings = findings
        self.unreadable = unreadable


class RenderUsageError(Exception):
    pass
