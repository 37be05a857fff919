"""Shared base for every content model: strict keys, no coercion surprises."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

#: A non-empty line of text (surrounding whitespace stripped).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
#: A short label such as a title.
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
#: A machine identifier: lower-case ASCII letters, digits and hyphens.
Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{0,79}$"),
]


class Content(BaseModel):
    """Base class: unknown keys are errors, ints are not silently made from floats or text.

    ``defer_build``: a model's validator is built on its first use, not at import. A check whose
    files all come from the check cache validates nothing, and building them all took half of
    the program's start."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=False, str_strip_whitespace=True, defer_build=True)
