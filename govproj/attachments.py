"""Reading attached files — only through ``govproj.paths`` (never outside the dossier), with
bounded work: an Office file (a zip) is checked member by member before it is parsed, so a
small .docx that inflates to gigabytes is refused in microseconds, and each attachment is
parsed at most once per run (keyed by path, size and modification time).
"""

from __future__ import annotations

import os
import zipfile
from functools import lru_cache
from pathlib import Path

from govproj import paths

MAX_INFLATED = 200 * 1024 * 1024  # all members of one .docx together, uncompressed
MAX_XML = 30 * 1024 * 1024  # one XML part (document.xml of a 1,000-page report is ~10 MB)
MAX_RATIO = 200  # uncompressed / compressed for one member; text XML compresses ~10:1


class AttachmentProblem(Exception):
    """Why an attached file cannot be read; the message is Chinese."""


def check_zip(path: Path) -> None:
    """Refuse an Office file whose members would inflate past the limits (read from the zip's
    central directory: nothing is decompressed)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise AttachmentProblem(f"文件已损坏，无法打开（{type(exc).__name__}）") from None
    total = 0
    for info in infos:
        total += info.file_size
        xml = info.filename.endswith((".xml", ".rels"))
        ratio = info.file_size / max(info.compress_size, 1)
        if (xml and info.file_size > MAX_XML) or total > MAX_INFLATED or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise AttachmentProblem(f"解压后过大（{info.filename} 为 {info.file_size / 1024 / 1024:.0f} MB），疑似压缩炸弹，未读取")


def docx_headings(root: Path, value: str) -> list[str] | None:
    """The headings (Word "Heading"/"标题" styles) of an attached .docx, or None when it cannot
    be read (outside the dossier, missing, damaged or too large)."""
    path = paths.attachment_path(root, value)
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _headings(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=256)
def _headings(path: str, _size: int, _mtime: int) -> list[str] | None:
    try:
        check_zip(Path(path))
        import docx

        document = docx.Document(path)
        out = []
        for p in document.paragraphs:
            style = (p.style.name if p.style is not None else "") or ""
            if style.lower().startswith(("heading", "title")) or style.startswith("标题"):
                if p.text.strip():
                    out.append(p.text.strip())
        return out
    except Exception:  # noqa: BLE001 - python-docx/lxml raise many kinds for a damaged file; all mean "unreadable"
        return None


def file_problem(root: Path, value: str) -> str | None:
    """Why an attached file cannot serve as a material (e.g. for acceptance), or None. Reads at
    most the first bytes and the zip directory; never opens a file outside the dossier."""
    problem = paths.attachment_problem(root, None, value)
    if problem is not None:
        return problem[1].replace(f"附件 {value} ", "").replace(f"附件路径 {value} ", "") or problem[1]
    path = root / value
    try:
        if path.stat().st_size == 0:
            return "文件为空"
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        from govproj.fsutil import describe

        return describe(exc).split("：", 1)[-1]
    suffix = path.suffix.lower()
    if suffix in (".docx", ".xlsx", ".pptx"):
        try:
            check_zip(path)
            with zipfile.ZipFile(path) as z:
                if "[Content_Types].xml" not in z.namelist():
                    return "不是有效的 Office 文档"
        except AttachmentProblem as exc:
            return str(exc)
        except (OSError, zipfile.BadZipFile):
            return "文件已损坏，无法打开"
    elif suffix == ".pdf" and not head.startswith(b"%PDF"):
        return "不是有效的 PDF 文件"
    return None
