"""The language addition the catalog needs: a rule overridden by id may keep its template's message.

So the 31 SIP services share one profession check: the template declares the
rule and its message once, each profession file sets only its condition.
"""

from __future__ import annotations

import pytest
from cataloghelpers import compile_with_reference

TEMPLATE = """
service: uji.template
version: 1
template: true
title: {id: Templat, en: Template}
summary: {id: Templat, en: Template}
sector: uji
provider: dpmptsp
standard: {sla: 1d, fee: 0}
pages:
  - id: data
    title: {id: Data, en: Data}
    fields:
      - {id: kode, type: text, label: {id: Kode, en: Code}}
rules:
  - id: kode_sesuai
    when: "false"
    message: {id: Kode tidak sesuai., en: Wrong code.}
steps:
  - {id: periksa, title: {id: Periksa, en: Check}, role: operator, sla: 4h, actions: [approve]}
"""

OVERRIDE = """
service: uji.satu
extends: uji.template
version: 1
title: {id: Satu, en: One}
rules:
  - id: kode_sesuai
    when: "kode != 'A'"
"""

NEW_WITHOUT_MESSAGE = """
service: uji.dua
extends: uji.template
version: 1
title: {id: Dua, en: Two}
rules:
  - id: aturan_baru
    when: "kode == 'B'"
"""


def test_override_keeps_the_template_message(tmp_path):
    catalog = compile_with_reference(tmp_path, TEMPLATE, OVERRIDE)
    assert catalog.ok, [str(e) for e in catalog.errors]
    rule = catalog.specs["uji.satu"].rules[0]
    assert rule.id == "kode_sesuai" and rule.message.en == "Wrong code."
    assert rule.when.holds({"kode": "B"}) and not rule.when.holds({"kode": "A"})
    assert not catalog.specs["uji.template"].rules[0].when.holds({"kode": "B"})


def test_a_new_rule_still_needs_a_message(tmp_path):
    catalog = compile_with_reference(tmp_path, TEMPLATE, NEW_WITHOUT_MESSAGE)
    errors = [e for e in catalog.errors if e.file.endswith("service-1.yaml")]
    assert [(e.code, e.line) for e in errors] == [("MISSING_KEY", 7)]
    assert "`message` is missing in rule `aturan_baru`" in errors[0].text.en
    assert "uji.dua" not in catalog.specs


@pytest.mark.parametrize(
    ("service_id", "own", "other"),
    [
        ("nakes.sip-dokter", "DOKTER", "BIDAN"),
        ("nakes.sip-gizi", "DIETISIEN", "PERAWAT"),
        ("nakes.sip-kesehatan-lingkungan", "ENTOMOLOG", "DOKTER"),
    ],
)
def test_each_licence_checks_the_profession_from_sisdmk(bundled, service_id, own, other):
    rule = next(r for r in bundled.specs[service_id].rules if r.id == "profesi_sesuai")
    assert rule.field == "profesi" and "SISDMK" in rule.message.id
    assert rule.when.holds({"profesi": other})
    assert not rule.when.holds({"profesi": own})
    assert not rule.when.holds({"profesi": None})  # no SISDMK record: `required` refuses it, one message not two


def test_every_profession_has_exactly_one_service(bundled):
    codes = set(bundled.codelists["codelists/profesi-nakes"])
    services = [s for s in bundled.offered() if s.sector == "nakes" and s.region is None]
    accepted = {
        code: [
            s.id
            for s in services
            if not next(r for r in s.rules if r.id == "profesi_sesuai").when.holds({"profesi": code})
        ]
        for code in codes
    }
    assert {code: len(ids) for code, ids in accepted.items()} == dict.fromkeys(codes, 1)
