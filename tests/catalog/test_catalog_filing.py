"""Every bundled service can be filed with a payload built from its JSON Schema.

Through ``framework.services.applications.submit`` — the one function the API, the
portal and the admin call — on a real, migrated database: the locus check,
the server-side validation, the workflow compiled from the steps and the
first state all run for every service of the catalog. A SIP service is filed
by a sandbox health worker of its profession: SISDMK's profession and STR
are required, as the law requires them.
"""

from __future__ import annotations

import pytest
from cataloghelpers import DEFINITIONS, as_applicant, example_uploads

from framework.definition import load_catalog
from framework.forms.examples import client_answers
from framework.forms.prefill import resolve_prefill
from framework.services import applications
from framework.workflow.actors import Actor
from framework.workflow.offering import filed_by_region

LOCI = ("73.12", "35.10")  # Kab. Soppeng, Kab. Banyuwangi: loci running every adminduk and nakes service
APPLICANT = "7312014101900001"
SERVICES = sorted(spec.id for spec in load_catalog(DEFINITIONS).offered())


@pytest.mark.parametrize("service_id", SERVICES)
def test_every_bundled_service_can_be_filed(session, bundled, service_id):
    spec = bundled.specs[service_id]
    others = [s for s in bundled.offered() if s.id != spec.id]
    with_variant = {
        o.region for o in others if o.extends == spec.id
    }  # a national service is not filed where a variant replaces it
    region = spec.region or next(code for code in LOCI if code not in with_variant)
    applicant, answers = as_applicant(spec, client_answers(spec, region), APPLICANT)
    application = applications.submit(
        session,
        spec,
        region=region,
        answers=answers,
        applicant_nik=applicant,
        prefill=(prefill := resolve_prefill(spec, applicant, answers)),  # what the portal and the API look up
        documents=example_uploads(spec, {**answers, **{name: item.value for name, item in prefill.items()}}),
        definitions=DEFINITIONS,
        others=others,
        # a region's own application to the ministry is filed by the region's admin, at the counter
        counter=Actor.officer("admin.daerah", "admin_daerah", region) if filed_by_region(spec) else None,
    )
    assert application.tracking_number
    assert application.state == spec.steps[0].id
    assert application.region == region
    assert application.applicant_nik == applicant
