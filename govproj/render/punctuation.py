"""Full-width punctuation in the Chinese text a clerk typed into the dossier (GB/T 15834-2011《标点符号
用法》: Chinese text takes the full-width marks). ``( ) : , ;`` next to a Chinese character become
``（ ）： ， ；``; the spaces around a converted mark go (the full-width mark has its own space).

Left alone: anything between Latin letters and digits (``10:30``, ``1,368.50``, ``fe80::1``,
``f(x)``, ``GB/T 9704-2012``), URLs and e-mail addresses, file paths. Only text from the dossier
passes here (render/context.py); the form labels the templates quote verbatim from a regulation's
附件 (「其中,工程(实施)费用」) stay as the regulation prints them.
"""

from __future__ import annotations

import re

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = _HAN + "\u3000-\u303f\uff00-\uffef"  # Han and the full-width marks
_IS_CJK = re.compile(f"[{_CJK}]")
_HAS_HAN = re.compile(f"[{_HAN}]")
# kept whole: URLs, e-mail addresses, paths with a slash and no Chinese
_VERBATIM = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*"
                       r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef,;:.()]"  # a mark after the URL is the sentence's
                       r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                       r"|(?:[\w.-]+/)+[\w.-]+")
_PAREN = re.compile(r" ?\(([^()]*)\) ?")
_MARK = re.compile(r" *([:,;]) *")
_FULL = {":": "：", ",": "，", ";": "；"}


_TOKEN = "\ue010"  # stands for a verbatim piece while the marks are converted


def fullwidth(text: str) -> str:
    """``text`` with the half-width ( ) : , ; next to Chinese characters made full-width."""
    if not _HAS_HAN.search(text) or not any(c in text for c in "(),:;") or _TOKEN in text:
        return text
    kept = _VERBATIM.findall(text)
    work = _VERBATIM.sub(_TOKEN, text)

    def near(i: int) -> str:
        return work[i] if 0 <= i < len(work) else ""

    def paren(m: re.Match) -> str:
        inner = m.group(1)
        whole = m.group(0)
        if (_HAS_HAN.search(inner) or _cjk(near(m.start() - 1)) and whole[0] != " "
                or _cjk(near(m.end())) and whole[-1] != " "):
            return f"（{inner}）"
        return m.group(0)

    def mark(m: re.Match) -> str:
        if _cjk(near(m.start() - 1)) or _cjk(near(m.end())):
            return _FULL[m.group(1)]
        return m.group(0)

    work = _MARK.sub(mark, _PAREN.sub(paren, work))
    pieces = iter(kept)
    return re.sub(_TOKEN, lambda _: next(pieces), work)


def _cjk(c: str) -> bool:
    return bool(c) and bool(_IS_CJK.match(c))
