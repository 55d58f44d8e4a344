"""A statute's versions by date, and the semantic diff of two statutes.

Imports ``statute`` and ``authority``; ``protocol`` may use it to judge each
event under the version in force on its day (docs/versions.md).
"""

from .changes import Change, ChangeType, TextChange
from .competence import Competence, CompetenceChange, answers
from .diff import Diff, diff
from .history import History, load_history
from .model import Adoption, Approval, NoVersionInForce, Version

__all__ = [
    "Adoption",
    "Approval",
    "Change",
    "ChangeType",
    "Competence",
    "CompetenceChange",
    "Diff",
    "History",
    "NoVersionInForce",
    "TextChange",
    "Version",
    "answers",
    "diff",
    "load_history",
]
