"""Phase 2 of loading: allowed values from the taxonomies and references between files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from xinyu.load.cache import FileCache, digest, kept_findings
from xinyu.load.classroom import check_lesson, check_stage_rules
from xinyu.load.problems import Problem, did_you_mean, field_path
from xinyu.model.air import Series
from xinyu.model.family import ParentSchoolPlan, cohort_grades
from xinyu.model.lesson import Lesson
from xinyu.model.project import Location, Project
from xinyu.model.training import TrainingModule, TrainingPlan


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


def check_references(project: Project, broken: set[str] | None = None, cache: FileCache | None = None) -> list[Problem]:
    """Every reference and allowed-value problem in a project whose files are individually valid.

    ``broken`` names ids whose own files were invalid: references to them are not reported twice.
    ``cache`` keeps the checks of each lesson on its own (see :func:`_lessons`).
    """
    c = _Collector(project)
    _lessons(project, c, cache)
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


#: The files a lesson's own checks read besides the lesson: the taxonomies.
TAXONOMY_FILES = ("content/taxonomy/stages.yml", "content/taxonomy/themes.yml", "content/taxonomy/forms.yml",
                  "content/taxonomy/sensitive.yml", "content/taxonomy/roles.yml")


def _lessons(project: Project, c: _Collector, cache: FileCache | None = None) -> None:
    """The checks of each lesson on its own. They read only the lesson's file, its path and the
    taxonomies, so with ``cache`` their findings are kept by those files' hashes: a check after
    an edit runs them again for the edited lesson only (or for all, after a taxonomy edit)."""
    tax = project.taxonomy
    keywords = _Keywords(k for topic in tax.sensitive.values() for k in topic.keywords)
    for stage in tax.stages.values():
        check_stage_rules(project, stage, c.add)
    known = all(rel in project.digests for rel in TAXONOMY_FILES)
    taxonomy = digest("|".join(project.digests.get(rel, "") for rel in TAXONOMY_FILES).encode()) if known else ""
    for lesson in project.lessons.values():
        rel = project.file_of(lesson)
        key = ("lesson-checks", rel, taxonomy, project.digests[rel]) if known and rel in project.digests else None
        kept_findings(cache, key, c.problems, lambda lesson=lesson: _lesson(project, c, lesson, keywords))


def _lesson(project: Project, c: _Collector, lesson: Lesson, keywords: _Keywords) -> None:
    """One lesson's own checks: allowed values, its folder and file name, sensitive words, timing, classroom safety."""
    tax = project.taxonomy
    _same_as_file(c, lesson, lesson.id, "课例")
    if not c.allowed(lesson, ("stage",), lesson.stage, tax.stages, "学段"):
        return
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
        said = [k for k in topic.keywords if k in present and name not in lesson.sensitive]
        said = [k for k in said if _said(k, words, topic.exceptions)]
        if said:
            where = _word_at(project, lesson, said[0], topic.exceptions)
            problem = (f"课例提到“{said[0]}”，属于敏感话题“{name}”，但没有声明",
                       f"在 sensitive 里加上“{name}”，并写安全提示 safety_notes 和转介途径 referral；"
                       f"如果这里不是这个意思，把这个短语加到 content/taxonomy/sensitive.yml 的 exceptions 里")
            if where is None:
                c.add(lesson, ("sensitive",), *problem)
            else:
                c.problems.append(Problem(where.file, where.line, where.column, where.field, *problem))
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


def _said(word: str, text: str, exceptions: Iterable[str]) -> bool:
    """True when ``word`` occurs in ``text`` outside every exception phrase (“分离开” is not “分离”)."""
    for phrase in exceptions:
        if word in phrase:
            text = text.replace(phrase, "")
    return word in text


def _word_at(project: Project, lesson: object, word: str, exceptions: Iterable[str]) -> Location | None:
    """Where ``word`` is written in the lesson's file (outside comments and exception phrases)."""
    from xinyu.load.yamlread import field_at_line

    rel = project.file_of(lesson)
    try:
        text = (project.root / rel).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        body = line.split(" #", 1)[0]
        if _said(word, body, exceptions):
            masked = body
            for phrase in exceptions:
                if word in phrase:
                    masked = masked.replace(phrase, "\0" * len(phrase))
            return Location(rel, number, masked.index(word) + 1, field_at_line(text, number))
    return None


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


#: "每三年……" in a plan item's note: the item is a rotation, not a yearly course.
_CYCLE_NOTE = re.compile(r"每([两二三四五2-5])年")
_CN_NUMBER = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
#: "负责组织和主持" in a plan item's note: the role runs the sessions, it does not receive them.
_HOSTING_NOTE = re.compile(r"负责[^，。；、]{0,8}?(?:组织|主持|牵头|审核)")


def _training(project: Project, c: _Collector) -> None:
    roles = project.taxonomy.roles
    limit = project.rules.parameters.get("max_training_hours_per_day")  # an older rules file may lack it
    per_day = float(limit.value) if limit else 8.0
    for module in project.modules.values():
        _same_as_file(c, module, module.id, "模块")
        for i, role in enumerate(module.audiences):
            c.allowed(module, ("audiences", i), role, roles, "培训对象")
        for i, role in enumerate(module.hosts):
            c.allowed(module, ("hosts", i), role, roles, "组织者角色")
        _training_days(c, module, per_day)
    episodes = project.episodes
    for plan in project.plans:
        _same_as_file(c, plan, plan.id, "计划")
        c.allowed(plan, ("role",), plan.role, roles, "培训对象")
        for i, item in enumerate(plan.items):
            if (item.module is None) == (item.episode is None):
                c.add(plan, ("items", i), "每项要么写 module（培训模块），要么写 episode（空中课堂节目），只写一个",
                      "拆成两项")
            elif item.module is not None:
                if c.allowed(plan, ("items", i, "module"), item.module, project.modules, "培训模块"):
                    _plan_item(c, plan, i, project.modules[item.module])
            elif item.episode is not None and c.allowed(plan, ("items", i, "episode"), item.episode, episodes, "空中课堂节目"):
                if project.edition_of(item.episode) != "teacher":
                    c.add(plan, ("items", i, "episode"), f"“{item.episode}”是家长专场节目", "教师培训计划里只放教师专场节目")


def _training_days(c: _Collector, module: TrainingModule, per_day: float) -> None:
    """A concentrated course (``days``): every session on a day of it, no day empty or over ``per_day``."""
    if module.days is None:
        for j, session in enumerate(module.sessions):
            if session.day is not None:
                c.add(module, ("sessions", j, "day"), "只有连续几天的集中培训才写第几天 day",
                      "在模块上写集中培训天数 days，或删掉 day")
        return
    hours: dict[int, float] = {}
    first: dict[int, int] = {}
    for j, session in enumerate(module.sessions):
        if session.day is None:
            c.add(module, ("sessions", j), f"集中培训共 {module.days} 天，这个专题没有写第几天 day", "写 day: 1 到 day: "
                  f"{module.days} 中的一天")
        elif session.day > module.days:
            c.add(module, ("sessions", j, "day"), f"第 {session.day} 天超出了集中培训的 {module.days} 天",
                  "改正 day，或增加 days")
        else:
            hours[session.day] = hours.get(session.day, 0) + session.hours
            first.setdefault(session.day, j)
    for day in range(1, module.days + 1):
        if day not in hours:
            c.add(module, ("days",), f"集中培训第 {day} 天没有安排专题", "给这一天安排专题，或减少 days")
        elif hours[day] > per_day:
            c.add(module, ("sessions", first[day], "day"),
                  f"第 {day} 天安排了 {hours[day]:g} 学时，一天最多 {per_day:g} 学时", "把专题移到别的天，或增加 days")


def _plan_item(c: _Collector, plan: TrainingPlan, i: int, module: TrainingModule) -> None:
    """Who a module is for, who hosts it, and whether the note and the fields agree."""
    item = plan.items[i]
    role = c.project.taxonomy.roles.get(plan.role)
    name = role.name if role else plan.role
    if item.hosting and plan.role not in module.hosts:
        c.add(plan, ("items", i, "hosting"), f"写了 hosting: true，但模块“{module.id}”的组织者 hosts 里没有{name}",
              "在模块的 hosts 里加上本角色，或删掉 hosting")
    elif not item.hosting and plan.role in module.hosts:
        c.add(plan, ("items", i, "hosting"), f"{name}是模块“{module.id}”的组织者（hosts），主持的场次不是本人接受的培训",
              "写 hosting: true：不计入本人的培训学时")
    elif not item.hosting and role is not None and plan.role not in module.audiences:
        c.add(plan, ("items", i, "module"), f"模块“{module.id}”的培训对象里没有{name}",
              "在模块的 audiences 里加上本角色，或换一个模块")
    note = item.note or ""
    cycle = _CYCLE_NOTE.search(note)
    if cycle:
        years = _CN_NUMBER.get(cycle[1]) or int(cycle[1])
        if years != item.every_years:
            c.add(plan, ("items", i, "every_years"),
                  f"备注写“{cycle[0]}”，every_years 却是 {item.every_years}：计划里的每一项都当作每人每年参加",
                  f"写 every_years: {years}（轮训，不计入每年的学时），或改正备注")
    hosting = _HOSTING_NOTE.search(note)
    if hosting and not item.hosting:
        c.add(plan, ("items", i, "hosting"), f"备注写“{hosting[0]}”：本角色组织或主持的场次，不是本人接受的培训",
              "写 hosting: true（不计入本人学时），或改写备注")


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
            _episode_grades(c, series, i, [g for s in ep.stages if s in stages for g in stages[s].grades])
    for plan in project.parent_plans:
        c.allowed(plan, ("stage",), plan.stage, stages, "学段")
        stage = stages.get(plan.stage)
        for si, sem in enumerate(plan.semesters):
            for ai, act in enumerate(sem.activities):
                if stage is not None:
                    _parent_activity(c, plan, (si, ai), stage.grades, stage.name)
                for ei, ep in enumerate(act.episodes):
                    path = ("semesters", si, "activities", ai, "episodes", ei)
                    if c.allowed(plan, path, ep, seen, "空中课堂节目") and project.edition_of(ep) != "parent":
                        c.add(plan, path, f"“{ep}”是教师专场节目", "家长学校里只放家长专场节目")
    settings = project.settings
    for key, url in settings.episode_links.items():
        c.allowed(settings, ("episode_links", key), key, seen, "空中课堂节目")
        if not url.startswith("https://"):
            c.add(settings, ("episode_links", key), "观看链接必须以 https:// 开头", "填写平台提供的 https 链接，或删掉这一项")


def _episode_grades(c: _Collector, series: Series, i: int, grades: list[int]) -> None:
    """An episode's grades lie in its stages and fit the cohort its title names."""
    ep = series.episodes[i]
    for gi, grade in enumerate(ep.grades):
        if grade not in grades:
            c.add(series, ("episodes", i, "grades", gi), f"{grade} 年级不在节目所列的学段之内", "改正 grades 或 stages")
    named = cohort_grades(ep.title)
    if not named:
        return
    fits = set().union(*named.values())
    wrong = [g for g in (ep.grades or grades) if g not in fits]
    if wrong:
        c.add(series, ("episodes", i, "grades"),
              f"节目“{ep.title}”是写给{'、'.join(named)}这一届的，却适用于 {'、'.join(map(str, wrong))} 年级",
              f"写 grades: [{', '.join(map(str, sorted(fits & set(grades))))}]，家长页只在这些年级列出它")


def _parent_activity(c: _Collector, plan: ParentSchoolPlan, at: tuple[int, int], grades: list[int], stage: str) -> None:
    """An activity's grades lie in its stage and fit the cohort its title names; a lecture says how
    schools without the speaker take part."""
    si, ai = at
    act = plan.semesters[si].activities[ai]
    path = ("semesters", si, "activities", ai)
    for gi, grade in enumerate(act.grades):
        if grade not in grades:
            c.add(plan, (*path, "grades", gi), f"{grade} 年级不在{stage}（{'、'.join(map(str, grades))} 年级）之内",
                  "只写本学段的年级")
    fits: set[int] = set()
    named = cohort_grades(act.title)
    for word_grades in named.values():
        fits |= word_grades
    wrong = [g for g in act.grades if named and g not in fits]
    if wrong:
        words = "、".join(named)
        c.add(plan, (*path, "grades"),
              f"活动“{act.title}”是写给{words}这一届家长的，却列给了 {'、'.join(map(str, wrong))} 年级",
              f"grades 只写 {'、'.join(map(str, sorted(fits & set(grades)))) or '相应年级'}，"
              "再给其他年级安排适合他们的活动；或把标题改成适合全学段的说法")
    stages = c.project.taxonomy.stages
    for ei, ep_id in enumerate(act.episodes):
        ep = c.project.episodes.get(ep_id)
        if ep is None:
            continue
        ep_grades = set(ep.grades) or {g for s in ep.stages if s in stages for g in stages[s].grades}
        misfit = [g for g in act.grades if g not in ep_grades]
        if misfit:
            c.add(plan, (*path, "episodes", ei), f"节目“{ep.title}”不适合 {'、'.join(map(str, misfit))} 年级的家长",
                  "换一期适合这些年级的节目，或把活动的 grades 改窄")
    if act.form == "专家讲座" and not act.remote:
        c.add(plan, (*path, "remote"), "专家讲座没有写请不到专家到场的学校（村小、教学点）怎样参加",
              "写 remote：如在中心校直播、一周内看回放或空中课堂家长专场，由班主任组织看后讨论")


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
