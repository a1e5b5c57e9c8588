"""What the published documents call things the definitions name by code: roles, issuing agencies, regions.

A citizen reading the service standard should read "Tim teknis Dinas
Kesehatan", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa" and
"Kabupaten Gowa (73.06)", not ``teknis_dinkes``, ``dukcapil`` and ``73.06``.
Each name comes from where the definitions keep it (the code list
``peran-petugas``, the declared issuers, the Kemendagri region table); a code
nothing names is shown as written.
"""

from __future__ import annotations

from framework.core.text import Text
from framework.definition import Catalog
from framework.definition.model import ServiceSpec
from framework.forms.regions import region_table
from framework.workflow.roles import role_name

# an issuer declared for every regency (``{region}`` in its name), in a national standard
ANY_REGENCY = Text("kabupaten/kota setempat", "the local regency/city")


def step_role_name(role: str, catalog: Catalog) -> Text:
    """``teknis_dinkes`` → "Tim teknis Dinas Kesehatan" (the admin's screens use the same lookup); both languages,
    so a page can mark a name that has no English."""
    return role_name(role, catalog.codelists)


def provider_name(spec: ServiceSpec, catalog: Catalog, language: str) -> Text:
    """The declared issuer's name for ``spec.provider``, filled for the service's regency (in ``language`` where
    it names no regency); else the code."""
    issuer = catalog.issuers.get(spec.provider)
    if issuer is None:
        return Text(spec.provider, spec.provider)
    where = region_table().name(spec.region) if spec.region else ANY_REGENCY.get(language)
    return issuer.in_region(where).name


def region_name(code: str) -> str:
    """``73.06`` → "Kabupaten Gowa (73.06)"; a code the table does not hold, as written."""
    return region_table().labelled(code)
