"""Findings: plain, frozen records that sort by position."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rusplan.messages import Msg


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """One thing validate has to say, pinned to file:line:column (1-based).

    The message is kept as a `Msg` and worded at the edge, in the reader's language.
    """

    file: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    msg: Msg = field(compare=False)

    def message(self, lang: str = "nb") -> str:
        return self.msg.text(lang)
