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

from xinyu import __version__
from xinyu.load.problems import Problem
from xinyu.load.project import LoadResult

EXIT_OK, EXIT_RULES, EXIT_INVALID = 0, 1, 2


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xinyu")
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
@click.option("--strict", is_flag=True, help="把提醒（warn）也当作不合格。")
@click.pass_context
def check(ctx: click.Context, fmt: str, strict: bool) -> None:
    """核查内容和政策要求：0 全部通过，1 有规则不达标，2 内容有错。"""
    from xinyu.checks import run_checks
    from xinyu.load.classroom import lesson_advice
    from xinyu.pipeline import checked_project, unfinished
    from xinyu.render.site import page_paths
    from xinyu.render.terminal import print_report

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
            _json({"ok": False, "errors": [p.as_dict() for p in problems], "rules": [], "stats": {"files": result.files}})
        ctx.exit(EXIT_INVALID)
    report = run_checks(result.project, page_paths(result.project))
    stats = _stats(result)
    drafts = unfinished(root, result.project)
    stats["unfinished_lessons"] = len({p.file for p in drafts})
    advice = lesson_advice(result.project)  # long sentences for grandparents, too many questions
    stats["lesson_reminders"] = len(advice)
    if fmt == "text":
        for p in [*drafts, *advice]:
            click.secho(f"提醒：{p}", fg="yellow", err=True)
    failed = report.failed(strict)
    if fmt == "json":
        _json({"ok": not failed, "errors": [], "reminders": [p.as_dict() for p in advice],
               "rules": report.as_dict(), "stats": stats})
    else:
        print_report(report, stats, strict)
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
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="网站引擎：mkdocs（MkDocs + Material，默认）或 zensical（需 pip install 'xinyu[zensical]'）。")
@click.pass_context
def build(ctx: click.Context, site_dir: Path | None, offline: bool, engine: str) -> None:
    """核查后构建网站；内容有错时拒绝构建，原来的 site/ 保持不变。"""
    from xinyu.sitebuild import BuildFailed, build_site

    root = _root(ctx)
    try:
        out = _build_with_engine(root, site_dir, engine) if engine != "mkdocs" else build_site(root, site_dir, offline=offline)
    except BuildFailed as err:
        if err.problems:
            print_problems(err.problems)
        raise XinyuError(f"{err.message}；原来的网站没有改动。") from None
    click.secho(f"网站已生成：{out}", fg="green")


def _build_with_engine(root: Path, site_dir: Path | None, engine: str) -> Path:
    """Build with a site engine other than MkDocs (from the page tree ``xinyu render`` writes)."""
    from xinyu.engines import build_zensical

    assert engine == "zensical", engine
    return build_zensical(root, site_dir)


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
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址。")
@click.option("--open", "open_browser", is_flag=True, help="启动后打开浏览器。")
@click.pass_context
def serve(ctx: click.Context, dev_addr: str, open_browser: bool) -> None:
    """本地预览：修改任何 YAML 或页面后自动重建并刷新浏览器。"""
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = _root(ctx)
    if load_or_report(root) is None:
        raise XinyuError("内容有错，请先修改；修改后重新运行 xinyu serve。")
    click.echo(f"预览地址：http://{dev_addr}/  （按 Ctrl+C 停止）")
    # Dirty rebuilds: only pages whose generated text changed are rendered again (see the plugin).
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, open_in_browser=open_browser,
                 livereload=True, build_type="dirty")


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
@click.pass_context
def schema(ctx: click.Context, out_dir: Path | None) -> None:
    """生成 JSON Schema，供 VS Code 等编辑器校验和自动补全 YAML。"""
    from xinyu.schemas import write_schemas

    root = _root(ctx)
    written = write_schemas(root, out_dir or root / "schemas")
    for path in written:
        click.echo(f"已写入：{path}")


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
