"""Safe YAML reading that keeps the line and column of every key and item.

Guards: size limit, UTF-8 only (GBK is recognised and explained; a BOM is dropped), no tabs in indentation,
no anchors/aliases (they can blow up memory), no duplicate keys, bounded depth and node count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, AnyStr

import yaml

from xinyu.load.problems import Problem

try:  # libyaml's C loader is ~6× faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 512 * 1024
MAX_NODES = 50_000

Path = tuple[str | int, ...]

_STR, _INT, _BOOL, _NULL = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
                            "tag:yaml.org,2002:null")
_SEQ, _MAP, _VALUE = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:value"
_IMPLICIT = _BaseLoader.yaml_implicit_resolvers


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's safe loader with a lean tag resolver.

    libyaml calls back into Python to resolve the tag of every scalar; PyYAML's generic resolver
    also looks up wildcard and path resolvers, which the safe schema never has. This one gives the
    same answers (a test compares it with ``yaml.safe_load``) at about half the cost."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


if None in _IMPLICIT or _BaseLoader.yaml_path_resolvers:  # pragma: no cover - a PyYAML we do not know
    _Loader = _BaseLoader  # type: ignore[misc]

#: What follows a key at the start of a line: the colon, then a space or the line's end.
_KEY_END = re.compile(r"[ \t]*:(?=[ \t\r\n]|$)")
_KEY_END_BYTES = re.compile(_KEY_END.pattern.encode("ascii"))
#: A line with something other than a comment on it.
_CONTENT_LINE = re.compile(r"^[^\S\n]*[^#\s]", re.MULTILINE)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _top_key(text: AnyStr, key: str, key_end: re.Pattern[AnyStr]) -> tuple[int, int] | None:
    """:meth:`Document.top_key` on text or on its UTF-8 bytes (the same lines either way)."""
    name: Any = key if isinstance(text, str) else key.encode("utf-8")
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    starts = [0] if text.startswith(name) else []
    at = text.find(newline + name)
    while at != -1:  # substring searches: a regex over the whole text cost more than the rest
        starts.append(at + 1)
        at = text.find(newline + name, at + 1)
    found = [start for start in starts if key_end.match(text, start + len(name))]
    if len(found) != 1:
        return None
    return (text.count(newline, 0, found[0]) + 1, 1)


@dataclass
class Document:
    """A parsed YAML file: its data, and its node tree for finding where a part was written.

    Positions are looked up only when a message needs one, so valid files cost nothing extra.
    ``source`` is the text, or the file's bytes when its model came from the check cache: they
    decoded cleanly before, so they are decoded again only when a message needs the text (a
    top-level key's line is found in the bytes themselves)."""

    file: str
    data: Any
    source: str | bytes = field(default="", repr=False)
    _node: yaml.Node | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.source, bytes):
            self.source = self.source.removeprefix(b"\xef\xbb\xbf")

    @property
    def text(self) -> str:
        """The file's text."""
        if isinstance(self.source, bytes):
            self.source = self.source.decode("utf-8")
        return self.source

    @property
    def node(self) -> yaml.Node | None:
        """The node tree, composed again on first use (only files with problems need it)."""
        if self._node is None and self.text:
            loader = _Loader(self.text)
            try:
                self._node = loader.get_single_node()
            except yaml.YAMLError:
                return None
            finally:
                loader.dispose()
        return self._node

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column of ``path`` (a key's own line for mappings), or of its nearest ancestor."""
        if not path:  # the document itself: its first line of content, found without parsing
            for number, line in enumerate(self.text.splitlines(), start=1):
                if line.strip() and not line.lstrip().startswith(("#", "---")):
                    return (number, 1)
            return (1, 1)
        if len(path) == 1 and isinstance(path[0], str) and self._node is None:
            found = self.top_key(path[0])
            if found is not None:
                return found
        return self.node_position(path)

    def top_key(self, key: str) -> tuple[int, int] | None:
        """The line of a top-level ``key:`` found in the text without composing the node tree
        (a reminder on every unscheduled lesson of a province would otherwise compose them all),
        or ``None`` unless exactly one line at column 1 reads ``key:``."""
        if isinstance(self.source, bytes):
            return _top_key(self.source, key, _KEY_END_BYTES)
        return _top_key(self.source, key, _KEY_END)

    def node_position(self, path: Path) -> tuple[int, int]:
        """:meth:`position` from the node tree."""
        node = self.node
        if node is None:
            return (1, 1)
        best = _mark(node)
        for key in path:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(key):
                        best, node = _mark(key_node), value_node
                        break
                else:
                    return best
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                node = node.value[key]
                best = _mark(node)
            else:
                return best
        return best


class _Refused(Exception):
    """Raised inside construction with what was refused and where."""

    def __init__(self, node: yaml.Node, message: str, hint: str, at: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.node, self.message, self.hint = node, message, hint
        #: Line and column when the place to point at is not where the node starts.
        self.at = at or _mark(node)


class _Builder:
    """Builds Python data from the node tree libyaml composed, in one tight pass, refusing what
    content never needs: anchors/aliases (a node met twice: the way to blow up memory), merge
    keys, complex keys, duplicate keys, and more nodes than content could have. Plain strings,
    ints, booleans and nulls are built here; other scalars (floats, dates) go to PyYAML's own
    safe constructor, so the values are exactly what ``yaml.safe_load`` gives."""

    def __init__(self, loader: Any, anchors: bool = True, text: str = "") -> None:
        self.loader = loader
        self._text = text
        self._lines: list[str] | None = None
        #: Whether the text can hold anchors at all (it has an ``&``); if not, nodes are not tracked.
        self.anchors = anchors
        self.seen: set[int] = set()
        self.count = 0

    @property
    def lines(self) -> list[str]:
        """The source text's lines, for checks that look at how a value was written (split on first use)."""
        if self._lines is None:
            self._lines = self._text.splitlines()
        return self._lines

    def plain(self, node: yaml.Node) -> Any:
        """:meth:`build` for text without ``&`` (``anchors=False``): no node can be met twice.

        Plain strings are taken inline; anything unusual (a tag, a non-text key, a duplicate key,
        a text that :meth:`text` must look at: in curly quotes, or holding “ - ”) goes to
        :meth:`build`, which gives the same values and the same refusals."""
        cls = type(node)
        if cls is yaml.SequenceNode and node.tag == _SEQ:
            self._count(node, len(node.value))
            return [item.value if type(item) is yaml.ScalarNode and item.tag == _STR
                    and (item.style or (item.value[:1] != "“" and " - " not in item.value))
                    else self.plain(item)
                    for item in node.value]
        if cls is yaml.MappingNode and node.tag == _MAP:
            pairs = node.value
            self._count(node, 2 * len(pairs))
            out: dict[Any, Any] = {}
            for key_node, value_node in pairs:
                if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR or key_node.value[:1] == "“":
                    return self.build(node)
                out[key_node.value] = (value_node.value if type(value_node) is yaml.ScalarNode and value_node.tag == _STR
                                       and (value_node.style or (value_node.value[:1] != "“"
                                                                 and " - " not in value_node.value))
                                       else self.plain(value_node))
            return out if len(out) == len(pairs) else self.build(node)
        return self.build(node)

    def text(self, node: yaml.ScalarNode) -> str:
        """A plain (unquoted) text value: typed “curly quotes” around the whole value are dropped
        (a Chinese input method puts them where YAML quotes were meant); a list item folded into
        the text above it by a mis-indented “- ” is refused."""
        value: str = node.value
        if node.end_mark.line > node.start_mark.line and " - " in value and self.lines:
            for number in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(self.lines))):
                line = self.lines[number]
                if line.lstrip().startswith("- "):
                    raise _Refused(node, "这一行的“- ”没有成为新的一项，而是并进了上面一项的文字里（缩进不一致）",
                                   "同一列表的各项“- ”要对齐：用相同的空格数缩进",
                                   (number + 1, len(line) - len(line.lstrip()) + 1))
        if value[:1] == "“" and value[-1:] == "”" and value.count("“") == 1 and value.count("”") == 1:
            return value[1:-1]
        return value

    def _count(self, node: yaml.Node, more: int) -> None:
        self.count += more
        if self.count > MAX_NODES:
            raise _Refused(node, "条目太多，不像是正常的内容文件", "拆分文件")

    def build(self, node: yaml.Node) -> Any:
        if self.anchors:
            if id(node) in self.seen:
                raise _Refused(node, "不支持 YAML 锚点和别名（& 和 *）", "把要重复的内容直接写出来")
            self.seen.add(id(node))
        self._count(node, 1)
        if isinstance(node, yaml.ScalarNode):
            tag = node.tag
            if tag == _STR:
                return self.text(node) if not node.style else node.value
            if tag == _INT and node.value.isdigit() and (node.value[0] != "0" or node.value == "0"):
                return int(node.value)
            if tag == _BOOL:
                return node.value.lower() in ("yes", "true", "on", "y")
            if tag == _NULL:
                return None
            try:
                return self.loader.construct_object(node, deep=True)
            except (ValueError, OverflowError) as err:  # e.g. an impossible date 2026-02-30
                raise _Refused(node, f"无法识别的值“{node.value}”：{err}",
                               "日期写成 2026-09-01 这样的真实日期，或加引号当作文本") from None
        if node.tag not in (_SEQ, _MAP):
            raise _Refused(node, f"不支持 YAML 标签“{node.tag}”",
                           "内容文件只用普通的文字、数字、列表和键值对，删掉 !! 开头的标签")
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            lines: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(key_node, "不支持 YAML 合并键（<<）", "把要重复的内容直接写出来")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(key_node, "键必须是简单的文字", "检查这里的写法")
                key = key_node.value if key_node.tag == _VALUE else self.build(key_node)  # “=” as a key is text
                line = key_node.start_mark.line + 1
                if key in lines:
                    raise _Refused(key_node, f"键“{key_node.value}”重复出现（第一次在第 {lines[key]} 行）",
                                   "删除或合并重复的键")
                lines[key] = line
                out[key] = self.build(value_node)
            return out
        return self.loader.construct_object(node, deep=True)  # pragma: no cover - no other node kinds


class YamlProblem(Exception):
    """Raised with a :class:`Problem` when a file cannot be read as content."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _fail(file: str, line: int, col: int, message: str, hint: str = "", text: str = "",
          field_line: int = 0) -> YamlProblem:
    """A problem at ``line``; with the file's ``text``, it names the field written there (or at
    ``field_line``) too."""
    field_line = field_line or line
    return YamlProblem(Problem(file, line, col, field_at_line(text, field_line) if text and field_line else "",
                               message, hint))


_KEY = re.compile(r"""^(?:(?P<key>[^\s#'"\[\]{}:,-][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)|(?P<typo>[A-Za-z_][\w-]*)\s*：)""")
_BLOCK = re.compile(r":\s*[|>][-+0-9]*\s*(?:#.*)?$")


def field_at_line(text: str, line: int) -> str:
    """The key path written at ``line`` (1-based), read from the indentation alone, such as
    ``activities[2].steps[1]`` (items counted from 1). Works on text YAML cannot parse, so that
    syntax, encoding and privacy problems name a field as validation problems do."""
    frames: list[list[Any]] = []  # [indent, name, kind, items]
    block: int | None = None  # indentation of a key holding a | or > block: deeper lines are its text
    for number, raw in enumerate(text.splitlines()[:line], start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", "---", "...")):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if block is not None:
            if indent > block:
                continue
            block = None
        rest, col = raw[indent:], indent
        while rest.startswith("- ") or rest == "-":  # list item(s), possibly nested on one line
            while frames and (frames[-1][0] > col or (frames[-1][2] == "item" and frames[-1][0] == col)):
                frames.pop()
            parent = frames[-1] if frames else None
            count = 1
            if parent is not None:
                parent[3] += 1
                count = parent[3]
            frames.append([col, count, "item", 0])
            body = rest[2:]
            col += 2 + len(body) - len(body.lstrip(" "))
            rest = body.lstrip(" ")
        m = _KEY.match(rest)
        if m:
            while frames and frames[-1][0] >= col:
                frames.pop()
            frames.append([col, (m["key"] or m["typo"]).strip().strip("'\""), "key", 0])
            if _BLOCK.search(rest):
                block = col
        elif number == line and frames and frames[-1][2] == "key" and frames[-1][0] >= indent:
            break  # a continuation line: it belongs to the key above
    out = ""
    for _, name, kind, _ in frames:
        out += f"[{name}]" if kind == "item" else (f".{name}" if out else str(name))
    return out


def decode(raw: bytes, file: str) -> str:
    """Bytes of a YAML file → text, explaining the encoding mistakes Windows editors make."""
    text = decode_utf8(raw, file)
    if not _CONTENT_LINE.search(text):
        raise _fail(file, 1, 1, "文件是空的", "写入内容，或删除这个文件")
    if "\x00" in text:
        raise _fail(file, 1, 1, "文件含有空字符（\\0），不是文本文件", "确认这是 YAML 文本文件")
    for number, line in enumerate(text.splitlines() if "\t" in text else (), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _fail(file, number, indent.index("\t") + 1, "缩进里有 Tab 制表符，YAML 只能用空格缩进",
                        "把 Tab 换成两个空格（编辑器里可设置“用空格代替 Tab”）", text.replace("\t", "  "))
    return text


def decode_utf8(raw: bytes, file: str) -> str:
    """Bytes of any content file (YAML or Markdown) → text: size, BOM, UTF-16 and GBK explained."""
    if len(raw) > MAX_BYTES:
        raise _fail(file, 0, 0, f"文件太大（{len(raw) // 1024} KB），不像是内容文件，上限 {MAX_BYTES // 1024} KB",
                    "把内容拆成几个文件，或检查是否误放了其他文件")
    if raw.startswith(b"\xef\xbb\xbf"):  # what Notepad and some Windows editors save: harmless, dropped
        raw = raw[3:]
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
                    "用编辑器打开后“另存为”，编码选“UTF-8”，再重新构建", raw.decode("utf-8", errors="replace")) from None
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
        "exceeded maximum nesting depth": "嵌套层级太深，不像是正常的内容文件",
        "could not determine a constructor for the tag": "不支持这个 YAML 标签（内容文件不用 ! 或 !! 开头的标签）",
        "found character that cannot start any token": "这个符号（如 @、`、%）不能出现在值的开头，这样的文字请加引号",
        "did not find expected alphabetic or numeric character": "& 或 * 开头会被当作锚点或别名，这样的文字请加引号",
        "did not find expected comment or line break": "值的后面多了内容（如引号结束后还有文字），请把整段文字放进引号",
        "could not find expected directive name": "% 开头的行会被当作 YAML 指令，这样的文字请加引号",
        "found unknown directive name": "% 开头的行会被当作 YAML 指令，这样的文字请加引号",
        "did not find expected whitespace or line break": "符号后面少了空格（“- ”和“: ”后要有空格），或这段文字需要加引号",
        "did not find expected node content": "这里缺少内容（“- ”或“: ”后面是空的，或 [ ] { } 没有写完）",
        "found unexpected non-alphabetical character": "这里有不能出现的符号，含特殊符号的文字请加引号",
        "block sequence entries are not allowed in this context": "这里不能开始列表（“- ”），检查缩进",
        "did not find expected tag URI": "! 开头会被当作 YAML 标签，这样的文字请加引号",
        "found unexpected ':'": "这里多了一个英文冒号“:”，含冒号的文字请加引号",
        "found an indentation indicator equal to 0": "“|”或“>”后面的缩进数字不能是 0",
        "found a tab character": "这里有 Tab 制表符，YAML 只能用空格",
        "expected ',' or ']'": "方括号 [ ] 里的列表没有写完，或少了逗号",
        "did not find expected ',' or ']'": "方括号 [ ] 里的列表没有写完（少了“]”），或少了逗号",
        "did not find expected ',' or '}'": "花括号 { } 里的内容没有写完（少了“}”），或少了逗号",
        "expected ',' or '}'": "花括号 { } 里的内容没有写完，或少了逗号",
    }
    for key, text in known.items():
        if problem.startswith(key):
            return text
    return f"无法解析（{problem}）"


#: A line whose key is followed by a full-width colon instead of ``: `` (a Chinese input method).
_FULL_WIDTH_KEY = re.compile(r"^[ ]*(?:- +)?[A-Za-z_][A-Za-z0-9_-]*[ ]*：")


def _full_width_colon(text: str, line: int) -> tuple[int, int] | None:
    """Where a key was typed with “：”, at or before the line YAML stopped at (it notices only
    on a later line): the nearest such line, and the colon's column."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        m = _FULL_WIDTH_KEY.match(lines[number - 1])
        if m:
            return number, m.end()
    return None


def parse(text: str, file: str) -> Document:
    """Parse YAML text into a :class:`Document`; raise :class:`YamlProblem` on any problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(file, 1, 1, "文件是空的", "写入内容，或删除这个文件")
        anchors = "&" in text
        # Without anchors the fast path builds the data; it hands the texts that need a closer look
        # (curly quotes, a list item that may have been folded into the line above) to the careful one.
        builder = _Builder(loader, anchors, text)
        data = builder.build(node) if anchors else builder.plain(node)
    except YamlProblem:
        raise
    except _Refused as err:
        raise _fail(file, *err.at, err.message, err.hint, text, _mark(err.node)[0]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        colon = _full_width_colon(text, line)
        if colon:
            raise _fail(file, colon[0], colon[1], "这里用了中文冒号“：”，请改成英文冒号“:”加空格",
                        "YAML 只认英文冒号；键和值之间写成“title: 内容”", text) from None
        raise _fail(file, line, col, f"YAML 格式错误：{_translate(err)}",
                    "检查这一行和上一行的缩进、冒号和引号", text) from None
    except yaml.YAMLError as err:
        raise _fail(file, 0, 0, f"YAML 格式错误：{_translate(err)}", "检查文件格式") from None
    except (ValueError, TypeError, OverflowError) as err:  # e.g. an impossible date 2026-02-30
        raise _fail(file, 0, 0, f"无法识别的值：{err}", "日期写成 2026-09-01 这样的真实日期，或加引号当作文本") from None
    finally:
        loader.dispose()
    return Document(file, data, text)
