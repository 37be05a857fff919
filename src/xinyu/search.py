"""Chinese search: field terms kept whole by jieba (团体辅导, 心理情景剧, 空椅子技术 …)."""

from __future__ import annotations

import logging

from xinyu.model.project import Project

#: jieba frequency for our terms: high enough to win over the default split.
TERM_FREQ = 20000


def terms(project: Project) -> list[str]:
    """Every term to keep whole: themes, forms, sensitive topics and the terms list."""
    tax = project.taxonomy
    words = [*tax.themes, *tax.forms, *tax.sensitive, *project.search_terms]
    words += [label for s in tax.stages.values() for label in s.theme_labels.values()]
    return sorted({w for w in words if len(w) >= 2})


def add_terms(project: Project) -> None:
    """Teach jieba the field's terms (the search plugin segments with the same jieba)."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a dependency
        return
    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" chatter in every build
    for word in terms(project):
        jieba.add_word(word, TERM_FREQ)
