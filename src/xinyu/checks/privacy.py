"""Privacy guard (NEVER-1): personal data must never reach the public site.

Finds resident ID numbers, mobile numbers, landlines, QQ numbers, WeChat IDs, e-mail addresses and
home addresses down to building and room, written the way people really write them:

- in any width (``１３８…``, ``＠``) and in Chinese numerals (``一三八…``, ``幺``, ``壹贰叁``), or mixed;
- with separators between the digits: spaces of any width, dots, hyphens and dashes of any
  width, slashes, brackets, zero-width characters, a line break inside folded YAML text;
- inside link URLs and query strings, percent-encoded or not (``tel:``, ``?phone=``).

How the text is normalised (NFKC, then separators between digits removed) without losing where
things were written: a cheap pass (one regular expression) finds *runs* of digit-like characters
with at most a few separators between them; only these runs are normalised, digit by digit,
each digit keeping its offset in the original text. The same holds for the short windows around an
``@``, a WeChat or QQ keyword, or a URL. So lines and columns are always those of the original
text, and texts without such runs or keywords cost one regex search.

False alarms are kept down by validation, not by guessing: a candidate number must start and end
where the writer put a separator (or where digits change script), the groups between separators
must have a shape people use (one group, single digits, or groups of two or more), and the digits
must form a valid number (mobile ``1[3-9]`` + 9 digits; a landline with a real area code; an ID with
a real region, birth date and GB 11643 check digit). Dates, times, page ranges, years such as
2026-2027, "第 3 栋教学楼" and rows of a schedule do not pass.

Public hotlines, the school landlines a district publishes and public e-mail addresses in
``content/site.yml`` are allowed. Findings never echo the data: it is masked (138****5678).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, unquote_plus

import yaml

from xinyu.load.cache import FileCache, digest
from xinyu.load.problems import Problem, field_path, relative
from xinyu.model.project import Project

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
#: First two digits of a resident ID: the province (GB/T 2260), plus 71/81/82 (Taiwan, HK, Macao).
_PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
                       "61 62 63 64 65 71 81 82 83 91".split())

#: Chinese numerals people use for single digits of a number (phone numbers are read digit by
#: digit: 幺 and its common mistyping 么 for 1, 两 for 2; capital numerals from banking forms).
ZH_DIGITS = {
    "〇": "0", "零": "0", "一": "1", "幺": "1", "么": "1", "壹": "1", "二": "2", "两": "2", "贰": "2", "貳": "2",
    "三": "3", "叁": "3", "參": "3", "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6", "陸": "6",
    "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}
_ZH = "".join(ZH_DIGITS)
#: A digit: ASCII, full width (what Chinese input methods give) or a Chinese numeral. An explicit
#: class, not \d: the regex engine tests a Unicode category for \d, at twice the cost.
_D = rf"[0-9０-９{_ZH}]"
#: What people put between digits: spaces of every width (and NBSP), zero-width characters and the
#: soft hyphen, dots and middle dots, hyphens and dashes of every width (incl. the katakana long
#: vowel mark IMEs give for "-"), underscores, slashes and brackets.
SEPARATORS = frozenset(
    "\t \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    ".\uff0e\u00b7\u30fb\uff65\u2022\u2027\u2219"
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u30fc_\uff3f"
    "/\uff0f\\\uff3c()\uff08\uff09")
_SEP = "[" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"
#: Between two digits: up to four separators, or a line break (a folded YAML or Markdown line)
#: with only blanks after it (a new list item ``- `` or a new key is not a continuation).
_GAP_FOLD = rf"(?:{_SEP}{{1,4}}|{_SEP}{{0,3}}\r?\n[ \t\u3000]*)"
_GAP_FLAT = rf"(?:{_SEP}{{1,4}})"
#: A run of digits. The pattern starts with one character class, which the regex engine scans
#: for quickly; 一, 么 and 两 (a quarter of all Chinese text's digit-like characters, as in 一起,
#: 什么, 两人) are left out of that first class, and a run is extended over them to its left in
#: code. Every number of interest has another digit early on (a mobile's second digit is 3-9).
_RUN_START = "[0-9０-９" + "".join(c for c in ZH_DIGITS if c not in "一么两") + "]"
_RUN_FOLD = re.compile(rf"{_RUN_START}(?:{_GAP_FOLD}?{_D}){{3,}}[xXｘＸ]?")
_RUN_FLAT = re.compile(rf"{_RUN_START}(?:{_GAP_FLAT}?{_D}){{3,}}[xXｘＸ]?")
_DIGIT_CHARS = frozenset(ZH_DIGITS) | frozenset("0123456789０１２３４５６７８９")

#: WeChat keywords: 微信 and its homophones, vx/wx in any width, wxid_.
_WECHAT_KEYS = re.compile(r"微信|威信|薇信|维信|徽信|wechat|weixin|wxid_|[vｖ]信|加[vｖ]"
                          r"|(?<![a-zａ-ｚ])[vwｖｗ][xｘ](?![a-zａ-ｚ])", re.I)
#: Where a URL may hide a number from the plain scan: percent-encoding, or + for a space in a query.
_URL_ANCHOR = re.compile(r"%[0-9A-Fa-f]{2}|[?&][\w.-]+=[^&\s]*\+")
_URL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&*+,;=%")

# --------------------------------------------------------------------------- addresses
_N = r"[0-9０-９〇零一二三四五六七八九十百两]"
_NA = r"[0-9０-９]"
_SP = r"[ \u3000]?"
_BLD = r"(?:栋|幢|座|号楼|号院)"
#: A building number: digits (any width, Chinese numerals) or one letter (A座, B栋).
_BN = r"(?:[0-9０-９〇零一二三四五六七八九十百两]{1,4}|(?<![A-Za-z])[A-Za-zＡ-Ｚａ-ｚ])"
_ROOM = r"(?:室|房|户)"
#: Words for a residential compound: a building number after one of these is a home address.
_ESTATE = (r"(?:小区|花园|公寓|家园|新村|新城|社区|大厦|嘉园|华庭|华府|名城|名苑|山庄|雅居|雅苑|公馆|府邸|家属院|家属区"
           r"|宿舍区|[\u4e00-\u9fff]苑)")
_ADDRESSES = [
    # 3栋2单元502室, 3号楼2单元, 2单元502室
    re.compile(rf"{_BN}{_SP}{_BLD}{_SP}{_N}{{1,3}}{_SP}单元(?:{_SP}{_N}{{1,5}}{_SP}(?:{_ROOM}|号)?)?"
               rf"|(?<!第){_N}{{1,3}}{_SP}单元{_SP}{_NA}{{2,5}}{_SP}(?:{_ROOM}|号)"),
    # 4栋301, 3号楼201室, 1幢3号, 5栋12楼1201
    re.compile(rf"{_BN}{_SP}{_BLD}{_SP}(?:{_N}{{1,2}}{_SP}(?:楼|层){_SP})?"
               rf"(?:{_NA}{{3,5}}(?!{_NA})(?:{_SP}(?:{_ROOM}|号))?|{_N}{{1,5}}{_SP}(?:{_ROOM}|号))"),
    # 阳光小区3栋, 幸福家园 5 号楼, 阳光小区3-2-502
    re.compile(rf"{_ESTATE}{_SP}(?:{_N}{{1,4}}{_SP}(?:期|区|排){_SP})?(?:{_BN}{_SP}{_BLD}"
               rf"(?:{_SP}{_N}{{1,5}}{_SP}(?:单元|楼|层|{_ROOM}|号))*(?:{_SP}{_NA}{{3,5}}(?!{_NA}))?|{_NA}{{1,3}}[-－—–]{_NA}{{1,2}}[-－—–]{_NA}{{3,4}}(?!{_NA}))"),
    # 幸福路12号, 长征大道 8 号 3 栋 501
    re.compile(rf"[\u4e00-\u9fff]{{1,4}}(?:路|街|大道|大街|巷|弄|胡同){_SP}{_NA}{{1,5}}{_SP}号(?:院|楼)?"
               rf"(?:{_SP}{_N}{{1,4}}{_SP}(?:栋|幢|座|号楼|单元|楼|层|{_ROOM}|号))*(?:{_SP}{_NA}{{3,5}}(?!{_NA}))?"),
    # 某某村3组12号
    re.compile(rf"[\u4e00-\u9fff]{{1,6}}村{_SP}{_N}{{1,3}}{_SP}组{_SP}{_N}{{1,4}}{_SP}号"),
    # 家住 1-2-301 (building-unit-room)
    re.compile(rf"(?:家住|住在|住址|地址)[:：]?{_SP}{_NA}{{1,3}}[-－—–]{_NA}{{1,2}}[-－—–]{_NA}{{3,4}}(?!{_NA})"),
]
#: Where a road's or village's name begins: after words such as 家住, 家在, 住在.
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}?(?=[\u4e00-\u9fff]?(?:路|街|大道|大街|巷|弄|胡同|村))")
_NOT_A_NAME = frozenset("家住在是于到从的址为")
#: A building and room inside a school is not a home: 3号楼301教室, 行政楼2栋201室.
_SCHOOL_BEFORE = re.compile(r"(?:教学|实验|行政|综合|办公|科技|艺术|体育|图书|宿舍|学生|教师)楼|图书馆|学校|校内|校区|中学|小学"
                            r"|幼儿园|医院|大学|学院|辅导室|教室|办公室|会议室|活动室|功能室")
_SCHOOL_AFTER = re.compile(r"[ \u3000]?(?:教室|实验室|办公室|功能室|辅导室|咨询室|会议室|活动室|阅览室|机房|报告厅)")
#: One pass finds every place worth a closer look, by kind. It starts with one character class
#: (fast to scan for); the lookarounds after it are tried only where that class matches.
#: mail: @ in any width, 艾特, 圈a, "at" between blanks or in brackets;
#: wechat: 微信 and homophones, vx/wx in any width, wechat, weixin, wxid_;
#: url: percent-encoding, a query string (=);
#: address: a number before 栋/幢/座/号/单元/区, or after an estate word (a road or village
#: address has a number before 号 too, so road words are not needed here).
_GATE = re.compile(
    r"[@＠﹫特tT圈信wWvVｗＷｖＶ%=栋幢座号单区园寓村厦苑庭府城庄居馆邸院住址]"
    r"(?:(?P<mail>(?<=[@＠﹫])|(?<=艾特)|(?<=[\s(\[{（<【][aA][tT])(?=[\s)\]}）>】])|(?<=圈)(?=a))"
    r"|(?P<wechat>(?<=[微威薇维徽vVｖＶ]信)|(?<=[wWｗＷ])(?:e[cC]hat|eixin|xid_|[xXｘＸ])|(?<=[vVｖＶ])[xXｘＸ]|(?<=加[vVｖＶ]))"
    r"|(?P<url>(?<=%)[0-9A-Fa-f]{2}|(?<==))"
    rf"|(?P<address>(?<=[栋幢号单区])(?:(?<={_N}.)|(?<={_N}[ \u3000].))|(?<=[座栋幢])(?<=[0-9０-９A-Za-zＡ-Ｚ].)"
    rf"|(?<=[住址])(?=[:：]?[ \u3000]?{_NA})"
    rf"|(?<=[区园寓村厦苑庭府城庄居馆邸院])(?=[ \u3000]?{_N})))")

# --------------------------------------------------------------------------- e-mail, WeChat, context
_TLDS = r"(?:com|cn|net|org|edu|gov|top|xyz|cc|me|io|info|vip|hk|tw|mo|co|biz|club|site|online|tech)"
_DOT = r"\s*(?:[.。]|点|\(dot\)|\[dot\]|（dot）|\sdot\s)\s*"
_LOCAL = r"(?<![A-Za-z0-9_.%+-])[A-Za-z0-9][A-Za-z0-9_.%+-]{0,63}"
EMAIL_RE = re.compile(rf"{_LOCAL}\s*@\s*[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}[A-Za-z]{{2,}}(?![A-Za-z])", re.I)
#: "wang at 163 dot com", "wang艾特163.com": only with a domain ending people use for mail.
EMAIL_SPELT_RE = re.compile(rf"{_LOCAL}\s*(?:艾特|圈a|[(\[{{（<【]\s*at\s*[)\]}}）>】]|\sat\s)\s*"
                            rf"[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}{_TLDS}(?![A-Za-z])", re.I)
_WX_ID = r"[a-z][-_a-z0-9]{5,19}(?![-_a-z0-9])"
_CONNECT = r"\s*(?:号码|号|账号|id)?\s*(?:[:=]|是|为)?\s*"
WECHAT_RE = re.compile(rf"(?:微信|威信|薇信|维信|徽信|wechat|weixin|v信){_CONNECT}(?P<id>{_WX_ID})"
                       rf"|(?:vx|wx)(?:号码|号|id)?(?:\s*[:=]\s*|\s*(?:是|为)\s*|\s+)(?P<id2>{_WX_ID})"
                       rf"|加v(?:\s*[:=]\s*|\s*(?:是|为)\s*|\s*)(?P<id3>{_WX_ID})"
                       rf"|(?P<wxid>wxid_[a-z0-9]{{4,20}})", re.I)
#: Words that can follow 微信 and look like an ID but are not one.
_NOT_WX_ID = frozenset({"wechat", "weixin", "friends", "moments", "group", "groups", "public", "official", "account"})
_QQ_BEFORE = re.compile(r"(?:qq|扣扣|企鹅)(?:号码|号|群号|群)?\s*(?:[:=]|是|为)?\s*$", re.I)
_PHONE_BEFORE = re.compile(r"(?:电话|座机|固话|手机|联系方式|tel|phone|致电|拨打)(?:号码|号)?\s*(?:[:=]|是|为)?\s*$", re.I)
_ID_BEFORE = re.compile(r"(?:身份证|证件|身份号|公民身份|id)(?:号码|号)?\s*(?:[:=]|是|为)?\s*$", re.I)

#: Order in which overlapping findings win (an e-mail made of a mobile number is a mobile number).
KINDS = ("身份证号", "手机号", "固定电话", "QQ号", "电子邮箱", "微信号", "家庭住址")

HINTS = {
    "身份证号": "网站上不能出现身份证号，删掉它",
    "手机号": "删掉个人电话，或改成打码的虚构示例；学校公开的值班座机写进 content/site.yml 的 public_landlines，"
              "公共热线写进 public_hotlines",
    "固定电话": "删掉个人电话；区里统一公布的学校座机写进 content/site.yml 的 public_landlines，公共热线写进 public_hotlines",
    "QQ号": "不要公布个人或班级的 QQ 号、QQ 群号；需要联系方式时写学校公开的电话",
    "微信号": "不要公布个人微信号；需要联系方式时写学校公开的电话",
    "电子邮箱": "删掉个人邮箱；学校或部门公开的邮箱写进 content/site.yml 的 public_emails",
    "家庭住址": "不要写到楼栋、单元、门牌的住址；写到街道、社区或村就够了",
}


#: What the finders collect: (rank of the kind, start, end, kind, masked value).
Finding = tuple[int, int, int, str, str]


@dataclass(frozen=True)
class Hit:
    """Personal data found in a text: kind, 1-based line and column, the masked value, and the
    offsets of the finding in the original text."""

    kind: str
    line: int
    column: int
    masked: str
    start: int = 0
    end: int = 0


# --------------------------------------------------------------------------- helpers
def valid_id(number: str) -> bool:
    """True when an 18-character resident ID number has a valid check digit (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _id_shape(number: str) -> bool:
    """Region and birth date of an 18-character ID are real (the check digit aside)."""
    if number[:2] not in _PROVINCES or "X" in number[:17]:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def _landline(digits: str) -> int:
    """Length of the area code when ``digits`` is a landline with one (0 when it is not)."""
    if digits[:1] != "0":
        return 0
    if re.fullmatch(r"0(?:10|2\d)[2-9]\d{7}", digits):
        return 3
    if re.fullmatch(r"0[3-9]\d{2}[2-9]\d{6,7}", digits):
        return 4
    return 0


def mask(text: str) -> str:
    """Show only a little of the value: 13812345678 → 138****5678, 12345678 → 12****78."""
    if "@" in text:
        name, _, host = text.partition("@")
        return f"{name[:1]}***@{host}"
    if len(text) <= 6:
        return text[:1] + "*" * (len(text) - 1)
    if len(text) <= 10:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def _mask_handle(text: str) -> str:
    """A QQ number or WeChat ID: the first and last two characters (wang_laoshi88 → wa*********88)."""
    return text[:1] + "*" * (len(text) - 1) if len(text) <= 6 else text[:2] + "*" * (len(text) - 4) + text[-2:]


def _mask_address(text: str) -> str:
    """An address with every number hidden: 阳光小区*栋*单元***室."""
    return re.sub(_N, "*", re.sub(r"\s+", "", _nfkc(text)))


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    if unicodedata.category(ch) == "Cf":  # zero-width and other invisible format characters
        return ""
    return unicodedata.normalize("NFKC", ch)


def _nfkc(text: str) -> str:
    return "".join(ch if ch < "\x80" else _nfkc_char(ch) for ch in text)


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC ``text`` (full width → half width, invisible characters dropped), with the offset in
    ``text`` of every character of the result (and one more entry for the end)."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = ch if ch < "\x80" else _nfkc_char(ch)
        out.append(norm)
        index.extend([i] * len(norm))
    index.append(len(text))
    return "".join(out), index


def _before(text: str, start: int, width: int = 14) -> str:
    return _nfkc(text[max(0, start - width):start]).lower()


def digit_value(ch: str) -> str | None:
    """The digit a character stands for (ASCII, full width, a Chinese numeral), or None."""
    if ch in ZH_DIGITS:
        return ZH_DIGITS[ch]
    value = unicodedata.decimal(ch, None)
    return None if value is None else str(value)


def _digits_ok(allowed: frozenset[str], digits: str) -> bool:
    """True when ``digits`` is one of the allowed public numbers (with or without area code)."""
    return digits in allowed or any(a.endswith(digits) and len(digits) >= 7 for a in allowed)


# --------------------------------------------------------------------------- numbers
#: Lengths a number of any kind can have (QQ 5-11, local landline 7-8, landline 10-12, mobile 11/13/15, ID 18).
_SIZES = frozenset({5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 18})


def _numbers(text: str, fold: bool, allowed: frozenset[str], out: list[Finding]) -> None:
    """Numbers in runs of digits: IDs, mobiles, landlines; QQ numbers and local landlines after a keyword."""
    for m in (_RUN_FOLD if fold else _RUN_FLAT).finditer(text):
        base = m.start()
        while base:  # over 一, 么 and 两 to the left, and over up to four separators before one of them
            if text[base - 1] in "一么两":
                base -= 1
                continue
            gap = base
            while gap > 0 and base - gap < 4 and text[gap - 1] in SEPARATORS:
                gap -= 1
            if gap < base and gap > 0 and text[gap - 1] in _DIGIT_CHARS and text[gap - 1] not in "+＋":
                base = gap
                continue
            break
        run = text[base:m.end()]
        if run.isascii() and run.isdigit() and (len(run) not in _SIZES or run in allowed):  # most runs: 12356, 20260901
            continue
        values: list[str] = []   # one digit each (or X)
        where: list[int] = []    # its offset in text
        group: list[int] = []    # which separator-delimited group it is in
        cuts: list[int] = []     # indexes where a candidate may start or end
        g, gap, script = 0, False, ""
        for i, ch in enumerate(run):
            value = digit_value(ch)
            if value is None:
                if ch in "xXｘＸ" and i == len(run) - 1 and values:
                    value = "X"
                elif ch in SEPARATORS or ch in "\r\n":
                    gap = True
                    continue
                else:  # the leading +
                    continue
            kind = "zh" if ch in ZH_DIGITS else "ar"
            if values and gap:
                g += 1
            if not values or gap or kind != script:
                cuts.append(len(values))
            gap, script = False, kind
            values.append(value)
            where.append(base + i)
            group.append(g)
        n = len(values)
        cuts.append(n)
        found: list[tuple[int, int, int, str, str]] = []  # (rank, a, b, kind, digits) in run indexes
        for ai, a in enumerate(cuts[:-1]):
            for b in cuts[ai + 1:]:
                if b - a > 18:
                    break
                digits = "".join(values[a:b])
                kind = _kind(digits, group[a:b], text, where[a], a == 0)
                if kind and not (kind != "身份证号" and _digits_ok(allowed, digits.removeprefix("0086").removeprefix("86"))):
                    found.append((KINDS.index(kind), a, b, kind, digits))
        if not found and 5 <= n <= 11 and "X" not in values and values[0] != "0" and _QQ_BEFORE.search(_before(text, where[0])):
            found.append((KINDS.index("QQ号"), 0, n, "QQ号", "".join(values)))  # masked as a handle below
        taken: list[tuple[int, int]] = []
        for rank, a, b, kind, digits in sorted(found, key=lambda f: (f[0], -(f[2] - f[1]), f[1])):
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            start = base - 1 if a == 0 and base and text[base - 1] in "+＋" else where[a]
            shown = _mask_handle(digits) if kind == "QQ号" else mask(digits[-11:] if kind == "手机号" else digits)
            out.append((rank, start, where[b - 1] + 1, kind, shown))


def _shape_ok(groups: list[int]) -> bool:
    """Groups between separators as people write numbers: one group, digit by digit, pairs, or
    groups of three or more (138 1234 5678, 0797-8123456). Short and long groups mixed come from
    dates and lists next to each other (1990-01-01 100), not from one number."""
    lengths = _count(groups)
    if len(lengths) == 1 or max(lengths) == 1 or min(lengths) >= 3:
        return True
    # digit pairs (13 81 23 45 67 8), with at most one single digit, at an end; not "13 27 8 10 23 53"
    inner = lengths[1:-1]
    return max(lengths) == 2 and all(n == 2 for n in inner)


def _dates_inside(digits: str, groups: list[int]) -> bool:
    """True when the groups read as years side by side (1990-1991): a range, not a number."""
    values, at = [], 0
    for size in _count(groups):
        values.append(digits[at:at + size])
        at += size
    years = [len(v) == 4 and v[:2] in ("19", "20") for v in values]
    return any(a and b for a, b in zip(years, years[1:], strict=False))


def _first_group(groups: list[int]) -> int:
    return sum(1 for g in groups if g == groups[0])


def _kind(digits: str, groups: list[int], text: str, start: int, at_run_start: bool) -> str:
    """What a candidate number is, or ''."""
    size = len(digits)
    if "X" in digits[:-1]:
        return ""
    if size == 18:
        if _id_shape(digits) and _shape_ok(groups) and (
                valid_id(digits) or digits.endswith("X") or _ID_BEFORE.search(_before(text, start))):
            return "身份证号"
        return ""
    if "X" in digits:
        return ""
    if size in (13, 15) and digits.startswith("86" if size == 13 else "0086"):
        cut = size - 11
        rest = groups[cut:]
        if re.fullmatch(r"1[3-9]\d{9}", digits[cut:]) and (_shape_ok(rest) or _shape_ok(groups)):
            return "手机号"
        return ""
    if size == 11 and re.fullmatch(r"1[3-9]\d{9}", digits):
        return "手机号" if _shape_ok(groups) and not _dates_inside(digits, groups) else ""
    if 10 <= size <= 12:
        area = _landline(digits)
        if area and (len(set(groups)) == 1 or (_first_group(groups) == area and _shape_ok(groups[area:]))
                     or max(_count(groups)) == 1):
            return "固定电话"
        return ""
    if size in (7, 8) and at_run_start and digits[0] in "23456789" and _shape_ok(groups) \
            and min(_count(groups)) >= 3 and _PHONE_BEFORE.search(_before(text, start)):
        return "固定电话"
    return ""


def _count(groups: list[int]) -> list[int]:
    sizes: dict[int, int] = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    return list(sizes.values())


# --------------------------------------------------------------------------- handles, URLs, addresses
def _window(text: str, start: int, end: int, margin: int = 80) -> tuple[int, str, list[int], int]:
    """The NFKC text around ``text[start:end]``: (its offset, text, index map, where ``start`` is in it)."""
    lo, hi = max(0, start - margin), min(len(text), end + margin)
    window, index = normalise(text[lo:hi])
    return lo, window, index, len(_nfkc(text[lo:start]))


def _emails(text: str, places: list[int], allowed: frozenset[str], out: list[Finding]) -> None:
    """E-mail addresses holding one of ``places`` (where the gate saw an @ or a spelt-out "at")."""
    done = -1
    for place in places:
        if place < done:
            continue
        lo, window, index, at = _window(text, place, place + 1)
        for pattern in (EMAIL_RE, EMAIL_SPELT_RE):
            m = next((m for m in pattern.finditer(window) if m.start() <= at < m.end()), None)
            if m:
                address = re.sub(r"\s+", "", m.group(0))
                address = re.sub(r"(?i)艾特|圈a|[(\[{（<【]at[)\]}）>】]|(?<=[a-z0-9])at(?=[a-z0-9])", "@", address, count=1)
                address = re.sub(r"(?i)。|点|\(dot\)|\[dot\]|（dot）|(?<=[a-z0-9])dot(?=[a-z0-9])", ".", address)
                done = lo + index[m.end()]
                if address.lower() not in allowed:
                    out.append((KINDS.index("电子邮箱"), lo + index[m.start()], done, "电子邮箱", mask(address)))
                break


def _wechat(text: str, places: list[int], out: list[Finding]) -> None:
    """WeChat IDs after the keywords the gate saw at ``places``."""
    for place in places:
        k = _WECHAT_KEYS.search(text, max(0, place - 1), place + 8)
        if not k or (k.start() and re.match(r"[A-Za-z]", _nfkc(text[k.start() - 1]))):  # part of a word
            continue
        lo, window, index, at = _window(text, k.start(), k.end(), 48)
        m = WECHAT_RE.match(window, at)
        if m:
            handle = m.group("id") or m.group("id2") or m.group("id3") or m.group("wxid")
            if handle.lower() not in _NOT_WX_ID:
                out.append((KINDS.index("微信号"), lo + index[m.start()], lo + index[m.end()], "微信号", _mask_handle(handle)))


def _urls(text: str, fold: bool, numbers: frozenset[str], mails: frozenset[str], depth: int, out: list[Finding]) -> None:
    """Numbers and addresses a URL hides by percent-encoding (or + in a query string): the URL is
    decoded and scanned again; findings are reported at the URL."""
    done = -1
    for k in _URL_ANCHOR.finditer(text):
        if k.start() < done:
            continue
        start = k.start()
        while start > 0 and text[start - 1] in _URL_CHARS:
            start -= 1
        end = k.end()
        while end < len(text) and text[end] in _URL_CHARS:
            end += 1
        done = end
        raw = text[start:end]
        decoded = unquote_plus(raw) if "?" in raw or "=" in raw else unquote(raw)
        if decoded != raw:
            for f in _scan(decoded, numbers, mails, fold=False, depth=depth + 1):
                out.append((f[0], start, end, f[3], f[4]))


def _addresses(text: str, places: list[int], out: list[Finding]) -> None:
    """Addresses, looked for only in windows around ``places`` (where the gate saw a number next
    to 栋, 号, 单元, or after an estate, road or village word)."""
    windows: list[list[int]] = []
    for place in places:
        lo, hi = max(0, place - 24), place + 40
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    seen: set[tuple[int, int]] = set()
    for lo, hi in windows:
        for pattern in _ADDRESSES:
            for m in pattern.finditer(text, lo, min(len(text), hi)):
                if m.span() in seen:
                    continue
                seen.add(m.span())
                if pattern is _ADDRESSES[1] and (_SCHOOL_BEFORE.search(text, max(0, m.start() - 8), m.start())
                                                 or _SCHOOL_AFTER.match(text, m.end())):
                    continue
                start = m.start()
                if pattern in (_ADDRESSES[3], _ADDRESSES[4]):  # the name of the road or village, not "家住"
                    name = _PLACE_NAME.match(text, start)
                    start += max((i + 1 for i, ch in enumerate(name.group(0) if name else "") if ch in _NOT_A_NAME), default=0)
                out.append((KINDS.index("家庭住址"), start, m.end(), "家庭住址", _mask_address(text[start:m.end()])))


# --------------------------------------------------------------------------- the scan
def could_hold(text: str, fold: bool = True) -> bool:
    """Cheap test: False means :func:`scan_text` finds nothing in ``text``."""
    return bool((_RUN_FOLD if fold else _RUN_FLAT).search(text) or _GATE.search(text))


def _split_allowed(allowed: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Allowed numbers (digits only, without +86) and allowed e-mail addresses (lower case)."""
    numbers, mails = set(), set()
    for item in allowed:
        if "@" in item or "＠" in item:
            mails.add(re.sub(r"\s+", "", _nfkc(item)).lower())
            continue
        digits = "".join(d for d in (digit_value(c) for c in item) if d)
        if len(digits) in (13, 15) and digits.startswith(("86", "0086")):
            digits = digits[-11:]
        if digits:
            numbers.add(digits)
    return frozenset(numbers), frozenset(mails)


def _scan(text: str, numbers: frozenset[str], mails: frozenset[str], fold: bool, depth: int = 0) -> list[Finding]:
    found: list[Finding] = []
    _numbers(text, fold, numbers, found)
    places: dict[str, list[int]] = {"mail": [], "wechat": [], "url": [], "address": []}
    for m in _GATE.finditer(text):
        places[m.lastgroup].append(m.start())  # type: ignore[index]
    if places["mail"]:
        _emails(text, places["mail"], mails, found)
    if places["wechat"]:
        _wechat(text, places["wechat"], found)
    if places["address"]:
        _addresses(text, places["address"], found)
    if places["url"] and depth < 3:
        _urls(text, fold, numbers, mails, depth, found)
    return found


def scan_text(text: str, allowed: Iterable[str] = (), *, fold: bool = True) -> list[Hit]:
    """Every piece of personal data in ``text`` (1-based line and column in ``text`` as written).

    ``allowed`` holds public numbers and e-mail addresses. With ``fold`` (source files) a line
    break between digits is a separator, as in folded YAML or a Markdown paragraph; without it
    (text pulled out of built files, one text node a line) a line break ends a number."""
    numbers, mails = _split_allowed(allowed)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for _, start, end, kind, masked in sorted(_scan(text, numbers, mails, fold)):  # earlier kinds win on overlap
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        hits.append(Hit(kind, line, column, masked, start, end))
    return sorted(hits, key=lambda h: (h.line, h.column))


# --------------------------------------------------------------------------- project files
def allowed_numbers(project: Project) -> list[str]:
    """Public numbers that may appear: hotlines, the district hotline, published school landlines."""
    settings = project.settings
    extra = [settings.district_hotline] if settings.district_hotline else []
    return [*settings.public_hotlines, *extra, *settings.public_landlines]


def allowed_contacts(project: Project) -> list[str]:
    """Everything the privacy scan lets through: :func:`allowed_numbers` and public e-mail addresses."""
    return [*allowed_numbers(project), *project.settings.public_emails]


def yaml_field(text: str, offset: int) -> str:
    """The key path (``activities[1].steps[3]``, items counted from 1) of the YAML value holding ``offset``, or ''."""
    from xinyu.load.yamlread import _Loader

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return ""
    finally:
        loader.dispose()
    path: list[str | int] = []
    while node is not None:
        inside = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.start_mark.index <= offset < max(value.end_mark.index, key.end_mark.index + 1):
                    inside = (key.value, value)
                    break
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                if item.start_mark.index <= offset < item.end_mark.index:
                    inside = (i, item)
                    break
        if inside is None:
            break
        path.append(inside[0])
        node = inside[1]
    return field_path(path)


#: A school's own public number is not personal data: saying where to list it is the fix.
def scan_files(root: Path, files: Iterable[Path], allowed: Iterable[str],
               texts: Mapping[Path, str] | None = None, cache: FileCache | None = None,
               digests: Mapping[str, str] | None = None) -> list[Problem]:
    """Scan files; a problem per hit, naming file, line, column and field (data masked).

    ``texts`` holds files already read (by the loader), so they are not read twice; ``cache``
    keeps each file's findings by its text and the allowed list (see :mod:`xinyu.load.cache`),
    under the hash of its bytes from ``digests`` when the loader made one (the text is decoded
    from them), else of its text."""
    allowed = list(allowed)
    allowed_key = digest(json.dumps(sorted(allowed), ensure_ascii=False).encode("utf-8"))
    problems: list[Problem] = []
    for path in files:
        rel = relative(path, root)
        hashed = digests.get(rel) if digests else None
        text = texts.get(path) if texts else None
        if hashed is None:
            if text is None:
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
            key = ("privacy", rel, allowed_key, digest(text.encode("utf-8")))
        else:  # kept under the bytes the loader read: found without reading them again
            key = ("privacy", rel, allowed_key, f"bytes:{hashed}")
        kept = cache.problems(key) if cache is not None else None
        if kept is not None:
            problems += kept
            continue
        if text is None:  # its model came from the check cache, so the loader did not decode it
            try:
                raw = path.read_bytes()
                text = raw.decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            if digest(raw) != hashed:  # changed since it was loaded: kept under its text instead
                key = ("privacy", rel, allowed_key, digest(text.encode("utf-8")))
        found = []
        yml = path.suffix.lower() in (".yml", ".yaml")
        for hit in scan_text(text, allowed):
            where = (yaml_field(text, hit.start) or "（注释）") if yml else "正文"
            found.append(Problem(rel, hit.line, hit.column, where,
                                 f"发现疑似{hit.kind}（{hit.masked}），公开网站不能有个人信息", HINTS[hit.kind]))
        if cache is not None:
            cache.put(key, found)
        problems += found
    return problems
