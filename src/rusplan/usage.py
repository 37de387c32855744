"""How to use the command, in the reader's language: help screens and usage errors.

Typer and click word both in English, and their wording and internals change between
releases (typer 0.2x vendors click privately). So rusplan writes its help screens
itself from the command tree's public metadata (`name`, `params`, `opts`, `required`,
`default`, `metavar`, `commands`) and the commands' own annotations, and recognises a
usage error by click's documented attributes (`exit_code` 2, `ctx`, `param`,
`option_name`) — never by its message text or a private import.

Every word comes from the catalog: a command's text is `help.<command path>` («help.status.new»,
«help.rusplan» for the command itself), a parameter's `help.<command path>.<parameter name>`
(else `help.common.<parameter name>`, for --lang), and a metavar declared as a key
(`usage.metavar.file`) is worded too.
"""

from __future__ import annotations

import difflib
import inspect
import shutil
import textwrap
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from rusplan.messages import Msg, has, text

HELP_FLAGS = ("--help", "-h")


# --- the command tree ---------------------------------------------------------


def subcommands(command: Any) -> dict[str, Any]:
    """The visible subcommands of a group, in the order they were declared."""
    found = getattr(command, "commands", None)
    return {name: cmd for name, cmd in found.items() if not getattr(cmd, "hidden", False)} if isinstance(found, dict) else {}


def _takes_value(param: Any) -> bool:
    return param.param_type_name == "option" and not getattr(param, "is_flag", False) and not getattr(param, "count", False)


def walk(root: Any, args: list[str]) -> tuple[Any, list[str], list[str]]:
    """The (sub)command the words in `args` lead to, its name path, and the words after it."""
    command, path = root, ["rusplan"]
    rest = list(args)
    while rest:
        options = {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}
        word = rest[0]
        if word == "--":
            break
        if word.startswith("-"):
            param = options.get(word.split("=", 1)[0])
            if param is None and word not in HELP_FLAGS:
                break  # an unknown option: left for the parser to refuse
            rest.pop(0)
            if param is not None and _takes_value(param) and "=" not in word and rest:
                rest.pop(0)
            continue
        sub = subcommands(command).get(word)
        if sub is None:
            break
        command, path = sub, [*path, word]
        rest.pop(0)
    return command, path, rest


def wants_help(args: list[str]) -> bool:
    """--help (or -h) anywhere before a «--»."""
    for word in args:
        if word == "--":
            return False
        if word in HELP_FLAGS:
            return True
    return False


def language_of(args: list[str]) -> str | None:
    """The --lang given on the command line, read before the command line is parsed."""
    for index, word in enumerate(args):
        if word == "--":
            break
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
        if word == "--lang" and index + 1 < len(args):
            return args[index + 1]
    return None


def _annotation(command: Any, param: Any) -> Any:
    """The Python type a parameter was declared with (Annotated, Optional and list unwrapped)."""
    callback = getattr(command, "callback", None)
    if callback is None:
        return None
    try:
        hint = typing.get_type_hints(inspect.unwrap(callback), include_extras=True).get(param.name)
    except Exception:  # noqa: BLE001 - a forward reference we cannot resolve just means no type shown
        return None
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated or origin is list:
            hint = typing.get_args(hint)[0]
        elif origin in (typing.Union, types.UnionType):
            hint = next((a for a in typing.get_args(hint) if a is not type(None)), None)
        else:
            return hint


def _choices(command: Any, param: Any) -> list[str]:
    kind = _annotation(command, param)
    return [str(member.value) for member in kind] if isinstance(kind, type) and issubclass(kind, Enum) else []


def _help_key(path: list[str]) -> str:
    return "help." + (".".join(path[1:]) or path[0])


def command_help(path: list[str], lang: str) -> str:
    """What the command at `path` («rusplan status new») does, from the catalog ("" when it says nothing)."""
    key = _help_key(path)
    return text(key, lang) if has(key) else ""


def param_help(path: list[str], param: Any, lang: str) -> str:
    """The help of one option or argument of the command at `path`, from the catalog ("" when it has none)."""
    for key in (f"{_help_key(path)}.{param.name}", f"help.common.{param.name}"):
        if has(key):
            return text(key, lang)
    return ""


def _metavar(command: Any, param: Any, lang: str) -> str:
    if param.metavar:
        return text(param.metavar, lang) if has(param.metavar) else str(param.metavar)
    if param.param_type_name == "argument":
        return param.name.upper()
    choices = _choices(command, param)
    if choices:
        return "|".join(choices)
    kind = _annotation(command, param)
    key = "path" if kind is Path else "number" if kind is int else "text"
    return Msg.of(f"usage.metavar.{key}").text(lang)


def _argument_label(command: Any, param: Any, lang: str) -> str:
    label = _metavar(command, param, lang)
    repeated = param.nargs == -1 or getattr(param, "multiple", False)
    if repeated and not label.endswith("..."):
        label += " ..."
    return f"[{label}]" if not param.required else label


def _option_label(command: Any, param: Any, lang: str) -> str:
    names = ", ".join(sorted(param.opts, key=len))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    return f"{names} {_metavar(command, param, lang)}" if _takes_value(param) else names


def _default(param: Any) -> str | None:
    value = param.default
    if not getattr(param, "show_default", True) or param.required or value in (None, (), [], "") or callable(value):
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, Enum):
        value = value.value
    return str(value)


def usage_line(command: Any, path: list[str], lang: str) -> str:
    words = [Msg.of("usage.usage").text(lang), " ".join(path), Msg.of("usage.options_metavar").text(lang)]
    if subcommands(command):
        words.append(Msg.of("usage.command_metavar").text(lang))
    words += [_argument_label(command, p, lang) for p in command.params if p.param_type_name == "argument" and not getattr(p, "hidden", False)]
    return " ".join(words)


def _rows(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns like every help screen: the name, then its help wrapped beside it."""
    first = min(max((len(name) for name, _ in rows), default=0), 30) + 2
    out = []
    for name, about in rows:
        lines = textwrap.wrap(about, max(width - first - 2, 20)) or [""]
        if len(name) + 2 > first:
            out.append(f"  {name}")
            out += [" " * (first + 2) + line for line in lines]
        else:
            out.append(f"  {name.ljust(first)}{lines[0]}")
            out += [" " * (first + 2) + line for line in lines[1:]]
    return out


def _paragraphs(text: str, width: int) -> list[str]:
    out: list[str] = []
    for block in inspect.cleandoc(text).split("\n\n"):
        out += textwrap.wrap(" ".join(block.split()), width - 2, initial_indent="  ", subsequent_indent="  ") + [""]
    return out


def help_text(command: Any, path: list[str], lang: str, width: int | None = None) -> str:
    """The help screen of `command`, every word in the reader's language."""
    width = width or min(shutil.get_terminal_size((80, 24)).columns, 100)
    lines = [usage_line(command, path, lang), ""]
    if about := command_help(path, lang):
        lines += _paragraphs(about, width)
    visible = [p for p in command.params if not getattr(p, "hidden", False)]
    arguments = [p for p in visible if p.param_type_name == "argument"]
    if arguments:
        lines.append(Msg.of("usage.arguments").text(lang))
        rows = []
        for p in arguments:
            extra = [Msg.of("usage.required").text(lang)] if p.required else []
            rows.append((_argument_label(command, p, lang), " ".join([param_help(path, p, lang), *extra]).strip()))
        lines += _rows(rows, width) + [""]
    rows = []
    for p in visible:
        if p.param_type_name != "option":
            continue
        extra = []
        if (default := _default(p)) is not None:
            extra.append(Msg.of("usage.default", value=default).text(lang))
        if p.required:
            extra.append(Msg.of("usage.required").text(lang))
        rows.append((_option_label(command, p, lang), " ".join([param_help(path, p, lang), *extra]).strip()))
    rows.append(("--help", Msg.of("usage.help_option").text(lang)))
    lines += [Msg.of("usage.options").text(lang), *_rows(rows, width)]
    commands = subcommands(command)
    if commands:
        summaries = [(name, _summary([*path, name], lang)) for name in commands]
        lines += ["", Msg.of("usage.commands").text(lang), *_rows(summaries, width)]
    return "\n".join(lines).rstrip() + "\n"


def _summary(path: list[str], lang: str) -> str:
    return " ".join(command_help(path, lang).split("\n\n")[0].split())


# --- usage errors -------------------------------------------------------------


def is_usage_error(error: BaseException) -> bool:
    """Click's UsageError and its kin: exit code 2 and the context it arose in."""
    return getattr(error, "exit_code", None) == 2 and hasattr(error, "ctx")


def _given(args: list[str], param: Any) -> str | None:
    """The value the user gave `param`, found in the words of the command line."""
    for index, word in enumerate(args):
        for opt in param.opts:
            if word == opt and index + 1 < len(args):
                return args[index + 1]
            if opt.startswith("--") and word.startswith(opt + "="):
                return word[len(opt) + 1 :]
    return None


def _name(command: Any, param: Any, lang: str) -> str:
    if param.param_type_name == "argument":
        return _metavar(command, param, lang)
    return next((o for o in param.opts if o.startswith("--")), param.opts[0])


def _bad_value(command: Any, param: Any, args: list[str], lang: str) -> Msg:
    value = _given(args, param)
    choices = _choices(command, param)
    kind = _annotation(command, param)
    if choices:
        why = Msg.of("usage.why.choice", choices=", ".join(choices))
    elif kind is int:
        why = Msg.of("usage.why.number")
    else:
        why = Msg.of("usage.why.other", command=command.name or "rusplan")
    name = _name(command, param, lang)
    if value is None:
        return Msg.of("usage.bad_value", name=name, why=why)
    return Msg.of("usage.bad_given_value", value=value, name=name, why=why)


def _unexpected(command: Any, rest: list[str]) -> list[str]:
    """Positional words beyond what the command's arguments take."""
    options = {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}
    positional, skip = [], False
    for word in rest:
        if skip:
            skip = False
        elif word.startswith("-") and word != "-":
            param = options.get(word.split("=", 1)[0])
            skip = param is not None and _takes_value(param) and "=" not in word
        else:
            positional.append(word)
    capacity = 0
    for p in command.params:
        if p.param_type_name == "argument":
            if p.nargs == -1:
                return []
            capacity += p.nargs
    return positional[capacity:]


def _problem(error: BaseException, command: Any, path: list[str], rest: list[str], args: list[str], lang: str) -> Msg:
    param = getattr(error, "param", None)
    option_name = getattr(error, "option_name", None)
    if param is not None and hasattr(error, "param_type"):
        help_text = param_help(path, param, lang)
        return Msg.of("usage.missing_described" if help_text else "usage.missing", name=_name(command, param, lang), help=(help_text or "").rstrip("."))
    if param is not None:
        return _bad_value(command, param, args, lang)
    if option_name is not None:
        options = {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}
        known = options.get(option_name)
        if known is None:
            guesses = difflib.get_close_matches(option_name, [*options, "--help"], n=2, cutoff=0.6)
            hint = Msg.of("usage.did_you_mean", guesses=" / ".join(f"«{g}»" for g in guesses)) if guesses else ""
            return Msg.of("usage.unknown_option", name=option_name, hint=hint)
        if _takes_value(known):
            return Msg.of("usage.needs_value", name=option_name)
        return Msg.of("usage.takes_no_value", name=option_name)
    commands = subcommands(command)
    if commands:
        word = next((w for w in rest if not w.startswith("-")), None)
        if word is None:
            return Msg.of("usage.missing_command")
        guesses = difflib.get_close_matches(word, list(commands), n=2, cutoff=0.6)
        hint = Msg.of("usage.did_you_mean", guesses=" / ".join(f"«{g}»" for g in guesses)) if guesses else ""
        return Msg.of("usage.unknown_command", name=word, hint=hint)
    extra = _unexpected(command, rest)
    if extra:
        return Msg.of("usage.extra_arguments", words=" ".join(extra))
    return Msg.of("usage.other")


def explain(error: BaseException, root: Any, args: list[str], lang: str) -> str:
    """The usage line, what is wrong, and where to read more; no word of click's."""
    command, path, rest = walk(root, args)
    problem = _problem(error, command, path, rest, args, lang)
    return "\n".join(
        (usage_line(command, path, lang), Msg.of("usage.error", problem=problem).text(lang), Msg.of("usage.more", command=" ".join(path)).text(lang))
    )
