"""The ``xinyu`` command: argument parsing, messages and exit codes. Domain errors become CLI
errors only here. Exit codes: 0 all good, 1 a rule fails, 2 invalid content or usage."""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from xinyu import __version__, i18n
from xinyu.load.problems import Problem
from xinyu.load.project import LoadResult

EXIT_OK, EXIT_RULES, EXIT_INVALID = 0, 1, 2

i18n.install()


class _Command(click.Command):
    """A command whose usage line is Chinese too (``[OPTIONS]`` is not a gettext message)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    """A group whose usage line, commands and sub-groups are Chinese."""

    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


_Group.group_class = _Group


class XinyuError(click.ClickException):
    """A user-facing error: printed in Chinese, exit code 2, never a traceback."""

    exit_code = EXIT_INVALID

    def show(self, file: Any = None) -> None:
        click.secho(f"错误：{self.message}", fg="red", err=True)


def find_root(start: Path) -> Path:
    """The project folder: ``start`` or the nearest parent holding ``mkdocs.yml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise XinyuError(f"在 {start} 及其上级文件夹里找不到 mkdocs.yml。请在项目文件夹里运行，或用 -C 指定项目文件夹。")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xinyu", help="显示版本号后退出。")
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="项目文件夹（含 mkdocs.yml），默认为当前文件夹。")
@click.pass_context
def main(ctx: click.Context, directory: Path) -> None:
    """心育（xinyu）：用 YAML 编写心理健康教育课程，按政策核查，发布为静态网站。"""
    if not directory.is_dir():
        raise XinyuError(f"文件夹不存在：{directory}")
    ctx.obj = directory


def _root(ctx: click.Context) -> Path:
    return find_root(ctx.obj)


def load_or_report(root: Path) -> LoadResult | None:
    """The checked project (content and privacy, as ``check`` and ``build`` see it), or ``None``
    after printing every problem."""
    from xinyu.pipeline import checked_project

    checked = checked_project(root)
    if checked.problems or checked.result.project is None:
        print_problems(checked.problems)
        return None
    return checked.result


def print_problems(problems: list[Problem]) -> None:
    """Every content problem, one a line, then a count."""
    for p in problems:
        click.echo(str(p), err=True)
    click.secho(f"内容有 {len(problems)} 处问题，请按提示修改后再试。", fg="red", err=True)


# --------------------------------------------------------------------------- check
@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式。")
@click.option("--strict", is_flag=True, help="把提醒也当作不合格（content/site.yml 里 strict: true 时总是如此）。")
@click.pass_context
def check(ctx: click.Context, fmt: str, strict: bool) -> None:
    """核查内容和政策要求。退出码：0 通过（允许提醒），1 有规则不达标、有草稿或（严格模式）有提醒，2 内容有错。"""
    from xinyu.pipeline import checked_project
    from xinyu.render.terminal import print_report
    from xinyu.verdict import judge

    # A short run that builds many long-lived objects and frees them all at exit: the cyclic
    # collector would only walk them again and again (a fifth of the time at 1,000 lessons).
    gc.disable()
    root = _root(ctx)
    checked = checked_project(root)
    result = checked.result
    problems = checked.problems
    if problems and fmt == "text":
        print_problems(problems)
    if problems or result.project is None:
        if fmt == "json":
            _json({"ok": False, "errors": [p.as_dict() for p in problems], "rules": [], "drafts": [], "reminders": [],
                   "stats": {"files": result.files}})
        ctx.exit(EXIT_INVALID)
    strict = strict or result.project.settings.strict
    verdict = judge(root, result.project, checked.advice)
    stats = _stats(result)
    stats["unfinished_lessons"] = len({p.file for p in verdict.drafts})
    stats["reminders"] = verdict.reminder_count()
    stats["lesson_reminders"] = len(verdict.advice)
    failed = verdict.failed(strict)
    if fmt == "json":
        _json({"ok": not failed, "strict": strict, "errors": [], **verdict.as_dict(), "stats": stats})
    else:
        print_report(verdict, stats, strict)
    ctx.exit(EXIT_RULES if failed else EXIT_OK)


def _stats(result: LoadResult) -> dict[str, Any]:
    p = result.project
    assert p is not None
    return {
        "files": result.files,
        "lessons": len(p.lessons),
        "scheduled_hours": sum(len(s.schedule) for s in p.schedules),
        "grades": sorted(s.grade for s in p.schedules),
        "training_modules": len(p.modules),
        "training_plans": len(p.plans),
        "episodes": len(p.episodes),
        "parent_school_plans": len(p.parent_plans),
        "schools": len(p.schools),
    }


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------- build / serve
@main.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹，默认为 mkdocs.yml 里的 site_dir（site/）。")
@click.option("--offline/--no-offline", default=True, show_default=True,
              help="生成可从本地磁盘或 U 盘直接打开的网站（含离线搜索）。")
@click.option("--strict", is_flag=True,
              help="有规则不达标或有提醒时不发布（content/site.yml 里 strict: true 时总是如此）。")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="网站引擎：mkdocs（MkDocs + Material，默认）或 zensical（需 pip install 'xinyu[zensical]'）。")
@click.pass_context
def build(ctx: click.Context, site_dir: Path | None, offline: bool, strict: bool, engine: str) -> None:
    """核查后构建网站。退出码：0 已发布，1 有草稿或（严格模式）规则不达标，2 内容有错；没有发布时原来的 site/ 不变。"""
    from xinyu import progress
    from xinyu.sitebuild import BuildFailed, build_site

    root = _root(ctx)
    try:
        with progress.shown():
            if engine == "zensical":
                from xinyu.engines import build_zensical

                out, verdict = build_zensical(root, site_dir, strict=strict or None, report=_print_verdict)
            else:
                out, verdict = build_site(root, site_dir, offline=offline, strict=strict or None, report=_print_verdict)
    except BuildFailed as err:
        if err.problems:
            print_problems(err.problems)
        if err.verdict is not None:
            click.secho(f"错误：{err.message}；原来的网站没有改动。", fg="red", err=True)
            ctx.exit(EXIT_RULES)
        raise XinyuError(f"{err.message}；原来的网站没有改动。") from None
    except OSError as err:  # a full disk or a folder that cannot be written, while building
        where = f"{err.filename}：" if err.filename else ""
        raise XinyuError(f"写文件失败：{where}{err.strerror or err}（磁盘满了，或没有写入权限？）；"
                         "原来的网站没有改动。") from None
    if verdict.failed(False) or verdict.reminder_count():
        click.secho(f"网站已生成：{out}（有 {verdict.report.status_counts()['fail']} 条规则不达标、"
                    f"{verdict.reminder_count()} 处提醒，见上；要在不达标时拒绝发布，用 xinyu build --strict "
                    "或在 content/site.yml 里写 strict: true）", fg="yellow")
    else:
        click.secho(f"网站已生成：{out}", fg="green")


def _print_verdict(verdict: Any, strict: bool) -> None:
    """The rule summary and every failure, printed by ``build`` before it publishes."""
    from xinyu.render.terminal import print_report

    print_report(verdict, {}, strict, only_problems=True)


@main.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="输出文件夹：写入 docs/（全部页面和资源）和 mkdocs.yml。")
@click.pass_context
def render(ctx: click.Context, out: Path) -> None:
    """核查后写出全部页面（手写页面的宏已渲染）和不含 xinyu 插件的配置，任何兼容 MkDocs 的引擎都能构建。"""
    from xinyu.engines import render_project
    from xinyu.sitebuild import BuildFailed

    root = _root(ctx)
    try:
        stats = render_project(root, out)
    except BuildFailed as err:
        if err.problems:
            print_problems(err.problems)
        raise XinyuError(err.message) from None
    click.secho(f"已写出 {stats.pages} 个页面、共 {stats.files} 个文件：{out}", fg="green")
    click.echo(f"构建：cd {out} && mkdocs build（或 zensical build）")


@main.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址（主机:端口）。")
@click.option("--open", "open_browser", is_flag=True, help="启动后打开浏览器。")
@click.pass_context
def serve(ctx: click.Context, dev_addr: str, open_browser: bool) -> None:
    """本地预览：改动后自动重建、刷新浏览器；内容有错时显示错误页。退出码：0 正常停止，2 无法开始（如端口被占用）。"""
    from xinyu.serve import ServeError
    from xinyu.serve import serve as run_server

    root = _root(ctx)
    try:
        # Dirty rebuilds: only pages whose generated text changed are rendered again (see the plugin).
        run_server(root, dev_addr, open_browser=open_browser, echo=lambda line: click.echo(line, err=True))
    except ServeError as err:
        raise XinyuError(str(err)) from None


# --------------------------------------------------------------------------- new / export / schema
@main.group()
def new() -> None:
    """新建内容文件（课例等）。"""


@new.command("lesson")
@click.option("--stage", required=True, help="学段：primary-lower、primary-middle、primary-upper、junior、senior。")
@click.option("--title", required=True, help="课题。")
@click.option("--grade", type=int, default=None, help="年级，默认为学段的第一个年级。")
@click.option("--id", "lesson_id", default=None, help="课例编号（小写英文、数字、连字符），默认自动生成。")
@click.pass_context
def new_lesson(ctx: click.Context, stage: str, title: str, grade: int | None, lesson_id: str | None) -> None:
    """生成一个可以通过校验的课例文件，按其中的提示填写。"""
    from xinyu.scaffold import ScaffoldError, scaffold_lesson

    root = _root(ctx)
    try:
        path = scaffold_lesson(root, stage=stage, title=title, grade=grade, lesson_id=lesson_id)
    except ScaffoldError as err:
        raise XinyuError(str(err)) from None
    click.secho(f"已生成：{path.relative_to(root)}", fg="green")
    click.echo("下一步：按文件里的提示写好各环节，然后运行 xinyu check；要排进课表，请在 content/schedule/ 里加一行。")


@main.command()
@click.option("--district", default=None, help="地区或单位名称，如 某某县教育局。")
@click.option("--description", default=None, help="网站描述（可选）。")
@click.option("--logo", default=None, help="徽标图片文件（复制到 content/pages/assets/）。")
@click.option("--primary", default=None, help="主色，如 teal、indigo、blue。")
@click.option("--accent", default=None, help="强调色。")
@click.option("--hotline", "district_hotline", default=None, help="本地区公开的心理援助热线（可选）。")
@click.option("--public-hotline", "public_hotlines", multiple=True, help="允许出现在网站上的公开电话（可写多次）。")
@click.option("--site-url", default=None, help="网站的正式网址，如 https://xinyu.example.edu.cn/（可选）。")
@click.option("--school-year", default=None, help="当前学年，如 2026-2027。")
@click.option("--keep-examples", is_flag=True, help="保留示例学校（默认删除）。")
@click.option("-y", "--yes", is_flag=True, help="不逐项询问：没有给出的设置保持原值。")
@click.pass_context
def init(ctx: click.Context, yes: bool, keep_examples: bool, public_hotlines: tuple[str, ...], **given: str | None) -> None:
    """给另一个地区使用：写好 content/site.yml（名称、徽标、颜色、热线、网址、学年），删除示例学校。

    退出码：0 完成，2 设置有误。"""
    from xinyu.rebrand import Branding, InitError, current, init_site

    root = _root(ctx)
    now = current(root)
    colours = now.get("colours") if isinstance(now.get("colours"), dict) else {}
    defaults: dict[str, Any] = {
        "district": now.get("district"), "description": now.get("description"), "logo": now.get("logo"),
        "primary": colours.get("primary", "teal"), "accent": colours.get("accent", "teal"),
        "district_hotline": now.get("district_hotline"), "site_url": now.get("site_url"),
        "school_year": str(now.get("school_year") or "2026-2027"),
    }
    questions = {"district": "地区或单位名称", "description": "网站描述（可留空）", "logo": "徽标图片文件（可留空）",
                 "primary": "主色", "accent": "强调色", "district_hotline": "本地区心理援助热线（可留空）",
                 "site_url": "网站网址（可留空）", "school_year": "当前学年"}
    values: dict[str, Any] = {}
    for key, question in questions.items():
        value = given.get(key)
        if value is None and not yes:
            value = click.prompt(question, default=defaults[key] or "", show_default=bool(defaults[key]))
        values[key] = (value if value is not None else defaults[key]) or None
    if not values["district"]:
        raise XinyuError("请写地区或单位名称：xinyu init --district 某某县")
    hotlines = list(public_hotlines) or [str(h) for h in now.get("public_hotlines") or ["12356", "12355"]]
    branding = Branding(district=values["district"], description=values["description"], logo=values["logo"],
                        primary=values["primary"] or "teal", accent=values["accent"] or "teal",
                        district_hotline=values["district_hotline"], public_hotlines=hotlines,
                        site_url=values["site_url"], school_year=values["school_year"] or "2026-2027",
                        strict=bool(now.get("strict")))
    try:
        done = init_site(root, branding, keep_examples=keep_examples)
    except InitError as err:
        raise XinyuError(str(err)) from None
    for line in done:
        click.echo(line)
    click.echo("下一步：在 content/schools/ 里写本地学校的档案；政策文件不同时改 content/policy/rules.yml 的 notice；"
               "然后运行 xinyu check 和 xinyu build。")


@main.command()
@click.option("--grade", "grades", type=click.IntRange(1, 12), multiple=True, help="只看这个年级（可写多次）。")
@click.pass_context
def weeks(ctx: click.Context, grades: tuple[int, ...]) -> None:
    """列出各年级课表里还空着的教学周（新课排在这些周不会和已有的课冲突）。退出码：0 正常，2 内容有错。"""
    from xinyu.weeks import describe, free_weeks

    root = _root(ctx)
    result = load_or_report(root)
    if result is None or result.project is None:
        ctx.exit(EXIT_INVALID)
        return
    project = result.project
    stage_of = {g: f"{s.name}，{s.slug}" for s in project.taxonomy.stages.values() for g in s.grades}
    click.echo(f"每学期 {project.param('teaching_weeks')} 个教学周（content/policy/rules.yml 的 teaching_weeks）。")
    for line in describe(free_weeks(project, list(grades) or None), stage_of):
        click.echo(line)
    click.echo("在 content/schedule/grade-N.yml 里加一行，如 - {semester: 1, week: 2, lesson: 课例编号}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件；默认输出到屏幕。")
@click.pass_context
def export(ctx: click.Context, output: Path | None) -> None:
    """以 JSON 导出全部内容（开放数据）。"""
    from xinyu.export import export_project

    root = _root(ctx)
    result = load_or_report(root)
    if result is None or result.project is None:
        ctx.exit(EXIT_INVALID)
        return
    text = json.dumps(export_project(result.project), ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"已导出：{output}", err=True)
    else:
        click.echo(text)


@main.command()
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹，默认为项目的 schemas/。")
@click.option("--annotate", is_flag=True,
              help="给缺少第一行 # yaml-language-server 的内容文件补上这一行（指向它的 schema）。")
@click.pass_context
def schema(ctx: click.Context, out_dir: Path | None, annotate: bool) -> None:
    """生成 JSON Schema（每种内容文件一个），供 VS Code 等编辑器校验和自动补全 YAML。退出码 0。"""
    from xinyu.schemas import annotate as annotate_files
    from xinyu.schemas import write_schemas

    root = _root(ctx)
    written = write_schemas(root, out_dir or root / "schemas")
    click.echo(f"已写入 {len(written)} 个 schema：{(out_dir or root / 'schemas')}")
    if annotate:
        changed = annotate_files(root)
        for path in changed:
            click.echo(f"已补上第一行：{path.relative_to(root).as_posix()}")
        click.echo(f"{len(changed)} 个文件补上了 # yaml-language-server 行。" if changed
                   else "每个内容文件的第一行都已指向它的 schema。")


def run() -> None:
    """Console entry point: an unexpected error is reported in one line, never as a traceback
    (set ``XINYU_DEBUG=1`` to see it). On exit the process ends without tearing down every object
    one by one: at 1,000 lessons that teardown alone took ~0.2 s of a ~1 s ``xinyu check``."""
    code: int = EXIT_OK
    try:
        main(standalone_mode=True)
    except SystemExit as done:
        if isinstance(done.code, str):
            click.echo(done.code, err=True)
            code = 1
        else:
            code = done.code or EXIT_OK
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as err:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("XINYU_DEBUG"):
            raise
        click.secho(f"内部错误：{type(err).__name__}: {err}", fg="red", err=True)
        click.secho("这是 xinyu 的问题，不是内容的问题。请设置 XINYU_DEBUG=1 重新运行，把输出报告给维护者。", err=True)
        code = 3
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
