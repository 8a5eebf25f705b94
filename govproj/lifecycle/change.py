"""``govproj change-request``: compare with the approved baseline, classify the change under the
regulation, write ``changes/CR-NNN.yaml``.

The classification is data in the rulepack (``change_rules``, docs/rulepacks.md §10): classes
tried in order with conditions on the change (``item.percent`` — 调整数额占批复概算的百分比,
``item.major_any``, ``item.exceeds_estimate``, ``item.goals_changed`` …); the first that holds
decides between ``filing`` (建设单位自行调整并备案), ``committee_approval`` (报审定委员会等批复),
``reapproval`` (重新报批可研/初步设计) and ``external`` (按政府投资管理有关规定办理).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from govproj import gitutil
from govproj.history import Comparison, compare

CLASS_LABELS = {"filing": "建设单位自行调整并备案", "committee_approval": "报审定委员会等批复",
                "reapproval": "重新报批可研/初步设计", "external": "按政府投资管理有关规定办理"}


class ChangeError(Exception):
    """The change cannot be analysed; the message is Chinese."""


@dataclass
class Classification:
    cls: str
    article: str
    quote: str
    text: str
    approver: str = ""

    @property
    def label(self) -> str:
        return CLASS_LABELS[self.cls]


@dataclass
class ChangeAnalysis:
    comparison: Comparison
    classification: Classification | None
    reasons: list[dict] = field(default_factory=list)  # the regulation's permitted reasons
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        from govproj.estimate.fp import fmt

        c = self.comparison
        return {
            "baseline": {"tag": c.baseline.tag, "commit": c.baseline.commit, "event": c.baseline.event, "date": c.baseline.date},
            "approved_estimate": fmt(c.approved_estimate), "total_before": fmt(c.base_total), "total_after": fmt(c.total),
            "net_change": fmt(c.net), "gross_change": fmt(c.gross), "percent_of_estimate": fmt(c.percent, 2),
            "lines": [{"item": x.item, "kind": x.kind, "before": None if x.before is None else fmt(x.before),
                       "after": None if x.after is None else fmt(x.after), "delta": fmt(x.delta)} for x in c.lines],
            "major": c.major,
            "classification": None if self.classification is None else {
                "class": self.classification.cls, "label": self.classification.label, "article": self.classification.article,
                "quote": self.classification.quote, "text": self.classification.text, "approver": self.classification.approver},
            "reasons": self.reasons, "notes": self.notes,
        }


def find_baseline(dossier_dir: Path, ref: str | None):
    repo = gitutil.repo_root(dossier_dir)
    if repo is None:
        raise ChangeError(f"{dossier_dir} 不在 git 仓库中：变更比对需要 git 历史中的批复基线（见 docs/lifecycle.md）。")
    if ref:
        sha = gitutil.git(repo, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False).strip()
        if not sha:
            hint = gitutil.SHALLOW_HINT if gitutil.is_shallow(repo) else "检查引用名称（git tag / git log 可列出）。"
            raise ChangeError(f"找不到基线 {ref}。{hint}")
        return repo, gitutil.Baseline(ref, sha, "manual", _commit_date(repo, sha))
    found = gitutil.baselines(repo, dossier_dir)
    if not found:
        hint = gitutil.SHALLOW_HINT if gitutil.is_shallow(repo) else (
            "在 events.yaml 中记录批复事项（如 fsr_approved）并提交后，运行 govproj baseline 建立基线；或用 --baseline 指定提交。")
        raise ChangeError(f"档案还没有批复基线。{hint}")
    return repo, found[-1]


def _commit_date(repo: Path, sha: str) -> str:
    return gitutil.git(repo, "show", "-s", "--format=%cs", sha).strip()


def change_facts(pack, comparison: Comparison, reason: str | None) -> dict:
    """The change as ``item.*`` facts: the comparison's, plus the reason and whether it is one of
    the situations the regulation lists (``change_rules.reasons``); unknown (None) without a reason."""
    listed = [r["code"] for r in (pack.data.get("change_rules") or {}).get("reasons", [])]
    return {**comparison.facts(), "reason": reason, "reason_listed": None if reason is None else reason in listed}


def classify(pack, facts_ctx, comparison: Comparison, reason: str | None = None) -> Classification | None:
    """The first class whose condition holds. Classes are tried in order; when one cannot be
    decided because the owner has not said something (the reason, whether the scale changes
    materially), no class is chosen: a later class must not win by default."""
    rules = pack.data.get("change_rules")
    if not rules:
        return None
    facts = facts_ctx.facts.with_item(change_facts(pack, comparison, reason))
    for c in rules.get("classes", []):
        result = facts.test(c.get("when", True))
        if result is None:
            return None
        if result:
            return Classification(c["class"], c.get("article", rules.get("article", "")), c.get("quote", ""),
                                  c.get("text", CLASS_LABELS[c["class"]]), c.get("approver", ""))
    return None


def undecided(comparison: Comparison, reason: str | None, pack) -> list[str]:
    """What the owner must say before the change can be classified (Chinese, with the flag)."""
    out = []
    if comparison.major.get("scale") is None:
        out.append("主要建设内容有调整：请说明是否属于建设规模的重大变更（--major scale 或 --not-major）")
    if reason is None and (pack.data.get("change_rules") or {}).get("reasons"):
        out.append("请用 --reason 说明变更原因（办法列出的情形之一，或 other）")
    return out


def analyse(dossier, pack, as_of: date, ref: str | None = None, reason: str | None = None,
            major: dict[str, bool] | None = None) -> ChangeAnalysis:
    """Compare with the baseline and classify. ``major`` holds the owner's answers about the
    重大变更 elements (``{"scale": False}``); they override what the comparison could not decide."""
    from govproj.rules.engine import Context

    repo, baseline = find_baseline(dossier.root, ref)
    comparison = compare(dossier, baseline, repo)
    for kind, value in (major or {}).items():
        if kind in comparison.major and (comparison.major[kind] is None or value):
            comparison.major[kind] = value
    ctx = Context(dossier, pack, as_of, guard=False)
    analysis = ChangeAnalysis(comparison, classify(pack, ctx, comparison, reason),
                              list((pack.data.get("change_rules") or {}).get("reasons", [])))
    if not comparison.changed:
        analysis.notes.append(f"与批复基线（{baseline.label}）相比，预算与建设内容没有变化。")
    elif analysis.classification is None and pack.data.get("change_rules"):
        analysis.notes.extend(undecided(comparison, reason, pack) or ["按办法无法判断办理方式，请补充变更情况。"])
    return analysis


def next_id(dossier_dir: Path) -> str:
    numbers = [int(m.group(1)) for p in (dossier_dir / "changes").glob("CR-*.yaml")
               if (m := re.match(r"CR-(\d+)\.yaml$", p.name))]
    return f"CR-{(max(numbers) + 1 if numbers else 1):03d}"


def write_request(dossier_dir: Path, analysis: ChangeAnalysis, as_of: date, title: str, reason: str | None,
                  description: str | None) -> Path:
    """Write changes/CR-NNN.yaml (a new file: nothing the user wrote is touched)."""
    from govproj.fsutil import atomic_write
    from govproj.yamlwrite import dump_new

    cid = next_id(dossier_dir)
    c = analysis.comparison
    q = lambda x: x.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)  # noqa: E731
    data = {
        "id": cid, "title": title, "date": as_of,
        "baseline": c.baseline.tag,
        **({"reason_code": reason} if reason else {}),
        **({"description": description} if description else {}),
        "items": [{"item": x.item, **({"before": x.before} if x.before is not None else {}),
                   **({"after": x.after} if x.after is not None else {})} for x in c.lines],
        "net_change": q(c.net), "gross_change": q(c.gross),
        "percent_of_estimate": c.percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        "major": {k: v for k, v in c.major.items() if v is not None},  # an unanswered element stays unstated
        **({"classification": analysis.classification.cls} if analysis.classification else {}),
        "status": "draft",
    }
    if not data["items"]:
        data.pop("items")
    from govproj.dossier.layout import modeline

    header = (modeline(dossier_dir, f"changes/{cid}.yaml", "change") +
              f"# 变更申请 {cid}：由 govproj change-request 于 {as_of.isoformat()} 生成。\n"
              "# 批准后把 status 改为 approved，并填写 approved_by、approval_doc、approval_date；"
              "备案类变更填写 filed_with、filing_date。\n")
    from govproj.paths import dossier_target

    path = dossier_target(dossier_dir, f"changes/{cid}.yaml")
    atomic_write(path, header + dump_new(data))
    return path
