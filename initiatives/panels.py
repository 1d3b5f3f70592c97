"""Admin panels of the initiatives plugin."""

from .widgets import LocalLeafletPanel as LeafletLocationPanel  # noqa: F401
