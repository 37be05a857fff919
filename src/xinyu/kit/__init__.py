"""The lesson delivery kit (issue 16): 课件 (.pptx), 教案 (.docx), print pages for the pupil
materials and the exit slips, and the 家校联系单, for every lesson; one archive per grade-semester.

:mod:`xinyu.kit.data` assembles what a lesson's kit says once; :mod:`~xinyu.kit.slides`,
:mod:`~xinyu.kit.plan`, :mod:`~xinyu.kit.printpage` and :mod:`~xinyu.kit.homeslip` each turn that
into one file; :mod:`~xinyu.kit.build` writes them all (cached by content) for the site.
"""
