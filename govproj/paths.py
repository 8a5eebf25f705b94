"""Every path govproj reads or writes for a dossier is resolved here, and nothing outside the
dossier is ever opened on the dossier's behalf.

* Attachments (``file:`` in the records) must be relative paths inside the dossier: an
  absolute path, ``~``, a drive letter, ``..``, a NUL or control character, an over-long name
  or a symbolic link that leads out is reported (``attachment_problem``) and never opened
  (``attachment_path`` returns None for it).
* Folders govproj writes into (``out/``, ``changes/``, ``progress/``) and files it rewrites
  (``budget.yaml``) must not be symbolic links leading out of the dossier (``dossier_target``).
* Files named on the command line that govproj reads whole (a rulepack, ``--answers``, a
  template) are read only when they are regular files under a size limit (``read_limited``):
  no FIFO that blocks forever, no ``/dev/zero`` that never ends.
* ``--output`` must not name a directory (``output_file``).

Every refusal is a ``PathProblem`` — an ``OSError`` whose text is a full Chinese sentence.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath

MAX_NAME_BYTES = 255  # one path component (ext4, NTFS, APFS)
MAX_PATH_BYTES = 1024  # a whole attachment path; far above any real one
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PathProblem(OSError):
    """A path govproj will not use; ``str()`` is a Chinese sentence naming it."""

    chinese = True

    def __init__(self, message: str, filename: str | None = None):
        super().__init__(errno.EINVAL, message)
        self.message = message
        self.filename = filename

    def __str__(self) -> str:
        return self.message


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def is_inside(root: Path, path: Path) -> bool:
    """``path`` (symbolic links followed) is ``root`` or below it."""
    return _below(real_root(root), os.path.realpath(path))


def real_root(root: Path) -> str:
    """The dossier folder with symbolic links resolved, for ``inside_real``."""
    return os.path.realpath(root)


def inside_real(root_real: str, rel: str) -> bool:
    """Whether ``rel`` (relative, no ``..``) below the folder whose real path is ``root_real`` stays
    inside it, symbolic links followed. Only the components below the folder are looked at (one
    ``lstat`` each); a link among them is resolved in full."""
    cur = root_real
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            return _below(root_real, os.path.realpath(os.path.join(root_real, rel)))
        cur = os.path.join(cur, part)
        try:
            if stat.S_ISLNK(os.lstat(cur).st_mode):
                return _below(root_real, os.path.realpath(os.path.join(root_real, rel)))
        except (OSError, ValueError):  # missing below here: nothing further can lead out
            return True
    return True


def _below(root_real: str, real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


# --------------------------------------------------------------------------- attachments


def attachment_problem(root: Path, root_real: Path | None, value: str) -> tuple[str, str, str] | None:
    """Why an attachment path is not acceptable — (rule, message, hint) — or None when it names a
    regular file inside the dossier. Only ``lstat``/``stat`` are used: nothing is opened."""
    if _CONTROL.search(value):
        shown = value.encode("unicode_escape").decode("ascii")
        return ("GP-ATTACH-MISSING", f"附件路径 {shown} 含有控制字符（如空字符），不是有效的文件名",
                "删除路径中的控制字符，写成 attachments/文件名 的形式。")
    if len(value.encode("utf-8")) > MAX_PATH_BYTES or any(len(part.encode("utf-8")) > MAX_NAME_BYTES
                                                          for part in value.replace("\\", "/").split("/")):
        return ("GP-ATTACH-MISSING", f"附件路径 {value[:60]}… 过长：文件名不能超过 {MAX_NAME_BYTES} 字节",
                "缩短文件名（汉字每字 3 字节），并重命名 attachments/ 中的文件。")
    p = PurePosixPath(value)
    if p.is_absolute() or value.startswith(("~", "\\")) or (len(value) > 1 and value[1] == ":"):
        return ("GP-ATTACH-OUTSIDE", f"附件路径 {value} 是绝对路径", "附件须放在档案目录内，并写相对路径，例如 attachments/报告.pdf。")
    if ".." in p.parts or ".." in value.split("\\"):
        return ("GP-ATTACH-OUTSIDE", f"附件路径 {value} 指向档案目录之外（含 ..）", "把文件复制到档案的 attachments/ 目录，并写相对路径。")
    target = root / value
    root_real = str(root_real) if root_real else real_root(root)
    try:
        if not inside_real(root_real, value):
            return ("GP-ATTACH-OUTSIDE", f"附件 {value} 是指向档案目录之外的符号链接",
                    "把文件本身复制到 attachments/ 目录，不要使用指向外部的链接。")
        st = os.stat(target)
    except (OSError, ValueError, RuntimeError):
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        hint = "检查文件名（含扩展名、大小写）是否与 attachments/ 中的文件一致，或把文件放到该位置。"
        if st is not None and stat.S_ISDIR(st.st_mode):
            hint = "这里应是一个文件而不是目录。"
        elif st is not None:
            hint = "这里应是普通文件（不是管道、设备或套接字）。"
        return ("GP-ATTACH-MISSING", f"附件 {value} 不存在", hint)
    return None


def attachment_path(root: Path, value) -> Path | None:
    """The attachment's path when govproj may open it (a regular file inside the dossier), else None."""
    if not isinstance(value, str) or not value:
        return None
    if attachment_problem(root, None, value) is not None:
        return None
    return root / value


# --------------------------------------------------------------------------- what govproj writes


def dossier_target(root: Path, rel: str) -> Path:
    """A file govproj writes inside the dossier (``out/x.docx``, ``changes/CR-001.yaml``,
    ``budget.yaml``): refused when it or a folder on the way is a symbolic link leading out."""
    target = root / rel
    probe = target
    while not os.path.lexists(probe) and probe != root and probe.parent != probe:
        probe = probe.parent
    if not is_inside(root, probe) or (os.path.lexists(target) and not is_inside(root, target)):
        raise PathProblem(f"{target} 是指向档案目录之外的符号链接（或位于这样的目录中），govproj 不会通过它写入档案以外的位置",
                          str(target))
    return target


def output_dir(root: Path, folder: Path) -> Path:
    """A folder govproj writes forms or reports into. Inside the dossier it must not lead out
    through a symbolic link; a folder the user names elsewhere is taken as given."""
    folder = Path(folder)
    lexical = Path(os.path.abspath(folder))
    root_abs = Path(os.path.abspath(root))
    if lexical == root_abs or root_abs in lexical.parents:
        dossier_target(root, str(lexical.relative_to(root_abs)))
    if folder.exists() and not folder.is_dir():
        raise PathProblem(f"输出目录 {folder} 已存在，但不是目录", str(folder))
    return folder


def output_file(path: Path, option: str = "--output") -> Path:
    """A file named with ``--output``/``--chart``: not a directory."""
    if Path(path).is_dir():
        raise PathProblem(f"{option} {path} 是一个目录；请给出文件名，例如 {Path(path) / 'report.txt'}", str(path))
    return Path(path)


# --------------------------------------------------------------------------- what govproj reads whole


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes; otherwise a
    ``PathProblem`` naming ``what`` (e.g. “规则包”). A FIFO is never opened."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        from govproj.fsutil import describe

        raise PathProblem(f"无法读取{what} {path}：{describe(exc).split('：', 1)[-1]}", str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        kind = "目录" if stat.S_ISDIR(st.st_mode) else "管道、设备或其他特殊文件"
        raise PathProblem(f"{what} {path} 是{kind}，不是普通文件", str(path))
    if st.st_size > limit:
        raise PathProblem(f"{what} {path} 过大：{st.st_size / 1024 / 1024:.1f} MB，超过 {limit // 1024 // 1024} MB 的上限", str(path))
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we read it
        raise PathProblem(f"{what} {path} 过大：超过 {limit // 1024 // 1024} MB 的上限", str(path))
    return data
