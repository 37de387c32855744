"""rusplan: ruspolitiske handlingsplaner som data."""

__version__ = "0.1.0"
