"""Classroom-safety and delivery rules for lessons, with their file:line:field.

These are the rules an experienced school psychology teacher applies when reading a lesson plan
before teaching it (the content review of issue 14 and the delivery kit of issue 16):

* every lesson opens with ground rules: one may pass, one does not judge what others share, what
  is said stays in the room, and the one limit of confidentiality (someone may be in danger);
* an activity that asks pupils to say, write or act out something of their own offers a way to pass;
* anonymous notes are collected and screened by the teacher before any is read aloud, and the
  handwriting is never used to find out who wrote one;
* an activity that needs open floor or walking about says so, and carries a seated alternative for
  45–50 pupils at fixed desks;
* a material that reads like something to print or project (a card, a worksheet, a script) has its
  content written out in the activity that uses it;
* printable materials ask for no personal data beyond a first name or pseudonym, and a card's text
  fits on a card.

Errors block publishing; :func:`lesson_advice` returns reminders that do not (long sentences in the
texts for parents and grandparents, too many key questions for one period).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xinyu.load.cache import FileCache, kept_findings
from xinyu.load.problems import Problem, field_path
from xinyu.model.lesson import Activity, Handout, Lesson
from xinyu.model.project import Project
from xinyu.model.taxonomy import Stage

Add = Callable[[object, tuple[str | int, ...], str, str], None]

# ----------------------------------------------------------------------------- ground rules
#: The four things every lesson's ground rules must say, each as (name, pattern, hint).
GROUND_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("可以不说", re.compile(r"不说|不写|不回答|说一声“过”|说“过”|先听听|不勉强|不用说|可以跳过"),
     "如“不想说的时候，可以说‘我先听听’”"),
    ("不议论别人的分享", re.compile(r"不议论|不评价|不评判|不取笑|不嘲笑|不笑话|不起哄"),
     "如“认真听别人说，不笑话、不议论”"),
    ("课上的话不外传", re.compile(r"不外传|不往外|不拿出去|留在(?:教室|课堂|课上)|不传出去|不告诉别人"),
     "如“课上同学讲的心里话，下课后不拿出去讲”"),
    ("保密的例外：有人可能有危险时，大人会帮忙", re.compile(r"(?:危险|伤害|安全)[^。；]*(?:大人|家长|老师|专业|学校)"
                                           r"|(?:大人|家长|老师|专业)[^。；]*(?:危险|伤害|安全)"),
     "如“如果听到有人可能会受伤害，老师会请大人一起帮忙”"),
)


def ground_rules(lesson: Lesson, stage: Stage) -> list[str]:
    """The ground rules announced at the start of ``lesson`` (see :meth:`Lesson.rules`)."""
    return lesson.rules(stage)


def missing_ground_rules(rules: list[str]) -> list[tuple[str, str]]:
    """(name, hint) of each of the four required ground rules that ``rules`` do not state."""
    text = "\n".join(rules)
    return [(name, hint) for name, pattern, hint in GROUND_RULES if not pattern.search(text)]


# ----------------------------------------------------------------------------- activities
#: An activity asks pupils to disclose something of their own.
DISCLOSURE = re.compile(
    r"(?:写下|写出|写一写|写上|说说|说出|讲讲|讲出|说一说|讲一讲|分享|读出|念出|交流|画出|画一画)[^。；]{0,14}"
    r"(?:自己的?(?:事|经历|烦恼|秘密|感受|心情|心事|故事|压力|担心|难过|害怕|委屈|遗憾|愿望|梦想|缺点|不足|家|优点)"
    r"|心里话|心事|烦恼|秘密|伤心|难过|害怕|委屈|遗憾|经历|家里|家人|一件事)"
    r"|心声|纸条|轰炸|家常话|悄悄话|树洞|吐槽")
#: Words that offer a way to pass, when written in the steps themselves.
PASS = re.compile(r"可以不说|可以不写|可以不答|说一声“过”|说“过”|可以跳过|可以只听|可以选择不|不想说的|不想写的|不想演的"
                  r"|不愿意的|不愿意说|可以不举手|可以不参加|不勉强|可以写一件不那么|可以编一个|可以写别人")
#: Anonymous notes that get read aloud.
ANONYMOUS = re.compile(r"匿名|不写名字|不署名|不记名")
READ_ALOUD = re.compile(r"读|念")
SCREENED = re.compile(r"老师(?:先|收齐|收回|收上来|收好)[^。；]{0,24}(?:看|筛|挑|选)|先由老师|教师先|老师筛选|老师挑选|老师先看")
HANDWRITING = re.compile(r"字迹|笔迹")
#: An activity that needs open floor, moving desks or walking about.
NEEDS_SPACE = re.compile(r"桌椅靠边|推开桌椅|移开桌椅|挪开桌椅|桌椅(?:移|挪|推)到|空地|空场|(?:围|站)成(?:一个)?(?:大)?圈"
                         r"|四个角|四角|走廊|操场|自由走动|四处走|在教室里走|满教室|绕着教室|站成(?:两|一|一)排|排成(?:一|两)队"
                         r"|离开座位|内外圈|手拉手围")


def _activity_text(act: Activity) -> str:
    return "\n".join([*act.steps, *act.tips])


def _check_activity(lesson: Lesson, i: int, act: Activity, add: Add) -> None:
    text = _activity_text(act)
    where = ("activities", i)
    # the cheap tests first: most activities say how to pass and where they happen
    if not act.opt_out and (said := DISCLOSURE.search(text)) and not PASS.search(text):
        add(lesson, (*where, "opt_out"),
            f"环节“{act.title}”请学生说出或写下自己的事（“{said.group(0)}”），但没有说不想参与的同学怎样跳过",
            "写 opt_out，如“不想写的同学可以写一件别人的事，或在纸上画一个圈交上来”")
    if ANONYMOUS.search(text) and READ_ALOUD.search(text) and not SCREENED.search(text):
        add(lesson, (*where, "steps"),
            f"环节“{act.title}”要读匿名纸条，但没有写老师先收齐、看过、挑选后再读",
            "改成：老师收齐纸条，先自己看一遍，挑出合适的由老师来读；涉及危险的纸条不读，课后按转介途径处理")
    if HANDWRITING.search(text):
        add(lesson, (*where, "tips"),
            f"环节“{act.title}”提到按字迹找人：这违背了事先承诺的匿名",
            "不要按字迹找人。课前就告诉学生保密的唯一例外；课后可以请全班“有需要的同学可以来找我”，并请班主任留意")
    if not act.space and (said := NEEDS_SPACE.search(text)):
        add(lesson, (*where, "space"),
            f"环节“{act.title}”需要场地（“{said.group(0)}”），但没有写 space 和坐着做的办法 seated",
            "写 space（要什么场地），再写 seated：45–50 人、固定桌椅时在座位上怎么做")
    if act.space and not act.seated:
        add(lesson, (*where, "seated"), f"环节“{act.title}”写了需要场地，但没有写固定桌椅时怎么做",
            "写 seated：坐在座位上、按行或同桌完成的做法")


# ----------------------------------------------------------------------------- materials
#: A material line that reads like something to print or project.
PRINTABLE = re.compile(r"学习单|任务单|记录单|清单|[^\s，、（(：:]{1,8}单(?!元|独|位|人|纯|调|词|车|脚|子)|卡片"
                       r"|[^\s，、（(：:]{1,8}卡(?!纸|通|住)|表格|[^\s，、（(：:]{1,6}表(?!演|扬|情|达|现|示)"
                       r"|[^\s，、（(：:]{1,8}图(?!钉|书|画纸|画本)|剧本|台词|名牌|题签|海报|投影|课件|幻灯|内容见|见活动")
#: Things that match the pattern above but are real objects.
REAL_OBJECTS = re.compile(r"秒表|手表|钟表|计时表|卡纸|信用卡|饭卡|公交卡|银行卡|图钉")
#: Lines about the blackboard are the teacher's preparation, not something to print.
BOARD = re.compile(r"^(?:在)?(?:黑板|白板)|黑板上(?:画|写)|板书")

#: Most characters one item of a card may hold, by kind (grades 1–2 get shorter cards).
ITEM_LIMITS = {"卡片": 90, "角色卡": 160, "学习单": 200, "剧本": 300, "投影": 120}
LOWER_GRADES_CARD_LIMIT = 30
#: Personal data a printable must never ask for (a first name or pseudonym is enough).
PERSONAL_FIELDS = re.compile(r"(?:姓名|学号|身份证|联系电话|电话号码|手机号|家庭住址|住址|家长姓名|父母姓名|班级座号)"
                             r"\s*[:：_＿（(]"
                             r"|写(?:上|下)?(?:你的)?(?:真实)?(?:姓名|学号|电话|住址|身份证)")


def _core(title: str) -> str:
    return re.sub(r"[“”\"'《》「」『』]", "", title).strip()


def printable_without_content(material: str, handouts: list[Handout]) -> bool:
    """True when a material line reads like a printable but no handout of the lesson holds it."""
    found = PRINTABLE.search(material)
    if not found or BOARD.search(material):
        return False
    if REAL_OBJECTS.search(found.group(0)) and not PRINTABLE.search(REAL_OBJECTS.sub("", material)):
        return False
    plain = _core(material)
    quoted = re.findall(r"“([^”]+)”", material)
    for h in handouts:
        core = _core(h.title)
        if core and core in plain:
            return False
        if any(q and q in core for q in quoted):
            return False
    return True


def _check_handouts(lesson: Lesson, stage: Stage, add: Add) -> None:
    handouts = [h for _, h in lesson.handouts()]
    for i, material in enumerate(lesson.materials):
        if printable_without_content(material, handouts):
            add(lesson, ("materials", i),
                f"材料“{material}”像是要打印或投影的，但课例里没有写出它的内容",
                "在用到它的环节下写 handouts：kind（学习单、卡片、角色卡、剧本、投影）、title（与这里的名称一致）、"
                "audience、per_class 和 items（全部文字）；实物（如皮球、白纸）照常写在这里")
    lower = stage.slug == "primary-lower"
    for a, act in enumerate(lesson.activities):
        for j, h in enumerate(act.handouts):
            where = ("activities", a, "handouts", j)
            limit = ITEM_LIMITS[h.kind]
            if lower and h.kind in ("卡片", "角色卡"):
                limit = LOWER_GRADES_CARD_LIMIT
            for k, item in enumerate(h.items):
                if len(item) > limit:
                    extra = "（一二年级的卡片要字大、字少）" if lower and h.kind in ("卡片", "角色卡") else ""
                    add(lesson, (*where, "items", k),
                        f"{h.kind}“{h.title}”第 {k + 1} 条有 {len(item)} 个字，一条最多 {limit} 个字{extra}",
                        "拆成两条，或删去给老师看的话（写到 steps 或 tips 里）；很长的材料可改成学习单")
            for k, text in enumerate([h.instructions or "", *h.items]):
                found = PERSONAL_FIELDS.search(text)
                if found:
                    path = (*where, "instructions") if k == 0 else (*where, "items", k - 1)
                    add(lesson, path, f"{h.kind}“{h.title}”要学生写“{found.group(0).rstrip(':：_＿（(')}”：材料上不收集个人信息",
                        "只留“名字或昵称：____”，或者不写名字")


# ----------------------------------------------------------------------------- entry points
def check_lesson(project: Project, lesson: Lesson, add: Add) -> None:
    """Report every classroom-safety and delivery problem of ``lesson`` through ``add``."""
    stage = project.taxonomy.stages.get(lesson.stage)
    if stage is None:
        return
    if lesson.ground_rules:
        for name, hint in missing_ground_rules(lesson.ground_rules):
            add(lesson, ("ground_rules",), f"课堂约定缺少“{name}”", hint)
    for i, act in enumerate(lesson.activities):
        _check_activity(lesson, i, act, add)
    if NEEDS_SPACE.search("\n".join(lesson.preparation)) and not any(a.space for a in lesson.activities):
        i = next(n for n, p in enumerate(lesson.preparation) if NEEDS_SPACE.search(p))
        add(lesson, ("preparation", i), "课前准备要挪桌椅或留空地，但没有哪个环节写了 space 和 seated",
            "在需要场地的环节写 space，再写 seated：45–50 人、固定桌椅时在座位上怎么做")
    _check_handouts(lesson, stage, add)
    for k, q in enumerate(lesson.exit_questions):
        if re.search(r"分数|打.{0,2}分|得分|评分|扣分|答对|答错|正确答案|对不对", q):
            add(lesson, ("exit_questions", k), "课后小纸条不打分、不考对错", "问学生想试什么、还想知道什么，如“我想试试……”")


def check_stage_rules(project: Project, stage: Stage, add: Add) -> None:
    """A stage's default ground rules must state all four."""
    for name, hint in missing_ground_rules(stage.ground_rules):
        add(stage, ("ground_rules",), f"{stage.name}的课堂约定缺少“{name}”", hint)


#: Longest sentence, in Han characters, of the texts written for parents and grandparents.
MAX_HOME_SENTENCE = 30
#: Most key questions (activities' and sharing's) one period can hold.
MAX_QUESTIONS = 8
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def long_sentences(text: str, limit: int = MAX_HOME_SENTENCE) -> list[str]:
    """Sentences of ``text`` with more than ``limit`` Han characters."""
    return [s for s in _SENTENCE_END.split(text) if len(_HAN.findall(s)) > limit]


def lesson_advice(project: Project, cache: FileCache | None = None) -> list[Problem]:
    """Reminders (提醒) that do not block publishing, with file:line:field. They read only the
    lesson, so with ``cache`` each lesson's are kept by its file's hash."""
    out: list[Problem] = []

    def add(obj: object, path: tuple[str | int, ...], message: str, hint: str) -> None:
        where = project.locate(obj, *path)
        out.append(Problem(where.file, where.line, where.column, field_path(path), message, hint))

    for lesson in project.lessons.values():
        rel = project.file_of(lesson)
        key = ("lesson-advice", rel, project.digests[rel]) if rel in project.digests else None
        kept_findings(cache, key, out, lambda lesson=lesson: _advise(lesson, add))
    return out


def _advise(lesson: Lesson, add: Add) -> None:
    """One lesson's reminders: sentences too long for grandparents, too many key questions."""
    home = lesson.home
    texts: list[tuple[tuple[str | int, ...], str]] = [(("home", "learned"), home.learned),
                                                      (("home", "try_at_home"), home.try_at_home)]
    texts += [(("home", "watch_for", i), w) for i, w in enumerate(home.watch_for)]
    for path, text in texts:
        for sentence in long_sentences(text):
            add(lesson, path, f"写给家长的这句话有 {len(_HAN.findall(sentence))} 个字：“{sentence[:20]}……”",
                f"祖辈家长读长句吃力，请拆成每句不超过 {MAX_HOME_SENTENCE} 个字的短句")
    questions = sum(len(a.questions) for a in lesson.activities) + len(lesson.sharing.questions)
    if questions > MAX_QUESTIONS:
        add(lesson, ("activities",), f"这节课一共有 {questions} 个关键提问，一节课问不完",
            f"每个环节留一两个最关键的提问，全课不超过 {MAX_QUESTIONS} 个")
