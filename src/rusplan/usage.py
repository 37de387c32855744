"""Command-line usage errors in the reader's language.

Typer (click) words its usage errors in English: «Missing option '--to'». A plan
secretary gets them in bokmål, with the usage line and where to read more.
"""

from __future__ import annotations

import re

try:  # typer ≥ 0.20 vendors click
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError
except ImportError:  # pragma: no cover - older typer on plain click
    from click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError

from rusplan.messages import pick

__all__ = ["UsageError", "explain"]


def _hint(error: UsageError) -> str:
    param = getattr(error, "param", None)
    if param is not None:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or getattr(param, "opts", [])
        return opts[0] if opts and opts[0].startswith("-") else (param.human_readable_name or param.name or "").upper()
    return getattr(error, "param_hint", None) or ""


def explain(error: UsageError, lang: str) -> str:
    """The error as a sentence saying what is wrong and what to do."""
    message = error.format_message()
    if isinstance(error, MissingParameter):
        text = pick((f"Mangler {_hint(error)}.", f"Missing {_hint(error)}."), lang)
    elif isinstance(error, NoSuchOption):
        guesses = ", ".join(f"«{p}»" for p in (error.possibilities or []))
        text = pick((f"Ukjent valg «{error.option_name}».", f"Unknown option «{error.option_name}»."), lang)
        if guesses:
            text += pick((f" Mente du {guesses}?", f" Did you mean {guesses}?"), lang)
    elif isinstance(error, BadParameter):
        text = pick((f"Ugyldig verdi for {_hint(error)}", f"Invalid value for {_hint(error)}"), lang)
        # a bounded message: the lazy pattern is quadratic in the quotes of a long value with no match
        choice = re.search(r"'(.*?)' is not one of (.*?)\.?$", (error.message or "")[:2_000])
        if choice:
            text += pick((f": «{choice[1]}» er ikke en av {choice[2]}.", f": «{choice[1]}» is not one of {choice[2]}."), lang)
        else:
            text += f" ({re.sub(r'^Value error, ', '', error.message or '')})."
    elif match := re.match(r"No such command '(.*?)'\.(?: Did you mean '(.*?)'\?)?", message):
        text = pick((f"Ukjent kommando «{match[1]}».", f"Unknown command «{match[1]}»."), lang)
        if match[2]:
            text += pick((f" Mente du «{match[2]}»?", f" Did you mean «{match[2]}»?"), lang)
    elif match := re.match(r"Got unexpected extra arguments? \((.*)\)", message):
        text = pick((f"For mange argumenter: {match[1]}.", f"Too many arguments: {match[1]}."), lang)
    else:
        text = message
    ctx = error.ctx
    command = ctx.command_path if ctx else "rusplan"
    usage = ctx.get_usage() if ctx else ""
    more = pick((f"Se «{command} --help» for alle valg.", f"See «{command} --help» for all options."), lang)
    return "\n".join(part for part in (usage.replace("Usage:", pick(("Bruk:", "Usage:"), lang), 1), f"Feil: {text}" if lang != "en" else f"Error: {text}", more) if part)
