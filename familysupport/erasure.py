"""What each case app erases of a case disposed of at the end of its retention (brakowanie).

The retention app carries out the disposal (retention/services.py); each case app knows its own
models and declares, in its `AppConfig.ready()`, what of them holds a person's data and what may
hold a case back:

    registry.contribute(registry.CASE_ERASERS, ERASER)

A disposed case keeps its rows, their dates, states and codes (the statistics count them) and its
identifiers (reference and document numbers); its personal texts are blanked, or replaced by
`ERASED` where the field may not be empty, and its files are deleted from storage for good.
A test walks the case apps' models and fails for a text or file field no eraser names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

# What a personal text that may not be empty reads after the disposal.
ERASED = "—"


@dataclass(frozen=True)
class Personal:
    """The fields of one model of a case: those erased at the disposal and those kept."""

    model: type[models.Model]
    # The lookup from the model to its family's id ("family", "plan__family"; "pk" for the family).
    family: str
    erase: tuple[str, ...]
    # Texts kept on purpose: identifiers, institutions and codes the statistics count.
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class Eraser:
    """One app's part of the disposal of a case."""

    app: str
    parts: tuple[Personal, ...]
    # (family) -> why the case may not be disposed of now (an open procedure), one reason each.
    holds: Callable[[Any], list[str]]
    # The app's models that belong to no case (a staff member's profile, a counter).
    outside_cases: tuple[type[models.Model], ...] = ()
    order: int = 0
