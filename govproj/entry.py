"""The ``govproj`` console script.

Kept tiny on purpose: ``govproj --version`` answers without importing the CLI framework, a plain
``govproj check`` runs without it too (``cli_check.fast_check``), and every other call imports only
what its command needs. Errors that escape a command become a
Chinese message, never a traceback (set ``GOVPROJ_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import os
import sys

EXIT_INTERNAL = 3


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from govproj import __version__

        print(f"govproj {__version__}")
        raise SystemExit(0)
    try:
        code = None
        if args[:1] == ["check"]:
            from govproj.cli_check import fast_check

            code = fast_check(args[1:])
        if code is None:
            from govproj.cli import run

            code = run(args)
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # `govproj check | head`
        code = 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("GOVPROJ_DEBUG"):
            raise
        print(
            f"govproj 内部错误：{type(exc).__name__}: {exc}\n"
            "这是 govproj 的缺陷，不是您的输入有误。请设置环境变量 GOVPROJ_DEBUG=1 重新运行，并把输出附在问题报告中。",
            file=sys.stderr,
        )
        code = EXIT_INTERNAL
    raise SystemExit(code)
