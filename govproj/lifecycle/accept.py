"""``govproj accept``: is the project ready for 竣工验收 under its regulation?

* Materials: the regulation's list (rules whose id ends in ``-M<n>``), each present in
  documents.yaml and, when it names a file, the file readable (a real .docx / .pdf / image,
  not empty).
* Prerequisites: every rule the regulation applies up to acceptance (档案验收, 密评, 九江's
  data-sharing and security confirmations, trial operation, 等保 测评 …), evaluated as if the
  project were applying for acceptance now.
* The application deadline (from the regulation's deadline rules) and who organises it.
Ready = no blocking finding. Exit code 0 ready, 1 not ready.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from govproj.findings import Finding

ACCEPTANCE_STAGES = ("completed", "acceptance", "accepted")
ACCEPTANCE_EVENTS = {"acceptance_applied", "acceptance_passed", "final_inspection", "preliminary_acceptance",
                     "archive_acceptance_passed", "data_sharing_confirmed", "security_confirmed", "trial_run_ended"}
_MATERIAL = re.compile(r"-M\d+$")


@dataclass
class Material:
    rule: str
    title: str
    article: str
    types: list[str]
    present: bool
    files: list[str] = field(default_factory=list)
    problem: str | None = None
    codes: list[str] = field(default_factory=list)  # document types (documents.yaml ``type``), as ``types`` labels them

    def to_dict(self) -> dict:
        return {"rule": self.rule, "title": self.title, "article": self.article, "types": self.types,
                "documents": [{"type": c, "label": t} for c, t in zip(self.codes, self.types, strict=False)],
                "present": self.present, "files": self.files, "problem": self.problem}


@dataclass
class Readiness:
    path: str
    regulation: dict
    as_of: date
    materials: list[Material] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    deadline: dict | None = None
    organizer: str | None = None

    @property
    def missing(self) -> list[Material]:
        return [m for m in self.materials if not m.present or m.problem]

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error" and f.waived is None]

    @property
    def ready(self) -> bool:
        return not self.missing and not self.blocking

    def to_dict(self) -> dict:
        from govproj import __version__

        return {"tool": {"name": "govproj", "version": __version__}, "as_of": self.as_of.isoformat(), "path": self.path,
                "regulation": self.regulation, "ready": self.ready,
                "missing": [m.to_dict() for m in self.missing],
                "materials": [m.to_dict() for m in self.materials],
                "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
                "deadline": self.deadline, "organizer": self.organizer}


def _mentions(node, names: set[str]) -> bool:
    """Whether a rule's definition names any of ``names`` (an event type, a stage) anywhere."""
    if isinstance(node, str):
        return node in names
    if isinstance(node, dict):
        return any(_mentions(v, names) for v in node.values())
    if isinstance(node, list):
        return any(_mentions(v, names) for v in node)
    return False


def _relevant(rule: dict) -> bool:
    """A rule bears on acceptance when it is a listed material, belongs to an acceptance stage, or
    names an acceptance event anywhere — in ``then``/``events``/``target``, ``for_each`` (某县 第十五条:
    密评 before 验收) or its conditions."""
    return bool(_MATERIAL.search(rule["id"])) or rule.get("stage") in ACCEPTANCE_STAGES or _mentions(rule, ACCEPTANCE_EVENTS)


def readiness(dossier, pack, as_of: date) -> Readiness:
    from govproj.attachments import file_problem
    from govproj.check import display_path
    from govproj.dossier.vocabulary import document_label
    from govproj.rules.engine import Context, evaluate

    # the dossier as it stands on the day, as if the owner applied for (and passed) acceptance
    # then: order rules such as “档案验收 before 竣工验收” now speak
    assume = ({"type": "acceptance_applied", "date": as_of, "note": "假定当日申请验收"},
              {"type": "acceptance_passed", "date": as_of, "note": "假定当日通过验收"})
    dossier = dossier.as_of(as_of, assume)
    result = Readiness(display_path(dossier.root), pack.summary(), as_of)
    ctx = Context(dossier, pack, as_of)
    ctx.stage = "acceptance"
    from govproj.rules.rulepack import materials

    from govproj.dossier.model import RecordInvalid

    def applies(rule) -> bool:  # a material whose condition cannot be decided is listed (never silently dropped)
        try:
            return ctx.applies(rule) is not False
        except RecordInvalid:
            return True

    listed = materials(pack)
    needed = materials(pack, applies)  # only those this project needs (涉密 or not, …)
    material_findings = evaluate(dossier, pack, as_of, rules=needed, ctx=ctx)
    unchecked = {rid: f.file for f in material_findings if f.rule == "GP-RULES-SKIPPED" for rid in f.extra.get("rules", [])}
    for r in needed:
        types = list(r.get("documents") or [])
        docs = [d for t in types for d in dossier.documents_of(t)]  # what the record lists, even if it has errors
        present = r["id"] not in unchecked and not [f for f in material_findings if f.rule == r["id"]]
        m = Material(r["id"], r["title"], r["article"] + r.get("item", ""), [document_label(t) for t in types], present,
                     codes=types)
        if r["id"] in unchecked:
            m.problem = f"{unchecked[r['id']]} 有错误，未能核对"
        for d in docs:
            if d.file:
                m.files.append(d.file)
                problem = file_problem(dossier.root, d.file)
                if problem:
                    m.problem = f"{d.file}：{problem}"
        result.materials.append(m)
    # rules that could not be evaluated or need a fact are reported with the materials too
    findings = [f for f in material_findings if f.rule.startswith("GP-")]
    others = [r for r in pack.data.get("rules", []) if _relevant(r) and not any(r is m for m in listed)]
    for f in evaluate(dossier, pack, as_of, rules=others, ctx=ctx):
        if f.severity == "info" and f.rule in {r["id"] for r in others if r["kind"] == "deadline"}:
            continue  # “due soon” notes follow from the assumed application; a missed deadline still counts
        findings.append(f)
    result.findings = findings
    _deadline(result, ctx, pack)
    return result


def _deadline(result: Readiness, ctx, pack) -> None:
    from govproj.dossier.model import RecordInvalid
    from govproj.estimate import timeline

    try:
        steps = [s for s in timeline.build(ctx) if s.step in ("acceptance_applied", "final_inspection")]
    except RecordInvalid:  # events.yaml has format errors: no deadline can be told (reported by the rules)
        steps = []
    if steps:
        s = sorted(steps, key=lambda x: (x.step != "acceptance_applied", x.due))[0]
        result.deadline = {"step": s.title, "due": s.due.isoformat(), "basis": s.basis, "rule": s.rule,
                           "done": s.actual.isoformat() if s.actual else None, "overdue": s.state(ctx.as_of) == "overdue"}
    acc = pack.data.get("acceptance") or {}
    result.organizer = acc.get("recipient")
