"""Every bundled service can be filed with a payload built from its JSON Schema.

Through ``framework.applications.submit`` — the one function the API, the
portal and the admin call — on a real, migrated database: the locus check,
the server-side validation, the workflow compiled from the steps and the
first state all run for every service of the catalog.
"""

from __future__ import annotations

import hashlib

import pytest
from cataloghelpers import DEFINITIONS
from payloads import example_file, example_payload

from framework import applications
from framework.definition import load_catalog
from framework.forms.schema import payload_schema
from framework.storage import UploadInfo

LOCI = ("73.12", "35.10")  # Kab. Soppeng, Kab. Banyuwangi: loci running every adminduk and nakes service
APPLICANT = "7312014101900001"
SERVICES = sorted(spec.id for spec in load_catalog(DEFINITIONS).offered())


def example_uploads(spec) -> dict[str, UploadInfo]:
    uploads = {}
    for document in spec.documents:
        name, data, kind = example_file(document.accept)
        uploads[document.id] = UploadInfo(key=f"demo/{document.id}", filename=name, size=len(data), kind=kind, mime=None, sha256=hashlib.sha256(data).hexdigest())
    return uploads


def client_answers(spec, region: str) -> dict:
    """What an API client sends: the schema's example without the locked (registry-filled) fields."""
    answers = example_payload(payload_schema(spec), region)["answers"]
    return {name: value for name, value in answers.items() if not spec.field(name).locked}


@pytest.mark.parametrize("service_id", SERVICES)
def test_every_bundled_service_can_be_filed(session, bundled, service_id):
    spec = bundled.specs[service_id]
    others = [s for s in bundled.offered() if s.id != spec.id]
    with_variant = {o.region for o in others if o.extends == spec.id}  # a national service is not filed where a variant replaces it
    region = spec.region or next(code for code in LOCI if code not in with_variant)
    application = applications.submit(
        session, spec, region=region, answers=client_answers(spec, region), applicant_nik=APPLICANT,
        documents=example_uploads(spec), definitions=DEFINITIONS, others=others,
    )
    assert application.tracking_number
    assert application.state == spec.steps[0].id
    assert application.region == region
