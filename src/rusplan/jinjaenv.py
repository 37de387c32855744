"""The Jinja environment reports are made in: its sandbox, filters, globals and Markdown escaping.

Plan text is escaped everywhere: autoescape in HTML, and in Markdown a `finalize`
hook that escapes whatever a template does not mark as safe. Every template gets
`t(key, **params)`, the catalog's text in the report's language (docs/templates.md).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from rusplan import charts
from rusplan.formatting import format_number, word
from rusplan.markdown import escape_line
from rusplan.messages import COUNT, template
from rusplan.resources import templates_dir
from rusplan.views import AreaProgress, IndicatorView


class MdText(str):
    """Markdown output that is already safe; the Markdown finalizer leaves it alone."""


md_escape = escape_line  # plain text as one line of Markdown that renders as exactly that text (markdown.py)


_MD_IMAGE = re.compile(r"(?<!\\)(\\*)!\[")  # «![» after an even number of backslashes: an image


def md_block(text: str) -> MdText:
    """Plan Markdown kept as Markdown, without raw HTML (GitHub would render it) and without images.

    An image would be fetched by whoever reads the document (a tracking pixel in a pull-request
    comment); as in the HTML output, `![alt](url)` becomes «!» and a link.
    """
    text = str(text).replace("\r\n", "\n").replace("<", "&lt;")
    text = _MD_IMAGE.sub(lambda m: m.group(1) + ("!" if len(m.group(1)) % 2 else "\\!") + "[", text)
    lines = text.strip().split("\n")
    return MdText("\n".join(line.rstrip() for line in lines))


@lru_cache(maxsize=1)
def _markdown_it():
    from markdown_it import MarkdownIt

    # No raw HTML, no bare-URL linking, no images (the document must work offline).
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def markdown_html(text: str, heading_offset: int = 3) -> Markup:
    """Plan Markdown as HTML; headings inside plan text are pushed below the document's own."""
    md = _markdown_it()
    tokens = md.parse(str(text))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + heading_offset)}"
    return Markup(md.renderer.render(tokens, md.options, {}))  # noqa: S704 - markdown-it escapes all text, html is off


@jinja2.pass_eval_context
def _markdown_filter(eval_ctx, text: str | None):
    if text is None:
        return ""
    return markdown_html(text) if eval_ctx.autoescape else md_block(text)


@jinja2.pass_eval_context
def _finalize(eval_ctx, value: Any) -> Any:
    if eval_ctx.autoescape or not isinstance(value, str) or isinstance(value, (Markup, MdText)):
        return value
    return md_escape(value)


def _md_url(url: str | None) -> MdText:
    """A link destination for Markdown: characters that would end it are percent-encoded."""
    return MdText(quote(url or "", safe=":/?#[]@!$&'*+,;=%~"))


def _bar(count: float, total: float, width: int = 20, rest: str = "") -> MdText:
    """A text bar for Markdown, where an SVG chart cannot be shown: `count` of `total` in `width` blocks."""
    filled = round(count / total * width) if total else 0
    return MdText("█" * filled + rest[:1] * (width - filled))


def _status_chart(areas: list[AreaProgress], title: str | None = None, lang: str = "nb") -> Markup:
    title = title if title is not None else word("report.chart.status", lang)
    rows = [charts.BarRow(a.heading, [charts.Segment(c.key, c.label, c.count) for c in a.counts]) for a in areas]
    return Markup(charts.status_chart(rows, title=title, lang=lang))  # noqa: S704 - charts escape every text


def _trend_chart(indicator: IndicatorView) -> Markup:
    points = [charts.Point(v.label or v.year, v.value, v.text) for v in indicator.values]
    return Markup(charts.trend_chart(points, title=indicator.title))  # noqa: S704 - charts escape every text


# --- the environment ------------------------------------------------------------------


class TemplateOutside(Exception):
    """A template is a symbolic link to a file outside its template folder."""

    def __init__(self, name: str, folder: str) -> None:
        super().__init__(name)
        self.name, self.folder = name, folder


class _FolderLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template that is a link out of its folder (`--templates` may come from a pull request)."""

    def get_source(self, environment: jinja2.Environment, template: str):
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            candidate = os.path.join(folder, *pieces)
            if os.path.isfile(candidate):
                if not Path(candidate).resolve().is_relative_to(Path(folder).resolve()):
                    raise TemplateOutside(template, folder)
                break
        return super().get_source(environment, template)


def _language_globals(lang: str) -> dict[str, Any]:
    """The globals that speak the report's language: `t` and the status chart's default title."""

    @jinja2.pass_eval_context
    def t(eval_ctx, key: str, /, **params: Any) -> str:
        """The catalog's text for `key` in the report's language, filled in as if written in the template.

        The catalog's own text is trusted like template text; the values are escaped as
        `{{ value }}` would be (HTML, or Markdown text). `n` picks a plural form.
        """
        count = params.get(COUNT) if isinstance(params.get(COUNT), int) else None
        text = template(key, lang, count)
        if eval_ctx.autoescape:
            return Markup(text).format(**params)  # noqa: S704 - Markup.format escapes every value
        return MdText(text.format(**{k: _finalize(eval_ctx, v) for k, v in params.items()}))

    def status_chart(areas: list[AreaProgress], title: str | None = None) -> Markup:
        return _status_chart(areas, title, lang)

    return {"t": t, "status_chart": status_chart}


@lru_cache(maxsize=16)
def environment(extra: Path | None = None, lang: str = "nb") -> jinja2.Environment:
    """Built once per template search path and language: `extra` first, so any template can be overridden by name.

    With templates of the user's own (`extra`), the environment is Jinja's immutable sandbox:
    a template from a pull request can format the context, not run Python (docs/templates.md).
    The built-in templates alone run unsandboxed, as they are part of rusplan.
    """
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    paths = ([str(extra)] if extra else []) + [str(templates_dir())]
    kind = ImmutableSandboxedEnvironment if extra else jinja2.Environment
    env = kind(
        loader=_FolderLoader(paths, encoding="utf-8"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(markdown=_markdown_filter, md_url=_md_url, bar=_bar, number=format_number)
    env.globals.update(_language_globals(lang), trend_chart=_trend_chart)
    return env
