"""Lesson → kit: everything the slides, lesson plan, print pages and home slip say, assembled once.

Every output module (``slides``, ``plan``, ``printpage``, ``homeslip``) reads a :class:`Kit` and
nothing else, so the four files of a lesson can never disagree. A kit is plain frozen data: its
JSON form is hashed to cache the generated files (see :mod:`xinyu.kit.cache`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass

from xinyu.load.classroom import ground_rules
from xinyu.model.lesson import Handout, Lesson
from xinyu.model.project import Project
from xinyu.model.taxonomy import grade_label, grade_name, semester_name
from xinyu.render.text import cn_index

#: Kinds of material shown on the slides: always 投影; worksheets so the class can follow along;
#: cards only when the teacher holds them up or the whole class shares them (a pupil's own card,
#: a secret task card or a role card is never projected).
PROJECTED_CARD_AUDIENCES = ("教师", "全班")
#: Known public hotlines, with what they are (``content/site.yml`` lists only the numbers).
HOTLINE_NAMES = {"12356": "全国统一心理援助热线", "12355": "青少年服务台（共青团）", "12320": "卫生健康热线"}
#: Characters Windows does not allow in file names.
_BAD_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class KitHandout:
    """One material of an activity, with where it goes in the kit."""

    kind: str
    title: str
    audience: str
    per_class: int
    instructions: str
    items: tuple[str, ...]
    write_lines: int

    @property
    def projected(self) -> bool:
        """Shown on the slides."""
        if self.kind in ("投影", "学习单"):
            return True
        return self.kind == "卡片" and self.audience in PROJECTED_CARD_AUDIENCES

    @property
    def printed(self) -> bool:
        """On the print page (everything but pure projections)."""
        return self.kind != "投影"

    @property
    def copies_text(self) -> str:
        """How many a class needs, in words: “每组 1 份，共 10 份”."""
        return f"{self.audience}，每班 {self.per_class} 份"


@dataclass(frozen=True)
class KitActivity:
    """One activity, numbered as the lesson plan numbers it (环节一, 环节二…)."""

    number: int
    title: str
    form: str
    minutes: int
    purpose: str
    steps: tuple[str, ...]
    questions: tuple[str, ...]
    tips: tuple[str, ...]
    space: str
    seated: str
    opt_out: str
    handouts: tuple[KitHandout, ...]

    @property
    def label(self) -> str:
        """环节一, 环节二…"""
        return f"环节{cn_index(self.number - 1)}"


@dataclass(frozen=True)
class Slot:
    """Where the lesson is taught: grade, semester, week."""

    grade: int
    semester: int
    week: int


@dataclass(frozen=True)
class Kit:
    """Everything the delivery kit of one lesson says."""

    id: str
    title: str
    stage: str
    stage_name: str
    grades: tuple[int, ...]
    period_minutes: int
    minutes: int
    themes: tuple[str, ...]
    summary: str
    objectives: tuple[str, ...]
    materials: tuple[str, ...]
    preparation: tuple[str, ...]
    ground_rules: tuple[str, ...]
    activities: tuple[KitActivity, ...]
    sharing_minutes: int
    sharing_questions: tuple[str, ...]
    closing_minutes: int
    closing_text: str
    exit_questions: tuple[str, ...]
    sensitive: tuple[str, ...]
    safety_notes: tuple[str, ...]
    referral: str
    home_learned: str
    home_try: str
    home_watch: tuple[str, ...]
    hotlines: tuple[tuple[str, str], ...]
    district: str
    school_year: str
    parent_url: str
    #: The site's icon, relative to the site root (the district's logo, else Material's default).
    favicon: str
    reply_slip: bool
    slots: tuple[Slot, ...]

    # ------------------------------------------------------------------ derived
    @property
    def lower(self) -> bool:
        """Grades 1–2: large type on everything pupils hold."""
        return min(self.grades) <= 2

    @property
    def grades_text(self) -> str:
        """小学一年级 / 初中七年级、八年级."""
        return "、".join(grade_label(g) for g in self.grades)

    @property
    def grades_short(self) -> str:
        """一年级 / 七年级、八年级."""
        return "、".join(grade_name(g) for g in self.grades)

    @property
    def parent_grade(self) -> int:
        """The grade whose parent page the home slip's QR code opens."""
        return self.grades[0]

    @property
    def handouts(self) -> list[tuple[KitActivity, KitHandout]]:
        """Every material with its activity, in teaching order."""
        return [(a, h) for a in self.activities for h in a.handouts]

    @property
    def slots_text(self) -> str:
        """七年级第二学期第 15 周；…"""
        return "；".join(f"{grade_name(s.grade)}{semester_name(s.semester)}第 {s.week} 周" for s in self.slots)

    def digest(self) -> str:
        """A hash of everything the kit says (the cache key of its files)."""
        raw = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()


def _handout(h: Handout) -> KitHandout:
    return KitHandout(kind=h.kind, title=h.title, audience=h.audience, per_class=h.per_class,
                      instructions=h.instructions or "", items=tuple(h.items), write_lines=h.write_lines)


def hotlines(project: Project) -> tuple[tuple[str, str], ...]:
    """(number, what it is) of every public hotline, the district's first."""
    settings = project.settings
    out: list[tuple[str, str]] = []
    if settings.district_hotline:
        out.append((settings.district_hotline, f"{settings.district}心理援助热线"))
    for number in settings.public_hotlines:
        if all(number != n for n, _ in out):
            out.append((number, HOTLINE_NAMES.get(number, "心理援助热线")))
    return tuple(out)


def parent_page_url(project: Project, grade: int) -> str:
    """The public address of a grade's parent page, or "" when no https ``site_url`` is set."""
    base = project.settings.site_url
    return f"{base}parents/grade-{grade}.html" if base else ""


def lesson_kit(project: Project, lesson: Lesson, slots: list[tuple[int, int, int]] = ()) -> Kit:  # type: ignore[assignment]
    """Assemble the kit of ``lesson`` (``slots``: its (grade, semester, week) in the schedules)."""
    stage = project.taxonomy.stages[lesson.stage]
    acts = tuple(
        KitActivity(number=i + 1, title=a.title, form=a.form, minutes=a.minutes, purpose=a.purpose or "",
                    steps=tuple(a.steps), questions=tuple(a.questions), tips=tuple(a.tips), space=a.space or "",
                    seated=a.seated or "", opt_out=a.opt_out or "", handouts=tuple(_handout(h) for h in a.handouts))
        for i, a in enumerate(lesson.activities))
    settings = project.settings
    return Kit(
        id=lesson.id, title=lesson.title, stage=lesson.stage, stage_name=stage.name, grades=tuple(lesson.grades),
        period_minutes=stage.period_minutes, minutes=lesson.minutes,
        themes=tuple(stage.theme_label(t) for t in lesson.themes), summary=lesson.summary,
        objectives=tuple(lesson.objectives), materials=tuple(lesson.materials), preparation=tuple(lesson.preparation),
        ground_rules=tuple(ground_rules(lesson, stage)), activities=acts,
        sharing_minutes=lesson.sharing.minutes, sharing_questions=tuple(lesson.sharing.questions),
        closing_minutes=lesson.closing.minutes, closing_text=lesson.closing.text,
        exit_questions=tuple(lesson.exit_questions), sensitive=tuple(lesson.sensitive),
        safety_notes=tuple(lesson.safety_notes), referral=lesson.referral or "",
        home_learned=lesson.home.learned, home_try=lesson.home.try_at_home, home_watch=tuple(lesson.home.watch_for),
        hotlines=hotlines(project), district=settings.district, school_year=settings.school_year,
        parent_url=parent_page_url(project, lesson.grades[0]), reply_slip=settings.home_slip_reply,
        favicon=settings.logo or "assets/images/favicon.png",
        slots=tuple(Slot(g, s, w) for g, s, w in slots),
    )


# ----------------------------------------------------------------------------- names
def safe_filename(name: str) -> str:
    """A file name Windows, macOS and 7-Zip all accept (Chinese kept, reserved characters replaced)."""
    cleaned = _BAD_FILENAME.sub("_", name).strip().rstrip(".")
    return cleaned or "未命名"


@dataclass(frozen=True)
class KitNames:
    """Where a lesson's kit files live (ASCII site paths) and the Chinese names they download under."""

    lesson_id: str
    title: str

    @property
    def slides(self) -> str:
        """Site path of the 课件."""
        return f"kit/{self.lesson_id}.pptx"

    @property
    def plan(self) -> str:
        """Site path of the 教案."""
        return f"kit/{self.lesson_id}.docx"

    @property
    def materials(self) -> str:
        """Site path of the print page (学习单 and 课后小纸条)."""
        return f"kit/{self.lesson_id}.html"

    @property
    def home(self) -> str:
        """Site path of the 家校联系单."""
        return f"kit/{self.lesson_id}-home.html"

    @property
    def slides_name(self) -> str:
        """给情绪起名字-课件.pptx"""
        return safe_filename(f"{self.title}-课件.pptx")

    @property
    def plan_name(self) -> str:
        """给情绪起名字-教案.docx"""
        return safe_filename(f"{self.title}-教案.docx")


def names(lesson: Lesson | Kit) -> KitNames:
    """The kit file names of a lesson."""
    return KitNames(lesson.id, lesson.title)


def archive_path(grade: int, semester: int) -> str:
    """Site path of a grade-semester's archive of slides and lesson plans."""
    return f"kit/grade-{grade}-s{semester}.zip"


def archive_name(grade: int, semester: int) -> str:
    """七年级第二学期-课件和教案.zip"""
    return f"{grade_name(grade)}{semester_name(semester)}-课件和教案.zip"


def qr_path(grade: int) -> str:
    """Site path of the QR code to a grade's parent page."""
    return f"kit/qr/grade-{grade}.svg"
