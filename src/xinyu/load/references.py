"""Phase 2 of loading: allowed values from the taxonomies and references between files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from xinyu.load.classroom import check_lesson, check_stage_rules
from xinyu.load.problems import Problem, did_you_mean, field_path
from xinyu.model.project import Project


class _Collector:
    """Collects problems located inside remembered model objects."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.problems: list[Problem] = []

    def add(self, obj: object, path: tuple[str | int, ...], message: str, hint: str = "") -> None:
        where = self.project.locate(obj, *path)
        self.problems.append(Problem(where.file, where.line, where.column, field_path(path), message, hint))

    def allowed(self, obj: object, path: tuple[str | int, ...], value: str, choices: Iterable[str], what: str) -> bool:
        choices = list(choices)
        if value in choices:
            return True
        self.add(obj, path, f"不认识的{what}“{value}”", did_you_mean(value, choices))
        return False


def check_references(project: Project, broken: set[str] | None = None) -> list[Problem]:
    """Every reference and allowed-value problem in a project whose files are individually valid.

    ``broken`` names ids whose own files were invalid: references to them are not reported twice.
    """
    c = _Collector(project)
    _lessons(project, c)
    _schedules(project, c, broken or set())
    _training(project, c)
    _air_and_family(project, c)
    _schools(project, c)
    return c.problems


#: Words that mark a case story; such lessons must say the case is anonymised (NEVER-1).
CASE_WORDS = ("案例", "个案")


def _same_as_file(c: _Collector, obj: object, obj_id: str, what: str) -> None:
    """An id must equal its file's name (links and the export rely on it)."""
    stem = PurePosixPath(c.project.file_of(obj)).stem
    if obj_id != stem:
        c.add(obj, ("id",), f"{what}编号“{obj_id}”与文件名“{stem}”不一致",
              f"把文件改名为 {obj_id}.yml，或把 id 改成文件名")


class _Keywords:
    """Finds which of many keywords occur in a text with one regex scan, not one search per keyword.

    The scan reports leftmost matches, longest keyword first. A keyword occurrence the scan did
    not report either starts where a reported match starts (so it is a prefix of it: ``inside``)
    or begins inside a reported match (so the two overlap: ``touching``, checked directly). The
    answer is exactly ``{k for k in keywords if k in text}``; a test compares the two."""

    def __init__(self, keywords: Iterable[str]) -> None:
        words = sorted({k for k in keywords if k}, key=len, reverse=True)
        self.regex = re.compile("|".join(map(re.escape, words))) if words else None
        self.inside = {k: {j for j in words if j in k} for k in words}
        self.touching = {k: {j for j in words if j not in self.inside[k] and _overlap(k, j)} for k in words}

    def present(self, text: str) -> set[str]:
        """The keywords that occur in ``text``."""
        if self.regex is None:
            return set()
        out: set[str] = set()
        maybe: set[str] = set()
        for word in set(self.regex.findall(text)):
            out |= self.inside[word]
            maybe |= self.touching[word]
        out.update(word for word in maybe - out if word in text)
        return out


def _overlap(a: str, b: str) -> bool:
    """True when ``b`` can begin inside ``a`` and run past its end (a suffix of a is a prefix of b)."""
    return any(b.startswith(a[i:]) for i in range(1, len(a)))


def _lessons(project: Project, c: _Collector) -> None:
    tax = project.taxonomy
    keywords = _Keywords(k for topic in tax.sensitive.values() for k in topic.keywords)
    for stage in tax.stages.values():
        check_stage_rules(project, stage, c.add)
    for lesson in project.lessons.values():
        _same_as_file(c, lesson, lesson.id, "课例")
        if not c.allowed(lesson, ("stage",), lesson.stage, tax.stages, "学段"):
            continue
        folder = PurePosixPath(project.file_of(lesson)).parent.as_posix()
        if folder != f"lessons/{lesson.stage}":
            c.add(lesson, ("stage",), f"课例的学段是“{lesson.stage}”，文件却放在 {folder}/",
                  f"把文件移到 lessons/{lesson.stage}/，或改正 stage（每个学段的课例放在自己的文件夹里）")
        for i, theme in enumerate(lesson.themes):
            c.allowed(lesson, ("themes", i), theme, tax.themes, "主题")
        for i, topic in enumerate(lesson.sensitive):
            c.allowed(lesson, ("sensitive", i), topic, tax.sensitive, "敏感话题")
        for i, act in enumerate(lesson.activities):
            if c.allowed(lesson, ("activities", i, "form"), act.form, tax.forms, "活动形式"):
                if tax.forms[act.form].needs_deroling and act.deroling_step is None:
                    c.add(lesson, ("activities", i, "steps"), f"{act.form}活动缺少“去角色”步骤",
                          "在步骤最后加一步，以“去角色”开头，带学生走出角色，再分享感受")
        words = lesson.text()
        present = keywords.present(words)
        for name, topic in tax.sensitive.items():
            said = [k for k in topic.keywords if k in present]
            if said and name not in lesson.sensitive:
                c.add(lesson, ("sensitive",), f"课例提到“{said[0]}”，属于敏感话题“{name}”，但没有声明",
                      f"在 sensitive 里加上“{name}”，并写安全提示 safety_notes 和转介途径 referral")
        if lesson.sensitive:
            if not lesson.safety_notes:
                c.add(lesson, ("sensitive",), "涉及敏感话题，但没有写安全提示 safety_notes",
                      "写明要留意的信号、课堂上怎么做、何时转介")
            if not lesson.referral:
                c.add(lesson, ("sensitive",), "涉及敏感话题，但没有写转介途径 referral",
                      "如：班主任 → 学校心理老师 → 专业精神卫生机构；心理援助热线 12356")
        if lesson.anonymised is not True and any(word in words for word in CASE_WORDS):
            c.add(lesson, ("anonymised",),
                  "课例里有案例，但没有标明案例已匿名化", "确认案例是虚构的或已去掉一切可识别信息后，写 anonymised: true")
        period = tax.stages[lesson.stage].period_minutes
        if lesson.minutes > period:
            c.add(lesson, ("activities",),
                  f"各环节 {lesson.activity_minutes} 分钟 + 分享 {lesson.sharing.minutes} 分钟"
                  f" + 总结 {lesson.closing.minutes} 分钟 = {lesson.minutes} 分钟，超过一节课的 {period} 分钟",
                  "缩短或删减环节，使各环节、分享和总结合计等于一节课的时长")
        check_lesson(project, lesson, c.add)


def _schedules(project: Project, c: _Collector, broken: set[str]) -> None:
    seen_grades: dict[int, object] = {}
    for sched in project.schedules:
        if sched.grade in seen_grades:
            c.add(sched, ("grade",), f"{sched.grade} 年级的课时安排重复，{project.locate(seen_grades[sched.grade])} 也是",
                  "每个年级只用一个安排文件")
        seen_grades[sched.grade] = sched
        slots: dict[tuple[int, int], int] = {}
        taught: dict[str, int] = {}
        for i, entry in enumerate(sched.schedule):
            if entry.lesson in taught:
                at = taught[entry.lesson]
                first = sched.schedule[at]
                c.add(sched, ("schedule", i, "lesson"),
                      f"课例“{entry.lesson}”已经排在第 {first.semester} 学期第 {first.week} 周（第 {at + 1} 项）",
                      "一个课例在一个年级只上一次，这里可能是复制时忘了改；要复习巩固，请另写一节新课")
            taught.setdefault(entry.lesson, i)
            if (entry.semester, entry.week) in slots:
                c.add(sched, ("schedule", i, "week"),
                      f"第 {entry.semester} 学期第 {entry.week} 周已经安排了课"
                      f"（第 {slots[(entry.semester, entry.week)] + 1} 项）",
                      "一周只排一节，或改成另一周")
            slots[(entry.semester, entry.week)] = i
            lesson = project.lessons.get(entry.lesson)
            if lesson is None and entry.lesson in broken:
                continue
            if lesson is None:
                c.add(sched, ("schedule", i, "lesson"), f"找不到课例“{entry.lesson}”",
                      did_you_mean(entry.lesson, project.lessons) or "先在 lessons/ 下写好这个课例")
            elif sched.grade not in lesson.grades:
                c.add(sched, ("schedule", i, "lesson"),
                      f"课例“{entry.lesson}”适用于 {'、'.join(map(str, lesson.grades))} 年级，不适用于 {sched.grade} 年级",
                      "换成本年级的课例，或在课例的 grades 里加上本年级（须确实适合）")


def _training(project: Project, c: _Collector) -> None:
    roles = project.taxonomy.roles
    for module in project.modules.values():
        _same_as_file(c, module, module.id, "模块")
        for i, role in enumerate(module.audiences):
            c.allowed(module, ("audiences", i), role, roles, "培训对象")
    episodes = project.episodes
    for plan in project.plans:
        _same_as_file(c, plan, plan.id, "计划")
        c.allowed(plan, ("role",), plan.role, roles, "培训对象")
        for i, item in enumerate(plan.items):
            if (item.module is None) == (item.episode is None):
                c.add(plan, ("items", i), "每项要么写 module（培训模块），要么写 episode（空中课堂节目），只写一个",
                      "拆成两项")
            elif item.module is not None:
                c.allowed(plan, ("items", i, "module"), item.module, project.modules, "培训模块")
            elif item.episode is not None and c.allowed(plan, ("items", i, "episode"), item.episode, episodes, "空中课堂节目"):
                if project.edition_of(item.episode) != "teacher":
                    c.add(plan, ("items", i, "episode"), f"“{item.episode}”是家长专场节目", "教师培训计划里只放教师专场节目")


def _air_and_family(project: Project, c: _Collector) -> None:
    stages = project.taxonomy.stages
    seen: dict[str, object] = {}
    for series in project.series:
        for i, ep in enumerate(series.episodes):
            if ep.id in seen:
                c.add(series, ("episodes", i, "id"), f"节目编号“{ep.id}”重复", "每个节目的 id 必须唯一")
            seen[ep.id] = series
            for j, stage in enumerate(ep.stages):
                c.allowed(series, ("episodes", i, "stages", j), stage, stages, "学段")
    for plan in project.parent_plans:
        c.allowed(plan, ("stage",), plan.stage, stages, "学段")
        for si, sem in enumerate(plan.semesters):
            for ai, act in enumerate(sem.activities):
                for ei, ep in enumerate(act.episodes):
                    path = ("semesters", si, "activities", ai, "episodes", ei)
                    if c.allowed(plan, path, ep, seen, "空中课堂节目") and project.edition_of(ep) != "parent":
                        c.add(plan, path, f"“{ep}”是教师专场节目", "家长学校里只放家长专场节目")
    settings = project.settings
    for key, url in settings.episode_links.items():
        c.allowed(settings, ("episode_links", key), key, seen, "空中课堂节目")
        if not url.startswith("https://"):
            c.add(settings, ("episode_links", key), "观看链接必须以 https:// 开头", "填写平台提供的 https 链接，或删掉这一项")


def _schools(project: Project, c: _Collector) -> None:
    seen: dict[str, object] = {}
    for school in project.schools:
        _same_as_file(c, school, school.id, "学校")
        if school.id in seen:
            c.add(school, ("id",), f"学校编号“{school.id}”重复", "每所学校的 id 必须唯一")
        seen[school.id] = school
        if school.example and "示例" not in school.name:
            c.add(school, ("name",), "示例学校的名称必须含“示例”", "如：示例学校·某镇中心小学")
        for i, sem in enumerate(school.calendar.semesters):
            if sem.end <= sem.start:
                c.add(school, ("calendar", "semesters", i, "end"), "学期结束日期早于开始日期", "检查日期")
        for i, period in enumerate(school.calendar.high_risk):
            if period.end < period.start:
                c.add(school, ("calendar", "high_risk", i, "end"), "结束日期早于开始日期", "检查日期")
