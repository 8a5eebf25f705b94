"""Cross-file consistency of a dossier: what no single file's schema can see.

* every attachment named in a record exists and stays inside the dossier;
* budget lines add up to ``total_investment`` exactly (Decimal arithmetic), and so do the
  funding sources; a line's quantity × unit price equals its amount;
* the engineering cost is part of the total investment (九江 附件2 申报表 “其中，工程（实施）费用”);
* a change request's id matches its file name, a progress report's period its file name;
* no event is dated after the day of the check;
* a fact recorded both by a dated event and by a field (密评、等保测评结论) agrees in both places.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath

from govproj.dossier import schema
from govproj.dossier.model import Dossier
from govproj.findings import Finding
from govproj.money import wan


def check_consistency(dossier: Dossier, as_of: date) -> list[Finding]:
    findings: list[Finding] = []
    findings += _attachments(dossier)
    findings += _budget(dossier)
    findings += _engineering_cost(dossier)
    findings += _file_names(dossier)
    findings += _future_events(dossier, as_of)
    findings += _contradictions(dossier, as_of)
    return findings


def _contradictions(dossier: Dossier, as_of: date) -> list[Finding]:
    """A fact stated in two places that disagree (docs/dossier.md "一个事实只记一处")."""
    from govproj.dossier.recorded import contradictions

    out = []
    for c in contradictions(dossier, as_of):
        line, column = dossier.records[c["file"]].locate(c["path"])
        out.append(Finding("GP-CONFLICT", "error", c["message"],
                           f"以 events.yaml 中有日期的事项为准（第 {dossier.records['events.yaml'].locate(c['event'].path)[0]} 行）："
                           f"改正或删除 {c['file']} 中的该字段，避免同一事实两处记录。",
                           file=c["file"], line=line, column=column, path=schema.json_path(c["path"])))
    return out


def _is_path_field(sub: dict) -> bool:
    return sub.get("$ref", "").endswith("/$defs/path")


def _attachments(dossier: Dossier) -> list[Finding]:
    from govproj.paths import attachment_problem, real_root

    out = []
    root_real = real_root(dossier.root)
    for rel, record in dossier.records.items():
        if not record.valid:
            continue
        for path, value, _ in schema.walk_values(record.kind.schema, record.data, _is_path_field):
            if not isinstance(value, str):
                continue
            problem = attachment_problem(dossier.root, root_real, value)
            if problem:
                rule, message, hint = problem
                line, column = record.locate(path)
                out.append(Finding(rule, "error", message, hint, file=rel, line=line, column=column,
                                   path=schema.json_path(path)))
    return out


def _engineering_cost(dossier: Dossier) -> list[Finding]:
    project = dossier.record("project.yaml")
    if not project:
        return []
    out = []
    total = project.data["total_investment"]
    engineering = project.data.get("engineering_cost")
    if engineering is not None and engineering > total:
        line, column = project.locate(("engineering_cost",))
        out.append(Finding(
            "GP-ENGINEERING-COST", "error",
            f"工程（实施）费用 {wan(engineering)} 万元大于总投资 {wan(total)} 万元",
            "工程（实施）费用是总投资的一部分，不能超过总投资。", file="project.yaml", line=line, column=column,
            path="engineering_cost"))
    return out


def _budget(dossier: Dossier) -> list[Finding]:
    project = dossier.record("project.yaml")
    budget = dossier.record("budget.yaml")
    if not project or not budget:
        return []
    out = []
    total = project.data["total_investment"]
    items = budget.data.get("items", [])
    line_sum = sum((i["amount"] for i in items), Decimal(0))
    if line_sum != total:
        line, column = budget.locate(("items",))
        out.append(Finding(
            "GP-BUDGET-SUM", "error",
            f"投资明细合计 {wan(line_sum)} 万元，与 project.yaml 的总投资 {wan(total)} 万元不一致（相差 {wan(line_sum - total)} 万元）",
            "调整明细行金额或总投资，使二者完全相等（按万元精确到小数点后 4 位）。",
            file="budget.yaml", line=line, column=column, path="items"))
    for i, item in enumerate(items):
        qty, price = item.get("quantity"), item.get("unit_price")
        if qty is not None and price is not None and qty * price != item["amount"]:
            line, column = budget.locate(("items", i, "amount"))
            out.append(Finding(
                "GP-BUDGET-LINE", "warning",
                f"items[{i}]（{item['item']}）：数量 {qty} × 单价 {wan(price)} = {wan(qty * price)} 万元，但金额写的是 {wan(item['amount'])} 万元",
                "核对数量、单价与金额；如金额含折扣或其他费用，请在 note 中说明。",
                file="budget.yaml", line=line, column=column, path=f"items[{i}].amount"))
    funding = budget.data.get("funding")
    if funding:
        funding_sum = sum((f["amount"] for f in funding), Decimal(0))
        if funding_sum != total:
            line, column = budget.locate(("funding",))
            out.append(Finding(
                "GP-FUNDING-SUM", "error",
                f"资金来源合计 {wan(funding_sum)} 万元，与总投资 {wan(total)} 万元不一致（相差 {wan(funding_sum - total)} 万元）",
                "各资金来源金额之和应等于总投资。", file="budget.yaml", line=line, column=column, path="funding"))
    return out


def _file_names(dossier: Dossier) -> list[Finding]:
    out = []
    for record in dossier.collection("changes"):
        stem = PurePosixPath(record.file).stem
        if record.data.get("id") != stem:
            line, column = record.locate(("id",))
            out.append(Finding("GP-FILENAME", "error", f"变更编号 {record.data.get('id')} 与文件名 {stem}.yaml 不一致",
                               "把 id 改成与文件名相同，或重命名文件。", file=record.file, line=line, column=column, path="id"))
    for record in dossier.collection("progress"):
        stem = PurePosixPath(record.file).stem
        if record.data.get("period") != stem:
            line, column = record.locate(("period",))
            out.append(Finding("GP-FILENAME", "error", f"报告期 {record.data.get('period')} 与文件名 {stem}.yaml 不一致",
                               "把 period 改成与文件名相同，或重命名文件。", file=record.file, line=line, column=column,
                               path="period"))
    return out


def _future_events(dossier: Dossier, as_of: date) -> list[Finding]:
    record = dossier.record("events.yaml")
    if not record:
        return []
    out = []
    for event in dossier.events:
        if event.date > as_of:
            line, column = record.locate(event.path + ("date",))
            out.append(Finding(
                "GP-EVENT-FUTURE", "warning",
                f"事项 {event.type} 的日期 {event.date.isoformat()} 晚于检查日期 {as_of.isoformat()}",
                "events.yaml 只记录已经发生的事项；计划日期请写在计划或进度报告中。如检查日期不对，用 --as-of 指定。",
                file="events.yaml", line=line, column=column, path=f"events[{event.index}].date"))
    return out
