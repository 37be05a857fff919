"""``xinyu init``: make the portal another district's — one settings file, no example schools.

Everything district-specific lives in ``content/site.yml`` (name, description, logo, colours,
hotlines, site address, school year); the policy document's title and issuer live in
``content/policy/rules.yml``. This module writes the first and removes the example schools.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from xinyu.model.policy import Settings


class InitError(Exception):
    """A message for the user (in Chinese)."""


@dataclass
class Branding:
    """The settings ``xinyu init`` asks for."""

    district: str
    description: str | None = None
    logo: str | None = None
    primary: str = "teal"
    accent: str = "teal"
    district_hotline: str | None = None
    public_hotlines: list[str] = field(default_factory=lambda: ["12356", "12355"])
    site_url: str | None = None
    school_year: str = "2026-2027"
    strict: bool = False


def current(root: Path) -> dict[str, Any]:
    """The settings in ``content/site.yml`` now (empty if there is none or it cannot be read)."""
    try:
        data = yaml.safe_load((root / "content" / "site.yml").read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _q(value: object) -> str:
    """A YAML scalar that reads back as the same text (JSON strings are YAML)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False)


def settings_text(b: Branding, episode_links: dict[str, str]) -> str:
    """``content/site.yml`` with a comment for every setting."""
    hotlines = "[" + ", ".join(_q(h) for h in b.public_hotlines) + "]"
    links = "".join(f"\n  {_q(k)}: {_q(v)}" for k, v in episode_links.items()) if episode_links else " {}"
    return f"""# yaml-language-server: $schema=../schemas/site.schema.json
# 部署设置：地区（或学校）的一切专属信息都写在这里，网站的名称、描述、页脚、颜色、徽标和网址都由它生成。
# 可以重新运行 xinyu init 修改，也可以直接改这个文件。
district: {_q(b.district)}
# 网站描述（搜索引擎、分享时显示）；留空则为“<地区>中小学心理辅导活动课、教师培训、家长学校与合规报告”。
description: {_q(b.description)}
# 徽标：相对于 content/pages/ 的图片路径，如 assets/logo.png；留空用默认图标。
logo: {_q(b.logo)}
# 颜色：red、pink、purple、deep-purple、indigo、blue、light-blue、cyan、teal、green、light-green、lime、
# yellow、amber、orange、deep-orange、brown、grey、blue-grey、black、white。
colours:
  primary: {b.primary}
  accent: {b.accent}
# 本地区公开的心理援助热线；没有就留空。只能填公开热线，不能填个人电话。
district_hotline: {_q(b.district_hotline)}
# 允许出现在网站上的公开电话（学校、机构对外公开的办公电话也登记在这里）。
public_hotlines: {hotlines}
# 网站的正式网址（生成站点地图和规范链接用）；只用 U 盘或本地打开时留空。
site_url: {_q(b.site_url)}
school_year: {_q(b.school_year)}
# true：有规则不达标或有提醒时，xinyu build 和 mkdocs build 都不发布。
strict: {_q(b.strict)}
# 空中课堂节目的观看链接（节目编号: https 链接）。没有链接的节目显示“请在学校通知的平台观看”。
episode_links:{links}
"""


def example_schools(root: Path) -> list[Path]:
    """The example school files (``example: true``) under ``content/schools/``."""
    out = []
    for path in sorted((root / "content" / "schools").glob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("example") is True:
            out.append(path)
    return out


def _logo(root: Path, logo: str | None) -> str | None:
    """A logo given as any file becomes ``assets/logo.<ext>`` under content/pages/."""
    if not logo:
        return None
    pages = root / "content" / "pages"
    if not Path(logo).is_absolute() and (pages / logo).is_file():
        return Path(logo).as_posix()
    source = Path(logo).expanduser()
    if not source.is_file():
        raise InitError(f"找不到徽标图片“{logo}”：写图片文件的路径，或相对于 content/pages/ 的路径")
    if source.suffix.lower() not in (".png", ".svg", ".jpg", ".jpeg", ".webp", ".gif", ".ico"):
        raise InitError(f"徽标“{logo}”不是图片文件（可用 .png、.svg、.jpg、.webp）")
    target = pages / "assets" / f"logo{source.suffix.lower()}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target.relative_to(pages).as_posix()


#: Endings of a district's name; what is left is the place (赣州经开区 → 赣州).
_ENDINGS = ("经济技术开发区", "经开区", "高新区", "开发区", "新区", "自治县", "自治州", "市", "县", "区", "镇", "乡")


def place_names(district: str) -> list[str]:
    """The district's name and the place it is in: ``赣州经开区`` → ``["赣州经开区", "赣州"]``."""
    names = [district.strip()]
    for ending in _ENDINGS:
        if names[0].endswith(ending) and len(names[0]) - len(ending) >= 2:
            names.append(names[0][: -len(ending)])
            break
    return [n for n in names if n]


def mentions(root: Path, names: list[str]) -> list[str]:
    """``file:line`` of every content line naming one of ``names`` — except the policy folder,
    which quotes the policy as it was written."""
    out = []
    for top in ("lessons", "content"):
        for path in sorted((root / top).rglob("*")):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or rel.startswith("content/policy/") or path.suffix.lower() not in (".yml", ".yaml", ".md"):
                continue
            try:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            out += [f"{rel}:{n}" for n, line in enumerate(lines, start=1) if any(name in line for name in names)]
    return out


def init_site(root: Path, branding: Branding, *, keep_examples: bool = False) -> list[str]:
    """Write ``content/site.yml``, copy the logo, remove the example schools; say what was done
    and which content still names the district it was written for."""
    done: list[str] = []
    old = str(current(root).get("district") or "")
    branding.logo = _logo(root, branding.logo)
    if branding.site_url and not branding.site_url.endswith("/"):
        branding.site_url += "/"
    before = current(root)
    links = before.get("episode_links") if isinstance(before.get("episode_links"), dict) else {}
    text = settings_text(branding, {str(k): str(v) for k, v in (links or {}).items()})
    try:
        Settings.model_validate(yaml.safe_load(text))
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        raise InitError(f"设置“{where}”不对：{message}") from None
    path = root / "content" / "site.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    done.append(f"已写入 {path.relative_to(root).as_posix()}（地区：{branding.district}）")
    if branding.logo:
        done.append(f"徽标：content/pages/{branding.logo}")
    if not keep_examples:
        for school in example_schools(root):
            school.unlink()
            done.append(f"已删除示例学校 {school.relative_to(root).as_posix()}")
    names = [n for n in place_names(old) if n not in branding.district] if old else []
    found = mentions(root, names) if names else []
    if found:
        done.append(f"这些内容还写着“{'”或“'.join(names)}”（示例课例里的本地例子等），请按本地情况改写：")
        done += [f"  {where}" for where in found]
    return done
