"""Read one YAML file of a dossier: fast, exact and safe.

* Parsing uses libyaml through PyYAML's ``CParser`` (the fastest C loader available to
  Python, see ``docs/performance.md``); ruamel.yaml is used only where a file is rewritten.
* Values are built here, not by a YAML constructor, following the YAML 1.2 core schema:
  plain ``480.5`` becomes ``Decimal("480.5")`` (never a float), plain ``2026-11-22`` a
  ``date``, ``yes``/``no`` stay text. Quoted scalars are always text.
* The composed node tree is kept so that any value can be located later (``locate``),
  lazily: positions cost nothing until a finding needs one.
* Hostile input gets a clear Chinese message, never a traceback or a hang: size limit,
  non-UTF-8 bytes, tabs, duplicate keys, alias explosions ("billion laughs"), deep nesting,
  several documents in one file, unsupported tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # libyaml is bundled in PyYAML's wheels; the pure parser is a slow but correct fallback
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_FILE_BYTES = 5 * 1024 * 1024  # a dossier record is a few KB; 5 MB is generous
MAX_VALUES = 1_000_000  # values built from one file, aliases counted each time they expand
MAX_DEPTH = 200  # nesting levels; real records use fewer than 10
# Bounds of the values a dossier can hold (docs/dossier.md "取值范围"): anything beyond is a typing
# slip or hostile input, reported where it is instead of reaching the rules as an exact number.
MAX_INT_DIGITS = 15  # 万元 amounts below 10^15 cover any project; Python refuses int() past 4300 digits
MAX_NUMBER_EXPONENT = 14  # |value| < 10^15, the same ceiling for numbers written with a point or exponent
MIN_NUMBER_EXPONENT = -12  # no dossier value needs more than 12 decimals (amounts allow 4, checked by the schema)
MIN_DATE = date(1990, 1, 1)  # the first 政务信息化 projects; a dossier date before this is a slip
MAX_DATE = date(2099, 12, 31)  # the PRC calendar data and any plan end well before this
_FLOW_SCAN_THRESHOLD = 2000  # more '[' / '{' than this and flow nesting is measured first

PLAIN = "?plain"  # tag given to untagged plain scalars, resolved by ``_plain_value``


class YamlReadError(Exception):
    """The file cannot be read as a YAML mapping. Carries a Chinese message and a position."""

    def __init__(self, message: str, hint: str = "", line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


@dataclass(slots=True)
class Problem:
    """A problem inside a file that is otherwise readable (a duplicate key, a value out of range)."""

    message: str
    hint: str
    line: int
    column: int
    path: tuple
    rule: str = "GP-YAML-DUPKEY"


class _OutOfRange(Exception):
    def __init__(self, message: str, hint: str):
        self.message, self.hint = message, hint


@dataclass(slots=True)
class YamlDocument:
    data: dict
    root: MappingNode
    problems: list[Problem]
    # where the typed values are, noted while building so that no later step walks the record again:
    dates: list = ()  # paths of plain values read as dates (``boundary`` checks them against the schema)
    date_texts: list = ()  # paths of quoted texts shaped like a date (a date field turns them into dates)
    ints: list = ()  # paths of integers (a number field turns them into Decimal)
    finest_exponent: int = 0  # the smallest exponent of any decimal read (-5: five decimal places)

    def locate(self, path) -> tuple[int, int]:
        return locate(self.root, path)


class _Loader(_Parser, yaml.resolver.BaseResolver):
    """libyaml parser + composer with no implicit typing: every plain scalar is tagged PLAIN."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        yaml.resolver.BaseResolver.__init__(self)

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            return PLAIN
        return super().resolve(kind, value, implicit)


# --------------------------------------------------------------------------- reading


def read_yaml(raw: bytes) -> YamlDocument:
    """Parse the bytes of one dossier file. Raises ``YamlReadError`` if it cannot be read."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlReadError(
            f"文件过大：{len(raw) / 1024 / 1024:.1f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限",
            "档案中的 YAML 记录通常只有几 KB；大文件（扫描件、数据表）请放到 attachments/ 目录并在记录中引用其路径。",
        )
    text = _decode(raw)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlReadError("文件为空，没有任何内容", "按文档填写该文件的字段，或删除这个空文件。", 1, 1)
    _check_tabs(text)
    if text.count("[") + text.count("{") > _FLOW_SCAN_THRESHOLD:
        _check_flow_depth(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _translate(exc) from None
    except yaml.reader.ReaderError as exc:  # a control character: libyaml gives its UTF-8 byte offset, no mark
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        code = exc.character if isinstance(exc.character, int) else 0
        raise YamlReadError(f"YAML 语法错误：含有不可见的控制字符（U+{code:04X}）", _CONTROL_HINT,
                            before.count("\n") + 1, len(before) - before.rfind("\n")) from None
    except yaml.YAMLError as exc:  # other reader errors carry no mark of the MarkedYAMLError kind
        raise YamlReadError(f"YAML 无法解析：{exc}", "检查文件的编码和特殊字符。") from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlReadError("文件为空，没有任何内容", "按文档填写该文件的字段，或删除这个空文件。", 1, 1)
    if not isinstance(root, MappingNode):
        kind = "列表" if isinstance(root, SequenceNode) else "单个值"
        raise YamlReadError(
            f"文件内容不是 YAML 映射（键: 值），而是一个{kind}",
            "档案文件的最外层应是“字段名: 值”的形式，例如 name: 某某项目。这可能不是一个档案 YAML 文件。",
            root.start_mark.line + 1,
            root.start_mark.column + 1,
        )
    builder = _Builder()
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise _too_deep(None, None) from None
    return YamlDocument(data, root, builder.problems, builder.dates, builder.date_texts, builder.ints,
                        builder.finest_exponent)


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码，"
        except UnicodeDecodeError:
            guess = "这可能不是文本文件（例如 .docx 或图片被改成了 .yaml），"
        raise YamlReadError(
            f"文件不是 UTF-8 编码：第 {exc.start + 1} 个字节 0x{raw[exc.start]:02X} 无法按 UTF-8 解读",
            f"{guess}请用编辑器以 UTF-8 编码另存该文件。",
            line,
            column,
        ) from None
    if "\x00" in text:
        pos = text.index("\x00")
        line, column = _line_col(text, pos)
        raise YamlReadError("文件含有空字符（NUL），不是文本文件", "这可能是二进制文件，请检查文件内容。", line, column)
    return text


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


_TAB_INDENT = re.compile(r"^( *)\t", re.M)


def _check_tabs(text: str) -> None:
    m = _TAB_INDENT.search(text)
    if m:
        line, column = _line_col(text, m.end() - 1)
        raise YamlReadError(
            "使用了制表符（Tab）缩进，YAML 只允许用空格缩进",
            "把行首的 Tab 换成空格（通常每级 2 个空格）；编辑器可设置“用空格代替 Tab”。",
            line,
            column,
        )


def _check_flow_depth(text: str) -> None:
    """Measure flow nesting with the event parser, which keeps no C recursion (libyaml's
    composer recurses and would crash on a file of 100 000 '[')."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _translate(exc) from None


# libyaml's problem texts → what a user should read. Checked in order; first match wins.
_CONTROL_HINT = "删除该位置的控制字符（常见于从网页或 Word 复制的文本）。"
_PROBLEMS = [
    ("found character '\\t' that cannot start any token", "含有制表符（Tab），YAML 只允许用空格缩进", "把 Tab 换成空格。"),
    ("tab", "含有制表符（Tab），YAML 只允许用空格缩进", "把 Tab 换成空格。"),
    ("mapping values are not allowed", "此处不能出现“键: 值”", "检查上一行是否缺少缩进，或值中含有“: ”时给整个值加引号。"),
    ("could not find expected ':'", "缺少冒号“:”", "“键: 值”之间需要英文冒号加空格；若这行是上一个值的续行，请给值加引号。"),
    ("did not find expected key", "缩进不一致，找不到预期的字段名", "同一层级的字段应左对齐；检查这一行及上一行的缩进。"),
    ("did not find expected '-' indicator", "列表缩进不一致", "同一列表的各项“- ”应左对齐。"),
    ("block sequence entries are not allowed", "此处不能开始列表项", "列表项“- ”应另起一行并比父字段多缩进。"),
    ("found undefined alias", "引用了未定义的锚点（*别名）", "先用 &名称 定义锚点再用 *名称 引用，或直接写出值。"),
    ("expected a single document", "文件含有多个 YAML 文档（---）", "每个档案文件只能有一个文档：删除多余的 “---” 分隔线。"),
    ("found unknown escape character", "双引号字符串中有无效的转义字符", "反斜杠 \\ 在双引号中需写成 \\\\，或改用单引号。"),
    ("found unexpected end of stream", "文件意外结束：可能有未闭合的引号或括号", "检查引号、[ ] 和 { } 是否成对。"),
    ("did not find expected node content", "此处缺少值", "检查是否有多余的逗号或冒号。"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合", "检查 [ ] 是否成对，列表项之间用英文逗号分隔。"),
    ("did not find expected ',' or '}'", "花括号映射没有闭合", "检查 { } 是否成对，各项之间用英文逗号分隔。"),
    ("found undefined tag handle", "使用了未定义的标签（!）", "去掉值前面的 ! 标签。"),
    ("control characters are not allowed", "含有不可见的控制字符", _CONTROL_HINT),
    ("found unexpected ':'", "出现了多余的冒号", "值中含有冒号时请给整个值加引号。"),
    ("did not find expected comment or line break", "引号结束后还有多余内容", "一个值只能有一对引号；需要时给整个值加引号。"),
    ("could not find expected", "YAML 语法错误", "检查该位置附近的冒号、引号和缩进。"),
]


def _too_deep(line: int | None, column: int | None) -> YamlReadError:
    """One message for deep nesting, whichever layer refuses it: our own depth count, or libyaml
    itself (PyYAML >= 6.0.3 bundles a libyaml that stops at 1000 levels)."""
    return YamlReadError(
        f"嵌套层级过深（超过 {MAX_DEPTH} 层），无法读取",
        "档案记录的嵌套通常不超过 10 层；请检查是否误用了大量括号或缩进。",
        line,
        column,
    )


def _translate(exc: yaml.MarkedYAMLError) -> YamlReadError:
    problem = (exc.problem or "") + " " + (exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if "nesting depth" in problem:
        return _too_deep(line, column)
    for needle, message, hint in _PROBLEMS:
        if needle in problem:
            return YamlReadError(f"YAML 语法错误：{message}", hint, line, column)
    return YamlReadError(f"YAML 语法错误（{problem.strip()}）", "检查该位置附近的冒号、引号和缩进。", line, column)


# --------------------------------------------------------------------------- building values

_INT = re.compile(r"[-+]?[0-9]+\Z")
_DECIMAL = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_STR_TAG = "tag:yaml.org,2002:str"


def _plain_value(text: str):
    """YAML 1.2 core schema resolution of a plain scalar, with exact decimals and dates."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(text):
            digits = len(text.lstrip("+-").lstrip("0"))
            if digits > MAX_INT_DIGITS:  # checked before int(): Python refuses to convert > 4300 digits
                raise _OutOfRange(f"整数 {_short(text)} 有 {digits} 位，超出档案数值的上限（{MAX_INT_DIGITS} 位）",
                                  "检查是否多输入了数字；金额以万元为单位。")
            return int(text)
        if _DECIMAL.match(text):
            try:
                value = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                return text
            if value and (value.adjusted() > MAX_NUMBER_EXPONENT or value.as_tuple().exponent < MIN_NUMBER_EXPONENT):
                raise _OutOfRange(f"数值 {_short(text)} 超出档案数值的范围（绝对值小于 10^{MAX_NUMBER_EXPONENT + 1}，"
                                  f"最多 {-MIN_NUMBER_EXPONENT} 位小数）",
                                  "检查是否误用了科学计数法（如 1e30）或多输入了数字；金额以万元为单位。")
            return value
        if _DATE.match(text):
            try:
                day = date.fromisoformat(text)
            except ValueError:
                return text  # 2026-02-30 stays text; the schema's date format reports it
            if not MIN_DATE <= day <= MAX_DATE:
                raise _OutOfRange(f"日期 {text} 超出项目可能的范围（{MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()}）",
                                  "检查年份是否写错。")
            return day
    return text


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…{text[-6:]}"


class _Builder:
    """Values from the composed nodes. A container is built with its path (a tuple, for the
    positions of problems and the typed values noted on the way); a scalar child is built with
    its parent's path and its own key, and its path is made only when something is noted."""

    def __init__(self):
        self.count = 0
        self.problems: list[Problem] = []
        self.dates: list[tuple] = []
        self.date_texts: list[tuple] = []
        self.ints: list[tuple] = []
        self.finest_exponent = 0

    def build(self, node, path: tuple):
        if isinstance(node, ScalarNode):
            self.count += 1
            return self._scalar(node, path[:-1], path[-1] if path else None)
        return self._container(node, path)

    def _container(self, node, path: tuple):
        self.count += 1 + len(node.value)
        if self.count > MAX_VALUES:
            raise YamlReadError(
                f"展开后的值超过 {MAX_VALUES:,} 个，疑似别名炸弹（billion laughs）",
                "档案记录不需要大量的锚点（&）与别名（*）；请直接写出值。",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if len(path) > MAX_DEPTH:
            raise _too_deep(node.start_mark.line + 1, node.start_mark.column + 1)
        scalar, container = self._scalar, self._container
        if isinstance(node, SequenceNode):
            return [scalar(child, path, i) if isinstance(child, ScalarNode) else container(child, path + (i,))
                    for i, child in enumerate(node.value)]
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlReadError(
                    "字段名必须是简单文本，不能是列表或映射",
                    "检查这一行的写法：字段名后面应紧跟冒号。",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            key = key_node.value
            if key in result or (key == "<<" and key_node.tag == PLAIN):
                self._bad_key(node, key_node, path)
                continue
            if isinstance(value_node, ScalarNode):
                result[key] = scalar(value_node, path, key)
            else:
                result[key] = container(value_node, path + (key,))
        return result

    def _scalar(self, node, parent: tuple, step):
        if node.tag == PLAIN:
            try:
                value = _plain_value(node.value)
            except _OutOfRange as exc:  # reported where it is; the loader adds the field's name
                self.problems.append(Problem(exc.message, exc.hint, node.start_mark.line + 1,
                                             node.start_mark.column + 1, _child(parent, step), "GP-SCHEMA"))
                return None
            kind = type(value)
            if kind is Decimal:
                exponent = value.as_tuple().exponent
                if exponent < self.finest_exponent:
                    self.finest_exponent = exponent
            elif kind is int:
                self.ints.append(_child(parent, step))
            elif kind is date:
                self.dates.append(_child(parent, step))
            return value
        if node.tag == _STR_TAG or node.style:
            text = node.value
            if len(text) == 10 and _DATE.match(text):
                self.date_texts.append(_child(parent, step))
            return text
        raise YamlReadError(
            f"不支持的 YAML 标签 {node.tag}",
            "档案文件中的值不需要标签；删除值前面的 !!标签。",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )

    def _bad_key(self, node, key_node, path: tuple) -> None:
        key = key_node.value
        if key == "<<" and key_node.tag == PLAIN:
            raise YamlReadError(
                "不支持 YAML 合并键（<<）",
                "请直接写出各字段。",
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
        first = _key_node(node, key)
        self.problems.append(
            Problem(
                f"字段 {key} 重复出现（第一次在第 {first.start_mark.line + 1} 行）",
                "同一映射中每个字段只能出现一次：删除或合并重复的字段。",
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
                path + (key,),
            )
        )


def _child(parent: tuple, step) -> tuple:
    return parent if step is None else parent + (step,)


def _key_node(mapping: MappingNode, key: str):
    for k, _ in mapping.value:
        if k.value == key:
            return k
    return mapping  # pragma: no cover


# --------------------------------------------------------------------------- positions


def json_path(path) -> str:
    """("items", 3, "amount") → ``items[3].amount``, as messages name a field."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def locate(root, path) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path`` (keys and list indexes). When the path
    leads to something missing, the position of the nearest existing parent is returned."""
    node = root
    for step in path:
        nxt = None
        if isinstance(node, MappingNode) and isinstance(step, str):
            for k, v in node.value:
                if k.value == step:
                    nxt = v
                    break
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            nxt = node.value[step]
        if nxt is None:
            break
        node = nxt
    return node.start_mark.line + 1, node.start_mark.column + 1


def locate_key(root, path) -> tuple[int, int]:
    """Position of the *key* of the last step (for "unknown field" messages)."""
    if not path:
        return 1, 1
    parent = root
    for step in path[:-1]:
        parent_next = None
        if isinstance(parent, MappingNode):
            for k, v in parent.value:
                if k.value == step:
                    parent_next = v
        elif isinstance(parent, SequenceNode) and isinstance(step, int) and 0 <= step < len(parent.value):
            parent_next = parent.value[step]
        if parent_next is None:
            return parent.start_mark.line + 1, parent.start_mark.column + 1
        parent = parent_next
    if isinstance(parent, MappingNode):
        for k, _ in parent.value:
            if k.value == path[-1]:
                return k.start_mark.line + 1, k.start_mark.column + 1
    return parent.start_mark.line + 1, parent.start_mark.column + 1
