"""What an officer may return an application for: what the citizen can fix in it.

Why a rule of its own: the return form offered every field and document of
the service, and the service accepted any of them, so an application could
be returned for a document its answers never asked for (a clinic letter on
an application that chose the other proof of birth). The correction page
then showed it, its upload was never checked (hidden things are not
validated), and any file went through. Who applies — the values locked
from the signed-in applicant's own registry record — is not the citizen's to
change either; a value locked from a look-up keyed by something the citizen
typed (the mother's name, found by her NIK) may be returned and retyped, and
then loses its ``verified`` mark (issue 12). The form (``casefile``) and
the check (``applications``) both read this one list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.flow import answer_values
from framework.forms.validation import registry_only
from framework.forms.visibility import visible


def returnable(spec: ServiceSpec, answers: Mapping[str, Any]) -> list[tuple[str, Text]]:
    """(id, label) of the fields and documents these answers asked for, but the applicant's own identity; in
    form order."""
    shown = visible(spec, answer_values(spec, answers))
    fields = [
        (item.id, item.label) for item in spec.iter_fields() if item.id in shown and not registry_only(spec, item)
    ]
    return fields + [(document.id, document.label) for document in spec.documents if document.id in shown]


def not_returnable(spec: ServiceSpec, answers: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    """The ``names`` a return may not name for this application (unknown ones included)."""
    allowed = {name for name, _label in returnable(spec, answers)}
    return [name for name in names if name not in allowed]
