"""Safe writes: a file is written to a temporary sibling and renamed over the target, so a
crash or a full disk never leaves a half-written file behind (the temporary file is removed
on any failure). A target that is a device or a pipe (``--output /dev/stdout``) is written
directly — never replaced by a regular file; a symbolic link to a regular file is replaced,
not written through.
OS errors are explained in Chinese by ``describe``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额",
    errno.EISDIR: "这是一个目录，不是文件", errno.ENOTDIR: "路径中有一段不是目录", errno.ENOENT: "文件或目录不存在",
    errno.EROFS: "位于只读文件系统", errno.ENAMETOOLONG: "文件名过长", errno.ENXIO: "没有进程在读取这个管道",
    errno.ELOOP: "符号链接层数过多（可能是循环链接）", errno.EEXIST: "已存在", errno.EBUSY: "正被占用",
    errno.EMFILE: "打开的文件过多", errno.ETXTBSY: "正被占用", errno.EIO: "读写出错（输入/输出错误）",
    errno.EINVAL: "参数无效", errno.EFBIG: "文件过大",
}


def reason(exc: OSError) -> str:
    """Why an OS call failed, in Chinese (“没有权限”); the system's words for a rare error."""
    return _REASONS.get(exc.errno) or exc.strerror or type(exc).__name__


def describe(exc: OSError) -> str:
    """A Chinese sentence for an OS error: what, where and why."""
    why = reason(exc)
    if getattr(exc, "chinese", False):  # govproj.paths.PathProblem: already a full sentence
        return str(exc)
    name = exc.filename if exc.filename is not None else ""
    return f"无法读写 {name}：{why}" if name else f"文件操作失败：{why}"


def atomic_write(path: Path | str, data: str | bytes, encoding: str = "utf-8") -> None:
    path = Path(path)
    raw = data.encode(encoding) if isinstance(data, str) else data
    try:
        st = os.stat(path)  # follows a symbolic link
    except FileNotFoundError:
        st = None
    except OSError as exc:
        if exc.errno != errno.ENOTDIR:
            raise
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_special(path, raw, st)
        return
    # a symbolic link to a regular file is replaced by the new file, never written through: a link
    # planted in a dossier cannot redirect govproj's output to a file elsewhere
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(path)
    import tempfile  # only when writing: `check` reads and never needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777 if st is not None else 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _sync_dir(path.parent)


def clean_stale(path: Path) -> list[Path]:
    """Remove temporary siblings of ``path`` left by a govproj process that was killed (SIGKILL,
    power loss) before it could clean up: ``.<name>.<pid>.*.tmp`` whose process is gone."""
    removed = []
    try:
        candidates = list(path.parent.glob(f".{glob_escape(path.name[:200])}.*.tmp"))
    except OSError:
        return removed
    for p in candidates:
        parts = p.name[len(path.name[:200]) + 2:].split(".")
        if not parts or not parts[0].isdigit() or _alive(int(parts[0])):
            continue
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def clean_stale_tree(root: Path) -> list[Path]:
    """``clean_stale`` for every file govproj may have been writing below ``root`` (``.git`` aside)."""
    import re

    pattern = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")
    removed = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for f in files:
            m = pattern.match(f)
            if m and not _alive(int(m.group("pid"))):
                try:
                    os.unlink(os.path.join(folder, f))
                    removed.append(Path(folder) / f)
                except OSError:
                    pass
    return removed


def glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _write_special(path: Path, raw: bytes, st: os.stat_result) -> None:
    """A character device or a pipe: write straight into it (a FIFO without a reader is an error,
    not a hang)."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    if stat.S_ISFIFO(st.st_mode):
        flags |= os.O_NONBLOCK
    fd = os.open(path, flags)
    try:
        if stat.S_ISFIFO(st.st_mode):
            os.set_blocking(fd, True)
        view = memoryview(raw)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    finally:
        os.close(fd)


def _sync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX: fsync the directory)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
