"""The coloured terminal report of ``xinyu check``, grouped under the four inspection headings."""

from __future__ import annotations

from typing import Any

import click

from xinyu.checks.engine import Report

MARKS = {"pass": ("✔ 通过", "green"), "fail": ("✘ 不达标", "red"), "warn": ("! 提醒", "yellow")}


def print_report(report: Report, stats: dict[str, Any], strict: bool = False) -> None:
    """Print the report; findings under each failing rule with file and line."""
    click.echo(f"已读取 {stats['files']} 个文件：课例 {stats['lessons']} 个，已排课时 {stats['scheduled_hours']} 节，"
               f"培训模块 {stats['training_modules']} 个，培训计划 {stats['training_plans']} 个，"
               f"空中课堂 {stats['episodes']} 期。")
    for heading, results in report.by_heading().items():
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
    counts = report.status_counts()
    verdict = report.failed(strict)
    line = f"\n合计 {len(report.results)} 条规则：通过 {counts['pass']}，不达标 {counts['fail']}，提醒 {counts['warn']}。"
    samples = report.sample_count()
    if samples:
        line += f"其中 {samples} 条基于示例数据（示例节目、示例学校），换成真实数据后才算达标。"
    if verdict:
        end = ""
    elif counts["warn"]:
        end = " 没有不达标的规则。"
    else:
        end = " 全部达标。"
    click.secho(line + end, fg="red" if verdict else ("yellow" if counts["warn"] else "green"), bold=True)
