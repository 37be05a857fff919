"""xinyu（心育）：中小学心理健康教育门户的内容引擎。

Flow: YAML files → :mod:`xinyu.load` → typed model (:mod:`xinyu.model`) →
:mod:`xinyu.checks` (compliance) / :mod:`xinyu.render` (pages) / export (JSON).
The package root imports nothing heavy so that ``xinyu --help`` starts fast.
"""

__version__ = "0.1.0"
