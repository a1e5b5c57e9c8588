"""Service definitions: load, check, resolve variants, compile to ServiceSpec."""

from framework.core.text import Text
from framework.definition.catalog import Catalog, load_catalog, plugin_context
from framework.definition.context import CheckContext, SourceInfo
from framework.definition.errors import CODES, DefinitionError, Severity
from framework.definition.model import ServiceSpec

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
