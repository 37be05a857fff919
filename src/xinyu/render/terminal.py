"""The coloured terminal report of ``xinyu check`` (and ``xinyu build``), grouped under the four
inspection headings, then drafts and reminders; the summary counts everything printed."""

from __future__ import annotations

from typing import Any

import click

from xinyu.verdict import Verdict

#: At most this many reminders are listed one by one (a province has thousands of unscheduled
#: lessons); the rest are counted, and ``--format json`` lists them all.
MAX_REMINDERS = 200
MARKS = {"pass": ("✔ 通过", "green"), "fail": ("✘ 不达标", "red"), "warn": ("! 提醒", "yellow")}


def print_report(verdict: Verdict, stats: dict[str, Any], strict: bool = False, *, only_problems: bool = False) -> None:
    """Print the report; findings under each failing rule with file, line and field.
    ``only_problems`` (``xinyu build``) leaves out the rules that pass."""
    report = verdict.report
    if not only_problems:
        click.echo(f"已读取 {stats['files']} 个文件：课例 {stats['lessons']} 个，已排课时 {stats['scheduled_hours']} 节，"
                   f"培训模块 {stats['training_modules']} 个，培训计划 {stats['training_plans']} 个，"
                   f"空中课堂 {stats['episodes']} 期。")
    for heading, results in report.by_heading().items():
        results = [r for r in results if r.status != "pass" or not only_problems]
        if not results:
            continue
        click.secho(f"\n■ {heading}", bold=True)
        for r in results:
            mark, colour = MARKS[r.status]
            basis = click.style("（基于示例数据）", fg="yellow") if r.sample else ""
            click.echo(f"  {click.style(mark, fg=colour)}  {r.rule.id} {r.rule.title}（{r.rule.section}）{basis}")
            if r.status == "pass" or (r.sample and not r.findings):
                click.secho(f"        {r.detail}", dim=True)
            for f in r.findings + r.samples:
                where = f"{f.where}  " if f.where.file else ""
                click.echo(f"        {click.style(where, fg='cyan')}{f.message}")
    if verdict.drafts:
        lessons = len({p.file for p in verdict.drafts})
        click.secho(f"\n■ 草稿：{lessons} 个课例还有【请写：……】（可以预览，不能发布）", bold=True)
        for p in verdict.drafts:
            click.secho(f"  ✘ 草稿  {p}", fg="red")
    others = verdict.other_reminders()
    if others:
        click.secho("\n■ 其他提醒", bold=True)
        shown = others[:MAX_REMINDERS]
        click.echo("\n".join(click.style(f"  ! 提醒  {p}", fg="yellow") for p in shown))
        if len(shown) < len(others):
            click.secho(f"  ……另有 {len(others) - len(shown)} 条提醒没有列出：xinyu check --format json 列出全部", fg="yellow")
    counts = report.status_counts()
    failed = verdict.failed(strict)
    line = (f"\n合计 {len(report.results)} 条规则：通过 {counts['pass']}，不达标 {counts['fail']}，"
            f"提醒 {verdict.reminder_count()}")
    if verdict.drafts:
        line += f"；草稿 {len({p.file for p in verdict.drafts})} 个课例（{len(verdict.drafts)} 处【请写】）"
    line += "。"
    samples = report.sample_count()
    if samples:
        line += f"其中 {samples} 条规则基于示例数据（示例节目、示例学校），换成真实数据后才算达标。"
    if not failed:
        line += " 全部达标。" if not verdict.reminder_count() else " 没有不达标的规则（提醒不影响通过；--strict 时算不合格）。"
    elif strict and not report.failed(False) and not verdict.drafts:
        line += " 严格模式：提醒也算不合格。"
    click.secho(line, fg="red" if failed else ("yellow" if verdict.reminder_count() else "green"), bold=True)
