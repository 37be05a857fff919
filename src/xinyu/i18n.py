"""Click's own text in Chinese: usage, option headings, errors and did-you-mean.

Click marks every message with :mod:`gettext` (``_`` and ``ngettext``, bound when each of its
modules is imported). :func:`install` rebinds them in those modules to look the message up here;
messages not listed stay as Click wrote them (a test lists every message Click can print for
our commands and checks that none is left in English).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

#: Click's message id → Chinese. ``{name!r}`` in an id may become “{name}” here (same keyword).
MESSAGES: dict[str, str] = {
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Choice({choices})": "可选（{choices}）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Commands": "命令",
    "Confirm the action without prompting.": "不再询问，直接确认。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Do you want to continue?": "要继续吗？",
    "Error: The two entered values do not match.": "错误：两次输入的不一致。",
    "Error: invalid input": "错误：输入无效",
    "Error: {message}": "错误：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不用写值。",
    "Options": "选项",
    "Positional arguments": "位置参数",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "再输入一次确认",
    "Show the version and exit.": "显示版本号后退出。",
    "Show this message and exit.": "显示本帮助后退出。",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Usage:": "用法：",
    "Value must be an iterable.": "值必须是一组。",
    "default: {default}": "默认：{default}",
    "deprecated": "已弃用",
    "directory": "文件夹",
    "env var: {var}": "环境变量：{var}",
    "file": "文件",
    "path": "路径",
    "required": "必填",
    "unknown error": "未知错误",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，这里要的是文件。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里要的是文件夹。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 的范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可写：{states}",
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了参数（{args}）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Did you mean {possibility}?": "是不是想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是想写其中之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项“{name}”后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面要写 {nargs} 个值。",
    "{value!r} is not {choice}.": "“{value}”不可用，只能是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不可用，可选：{choices}。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合格式 {formats} 中的任何一种。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
}

#: Click's modules that bind ``_`` / ``ngettext`` at import.
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    """The Chinese text of one of Click's messages (unchanged if not known)."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware lookup: Chinese has one form, but Click's two ids are both listed."""
    return gettext(singular if n == 1 else plural)


def install(record: Callable[[str], None] | None = None) -> None:
    """Make Click speak Chinese. ``record`` (tests) is told every message id looked up."""

    def lookup(message: str) -> str:
        if record:
            record(message)
        return gettext(message)

    def plural(singular: str, plural_: str, n: int) -> str:
        if record:
            record(singular if n == 1 else plural_)
        return ngettext(singular, plural_, n)

    from click import types

    # Type names show in help (as metavars) and in "not a valid ..." errors.
    for cls, word in ((types.StringParamType, "文字"), (types.IntParamType, "整数"), (types.FloatParamType, "数字"),
                      (types.BoolParamType, "是/否"), (types.UUIDParameterType, "UUID")):
        cls.name = word
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = lookup  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = plural  # type: ignore[attr-defined]
