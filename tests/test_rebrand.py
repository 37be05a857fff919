"""Rebranding for another district (issue 18, item 14): ``xinyu init``, then build and read every page."""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import html as lxml_html

from xinyu.cli import main

REPO = Path(__file__).resolve().parents[1]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")  # enough to be a file


@pytest.fixture(scope="module")
def rebranded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("rebrand") / "county"
    for rel in ("content", "lessons", "macros"):
        shutil.copytree(REPO / rel, root / rel, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    logo = root.parent / "county-logo.png"
    logo.write_bytes(PNG)
    result = CliRunner().invoke(main, ["-C", str(root), "init", "--district", "宁安县", "--primary", "indigo",
                                       "--accent", "amber", "--hotline", "0453-6312345", "--site-url",
                                       "https://xy.ningan.example.cn", "--school-year", "2026-2027",
                                       "--logo", str(logo), "--yes"])
    assert result.exit_code == 0, result.output
    built = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert built.exit_code == 0, built.output
    return root, result.output


@functools.cache
def policy_quotes() -> tuple[str, ...]:
    """Text the site may quote from the policy: the notice's title and issuer, every clause
    (without white space, as :func:`unquoted` compares)."""
    rules = yaml.safe_load((REPO / "content" / "policy" / "rules.yml").read_text(encoding="utf-8"))
    quotes = [rules["notice"]["title"], rules["notice"]["issuer"], *(r["clause"] for r in rules["rules"])]
    return tuple(sorted({re.sub(r"\s+", "", q) for q in quotes}, key=len, reverse=True))


def texts(site: Path) -> dict[str, list[str]]:
    """Every text node of every page, and every string of the JSON files, by file."""
    out: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            tree = lxml_html.fromstring(path.read_bytes())
            nodes = [t for t in tree.xpath("//text()[not(ancestor::script) and not(ancestor::style)]")]
            nodes += [str(v) for v in tree.xpath("//meta/@content | //@title | //@alt | //@aria-label")]
            out[rel] = [str(t) for t in nodes]
        elif path.suffix == ".json":
            found: list[str] = []

            def walk(value: object, found: list[str] = found) -> None:
                if isinstance(value, str):
                    found.append(value)
                elif isinstance(value, dict):
                    for v in value.values():
                        walk(v)
                elif isinstance(value, list):
                    for v in value:
                        walk(v)

            walk(json.loads(path.read_text(encoding="utf-8")))
            out[rel] = found
    return out


def unquoted(text: str) -> str:
    """The text without white space and without the policy quotes in it."""
    if "赣州" not in text and "经开区" not in text:
        return text
    text = re.sub(r"[\u200b\s]+|<[^<>]*>", "", text)  # the search index keeps some HTML tags
    for quote in policy_quotes():
        text = text.replace(quote, "")
    return text


def test_init_writes_the_settings_and_removes_the_example_schools(rebranded: tuple[Path, str]) -> None:
    root, output = rebranded
    settings = yaml.safe_load((root / "content" / "site.yml").read_text(encoding="utf-8"))
    assert settings["district"] == "宁安县" and settings["colours"] == {"primary": "indigo", "accent": "amber"}
    assert settings["logo"] == "assets/logo.png" and (root / "content" / "pages" / "assets" / "logo.png").is_file()
    assert settings["site_url"] == "https://xy.ningan.example.cn/" and settings["district_hotline"] == "0453-6312345"
    assert not list((root / "content" / "schools").glob("example-*.yml"))
    assert "已删除示例学校 content/schools/example-village-primary.yml" in output
    assert (root / "content" / "site.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/site.schema.json")


def test_no_page_names_the_old_district_except_policy_quotes(rebranded: tuple[Path, str]) -> None:
    root, _ = rebranded
    pages = texts(root / "site")
    assert len(pages) > 100
    left = {rel: [t for t in nodes if "经开区" in unquoted(t)] for rel, nodes in pages.items()}
    left = {rel: nodes for rel, nodes in left.items() if nodes}
    assert not left, left


def test_every_remaining_place_name_is_content_init_listed(rebranded: tuple[Path, str]) -> None:
    """The city (赣州) is still named by some example content; init listed those lines, and no
    page names it in any other text (templates, footer, description, 404, headings)."""
    root, output = rebranded
    listed = re.findall(r"^  ((?:lessons|content)/\S+):(\d+)$", output, re.MULTILINE)
    assert listed, output
    sources = ""
    for rel, line in listed:  # the line, joined to the one above (YAML folds a long text over lines)
        lines = (root / rel).read_text(encoding="utf-8").splitlines()
        sources += "|" + re.sub(r"\s+", "", "".join(lines[max(int(line) - 2, 0):int(line)]))
    for rel, nodes in texts(root / "site").items():
        for node in nodes:
            text = unquoted(node)
            for m in re.finditer("赣州", text):
                around = text[max(m.start() - 4, 0):m.end() + 4]
                assert around in sources, f"{rel}: “{around}” does not come from a line init listed"


def test_the_site_chrome_is_the_new_district(rebranded: tuple[Path, str]) -> None:
    root, _ = rebranded
    site = root / "site"
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert "赣州" not in not_found
    assert '<meta name="description" content="宁安县中小学心理辅导活动课' in not_found
    assert "宁安县中小学心理健康教育" in not_found  # the footer
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="indigo"' in index and 'data-md-color-accent="amber"' in index
    assert 'src="assets/logo.png"' in index
    assert "宁安县" in index and "0453-6312345" in (site / "parents" / "index.html").read_text(encoding="utf-8")
    assert "https://xy.ningan.example.cn/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    compliance = (site / "compliance" / "index.html").read_text(encoding="utf-8")
    assert "依据《关于进一步加强赣州经开区中小学心理健康教育工作的通知》" in compliance  # the policy, quoted


def test_the_notice_title_comes_from_the_policy_file(mini: Path) -> None:
    rules = mini / "content" / "policy" / "rules.yml"
    text = rules.read_text(encoding="utf-8")
    old = "title: 关于进一步加强赣州经开区中小学心理健康教育工作的通知"
    text = text.replace(old, "title: 关于加强宁安县学校心理健康工作的意见")
    rules.write_text(text.replace("issuer: 赣州经开区社会事务管理局", "issuer: 宁安县教育局"), encoding="utf-8")
    assert CliRunner().invoke(main, ["-C", str(mini), "build"]).exit_code == 0
    compliance = (mini / "site" / "compliance" / "index.html").read_text(encoding="utf-8")
    about = (mini / "site" / "about.html").read_text(encoding="utf-8")
    assert "《关于加强宁安县学校心理健康工作的意见》" in compliance and "赣州" not in compliance.split("<table")[0]
    article = about.split("<article", 1)[1].split("</article>", 1)[0]
    assert "《关于加强宁安县学校心理健康工作的意见》（宁安县教育局" in article and "赣州" not in article


def test_init_asks_when_nothing_is_given(mini: Path) -> None:
    answers = "\n".join(["清河区", "", "", "blue", "", "", "", "2026-2027"]) + "\n"
    result = CliRunner().invoke(main, ["-C", str(mini), "init"], input=answers)
    assert result.exit_code == 0, result.output
    assert "地区或单位名称" in result.output and "主色" in result.output
    settings = yaml.safe_load((mini / "content" / "site.yml").read_text(encoding="utf-8"))
    assert settings["district"] == "清河区" and settings["colours"]["primary"] == "blue"


def test_init_refuses_a_bad_setting_and_writes_nothing(mini: Path) -> None:
    before = (mini / "content" / "site.yml").read_bytes()
    result = CliRunner().invoke(main, ["-C", str(mini), "init", "--district", "清河区", "--primary", "sky", "-y"])
    assert result.exit_code == 2 and "colours.primary" in result.output and "Traceback" not in result.output
    mobile = CliRunner().invoke(main, ["-C", str(mini), "init", "--district", "清河区", "--hotline", "13912345678", "-y"])
    assert mobile.exit_code == 2 and "手机号" in mobile.output
    assert (mini / "content" / "site.yml").read_bytes() == before


def test_a_school_landline_hint_names_public_hotlines(mini: Path) -> None:
    page = mini / "content" / "pages" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n学校办公室电话：0797-8123456\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(mini), "check"])
    assert result.exit_code == 2 and "固定电话" in result.output
    assert "content/site.yml 的 public_landlines" in result.output
    with (mini / "content" / "site.yml").open("a", encoding="utf-8") as f:
        f.write('public_landlines: ["0797-8123456"]\n')
    text = (mini / "content" / "site.yml").read_text(encoding="utf-8")
    text = text.replace("public_landlines: []\n", "", 1)
    (mini / "content" / "site.yml").write_text(text, encoding="utf-8")
    assert "固定电话" not in CliRunner().invoke(main, ["-C", str(mini), "check"]).output


def test_the_rendered_tree_carries_the_new_district(rebranded: tuple[Path, str], tmp_path: Path) -> None:
    """``xinyu render`` (for Zensical or plain MkDocs) writes the same branding the plugin sets."""
    root, _ = rebranded
    result = CliRunner().invoke(main, ["-C", str(root), "render", "--out", str(tmp_path / "tree")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "tree" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "赣州" not in text
    config = yaml.load(text, Loader=_AnyTag)  # noqa: S506 - a SafeLoader subclass
    assert config["site_description"].startswith("宁安县中小学心理辅导活动课")
    assert config["copyright"].startswith("宁安县中小学心理健康教育")
    assert config["site_url"] == "https://xy.ningan.example.cn/"
    assert config["theme"]["palette"] == {"scheme": "default", "primary": "indigo", "accent": "amber"}
    assert config["theme"]["logo"] == config["theme"]["favicon"] == "assets/logo.png"
    assert config["theme"]["font"] is False and config["plugins"] == []


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml with its ``!!python/name:`` tags read as plain text."""


_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
