"""rusplan: ruspolitiske handlingsplaner som data."""

__version__ = "0.1.0"

RUNTIME = ("typer", "click", "PyYAML", "pydantic", "Jinja2", "rich", "openpyxl", "markdown-it-py", "ruamel.yaml", "icalendar", "python-docx", "typst")


def versions() -> str:
    """rusplan's version and those of the libraries it runs on, for bug reports and CI logs."""
    import platform
    from importlib import metadata

    found = []
    for name in RUNTIME:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return f"rusplan {__version__}\nPython {platform.python_version()} · " + " · ".join(found)
