"""Rulepack message templates are filled with named variables only.

A rulepack is data that anyone can write (``--rulepack``, ``GOVPROJ_RULEPACKS``), so its
``message``/``hint`` texts must not reach into Python: ``str.format`` would allow
``{missing.__class__.__init__.__globals__}`` (attribute access), ``{x[0]}`` (indexing),
``{x!r}`` (conversions) and ``{x:>999999999}`` (a format spec that allocates without bound).
``safe_format`` accepts ``{name}`` alone; ``{{``/``}}`` are literal braces; an unknown name
is left as written (``{name}``) — the rulepack check (``problems``) reports it beforehand.
"""

from __future__ import annotations

import string

_PARSER = string.Formatter()


class UnsafeTemplate(ValueError):
    """A message template uses more than ``{name}``; the message is Chinese."""


def fields(template: str) -> list[str]:
    """The variable names in ``template``; raises ``UnsafeTemplate`` for anything but ``{name}``."""
    names = []
    try:
        parsed = list(_PARSER.parse(template))
    except ValueError:
        raise UnsafeTemplate(f"消息模板的花括号不配对：{template[:80]}（字面的花括号写成 {{{{ 或 }}}}）") from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise UnsafeTemplate(f"消息模板中的 {shown} 不允许：只能写 {{变量名}}，不能取属性、下标、转换或格式")
        names.append(field)
    return names


def problems(template: str, known: set[str] | None = None) -> list[str]:
    """What is wrong with ``template`` (for the rulepack check): unsafe fields, unknown names."""
    try:
        names = fields(template)
    except UnsafeTemplate as exc:
        return [str(exc)]
    if known is None:
        return []
    return [f"消息模板使用了未定义的变量 {{{n}}}" for n in names if n not in known]


def safe_format(template: str, variables: dict) -> str:
    """``template`` with each ``{name}`` replaced by ``str(variables[name])``."""
    out = []
    for literal, field, _spec, _conversion in _PARSER.parse(template) if _safe(template) else [(template, None, None, None)]:
        out.append(literal)
        if field is not None:
            out.append(str(variables[field]) if field in variables else "{" + field + "}")
    return "".join(out)


def _safe(template: str) -> bool:
    try:
        fields(template)
    except UnsafeTemplate:
        return False
    return True
