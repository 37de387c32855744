"""Findings: plain, frozen records that sort by position; and what a rule is (the code a finding carries)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rusplan.messages import DEFAULT, Msg, template


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


@dataclass(frozen=True)
class Rule:
    """A rule: stable code, default severity and a title; its check's docstring is the user documentation.

    The default severity is the only one in the code: a plan's `rules:` setting may change it, nothing else does.
    The title lives in the catalog as `rule.<code>`, so SARIF words it in the reader's language.
    """

    code: str
    name: str
    severity: Severity
    check: Callable[[Any], Iterator[Finding]] | None = None  # None: reported by the loader itself
    loader_doc: str = ""

    @property
    def title(self) -> str:
        """The bokmål title (docs/rules.md, the JSON schema)."""
        return self.title_in(DEFAULT)

    def title_in(self, lang: str) -> str:
        return template(f"rule.{self.code}", lang)

    @property
    def doc(self) -> str:
        """The user documentation: the check's docstring, or the loader rule's text."""
        return inspect.cleandoc(self.check.__doc__ or "") if self.check else inspect.cleandoc(self.loader_doc)
