"""Service definitions: load, check, resolve variants, compile to ServiceSpec."""

from .catalog import Catalog, load_catalog, plugin_context
from .context import CheckContext, SourceInfo
from .errors import CODES, DefinitionError, Severity
from .model import ServiceSpec, Text

__all__ = [
    "CODES",
    "Catalog",
    "CheckContext",
    "DefinitionError",
    "ServiceSpec",
    "Severity",
    "SourceInfo",
    "Text",
    "load_catalog",
    "plugin_context",
]
