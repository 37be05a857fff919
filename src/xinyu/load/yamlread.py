"""Safe YAML reading that keeps the line and column of every key and item.

Guards: size limit, UTF-8 only (GBK is recognised and explained), no BOM, no tabs in indentation,
no anchors/aliases (they can blow up memory), no duplicate keys, bounded depth and node count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from xinyu.load.problems import Problem

try:  # libyaml's C loader is ~6× faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 512 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40

Path = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its data and where each part of it was written."""

    file: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos:
                return pos
        return (1, 1)


class YamlProblem(Exception):
    """Raised with a :class:`Problem` when a file cannot be read as content."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _fail(file: str, line: int, col: int, message: str, hint: str = "") -> YamlProblem:
    return YamlProblem(Problem(file, line, col, "", message, hint))


def decode(raw: bytes, file: str) -> str:
    """Bytes → text, explaining the encoding mistakes Windows editors make."""
    if len(raw) > MAX_BYTES:
        raise _fail(file, 0, 0, f"文件太大（{len(raw) // 1024} KB），不像是内容文件，上限 {MAX_BYTES // 1024} KB",
                    "把内容拆成几个文件，或检查是否误放了其他文件")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _fail(file, 1, 1, "文件开头有 BOM（字节顺序标记）",
                    "用编辑器“另存为”，编码选“UTF-8”（不要选“UTF-8 带 BOM”）")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, 1, 1, "文件是 UTF-16 编码，不是 UTF-8", "用编辑器“另存为”，编码选“UTF-8”")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        try:
            raw.decode("gbk")
            guess = "看起来是用 GBK（Windows 记事本的“ANSI”）保存的"
        except UnicodeDecodeError:
            guess = "含有不是 UTF-8 的字节"
        raise _fail(file, line, col, f"文件不是 UTF-8 编码：{guess}",
                    "用编辑器打开后“另存为”，编码选“UTF-8”，再重新构建") from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _fail(file, 1, 1, "文件是空的", "写入内容，或删除这个文件")
    if "\x00" in text:
        raise _fail(file, 1, 1, "文件含有空字符（\\0），不是文本文件", "确认这是 YAML 文本文件")
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _fail(file, number, indent.index("\t") + 1, "缩进里有 Tab 制表符，YAML 只能用空格缩进",
                        "把 Tab 换成两个空格（编辑器里可设置“用空格代替 Tab”）")
    return text


def _translate(err: yaml.YAMLError) -> str:
    problem = getattr(err, "problem", None) or str(err)
    known = {
        "mapping values are not allowed": "这里不能出现“键: 值”，可能是冒号后少了空格、缩进不对，或文本里的“: ”需要加引号",
        "could not find expected ':'": "找不到应有的英文冒号“:”",
        "found character '\\t' that cannot start any token": "这里有 Tab 制表符",
        "did not find expected key": "缩进不对齐，或列表项与键混在同一层",
        "did not find expected '-' indicator": "列表项缩进不对齐",
        "found undefined alias": "使用了未定义的别名（*）",
        "found unexpected end of stream": "文件意外结束，可能少了引号或括号",
        "found unknown escape character": "双引号字符串里有无法识别的反斜杠转义",
    }
    for key, text in known.items():
        if problem.startswith(key):
            return text
    return problem


def parse(text: str, file: str) -> Document:
    """Parse YAML text into a :class:`Document`; raise :class:`YamlProblem` on any problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(file, 1, 1, "文件是空的", "写入内容，或删除这个文件")
        positions: dict[Path, tuple[int, int]] = {}
        _walk(node, (), positions, file, set(), 0)
        data = loader.construct_document(node)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise _fail(file, line, col, f"YAML 格式错误：{_translate(err)}",
                    "检查这一行和上一行的缩进、冒号和引号") from None
    except yaml.YAMLError as err:
        raise _fail(file, 0, 0, f"YAML 格式错误：{_translate(err)}", "检查文件格式") from None
    except (ValueError, TypeError, OverflowError) as err:  # e.g. an impossible date 2026-02-30
        raise _fail(file, 0, 0, f"无法识别的值：{err}", "日期写成 2026-09-01 这样的真实日期，或加引号当作文本") from None
    finally:
        loader.dispose()
    return Document(file=file, data=data, positions=positions)


def _walk(node: yaml.Node, path: Path, positions: dict[Path, tuple[int, int]], file: str,
          seen: set[int], depth: int) -> None:
    if id(node) in seen:
        raise _fail(file, node.start_mark.line + 1, node.start_mark.column + 1,
                    "不支持 YAML 锚点和别名（& 和 *）", "把要重复的内容直接写出来")
    seen.add(id(node))
    if len(seen) > MAX_NODES or depth > MAX_DEPTH:
        raise _fail(file, node.start_mark.line + 1, node.start_mark.column + 1,
                    "内容层级太深或条目太多，不像是正常的内容文件", "拆分文件，或检查缩进")
    positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            if id(key_node) in seen or id(value_node) in seen:
                bad = key_node if id(key_node) in seen else value_node
                raise _fail(file, bad.start_mark.line + 1, bad.start_mark.column + 1,
                            "不支持 YAML 锚点和别名（& 和 *）", "把要重复的内容直接写出来")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _fail(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            "不支持 YAML 合并键（<<）", "把要重复的内容直接写出来")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            "键必须是简单的文字", "检查这里的写法")
            key: str | int = key_node.value
            if key_node.tag == "tag:yaml.org,2002:int" and key_node.value.isdigit():
                key = int(key_node.value)
            line = key_node.start_mark.line + 1
            if str(key) in keys:
                raise _fail(file, line, key_node.start_mark.column + 1,
                            f"键“{key}”重复出现（第一次在第 {keys[str(key)]} 行）", "删除或合并重复的键")
            keys[str(key)] = line
            seen.add(id(key_node))
            child = (*path, key)
            positions[child] = (line, key_node.start_mark.column + 1)
            _walk(value_node, child, positions, file, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), positions, file, seen, depth + 1)
