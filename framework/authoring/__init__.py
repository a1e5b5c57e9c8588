"""Authoring without writing YAML by hand: XLSForm in (`mpp import xlsform`) and out (`mpp export xlsform`).

A layer beside `generate`: it reads definitions (the meta-schema, the
compiled ``ServiceSpec``) and the condition language, and never the service
layer or the store (`.importlinter`). The static preview of a form
(`mpp preview`) renders the portal's own pages, so it lives in
``framework.web.preview``; what the preview fills in comes from
``framework.forms.sample``.
"""

from __future__ import annotations

from framework.authoring.xlsform_export import export_xlsform, write_xlsform
from framework.authoring.xlsform_import import Imported, import_xlsform

__all__ = ["Imported", "export_xlsform", "import_xlsform", "write_xlsform"]
