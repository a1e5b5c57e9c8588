"""Regional variants and templates: `extends`, `region`, `remove`, `before`/`after`,
and the rules a variant must keep, each refused with an error in the variant file."""

from __future__ import annotations

import pytest
from defhelpers import at, mutate, the_one

from framework.definition.errors import Severity

NATIONAL = """\
service: adminduk.contoh
version: 1
title: {id: Contoh, en: Example}
summary: {id: Layanan contoh, en: An example service}
sector: adminduk
provider: dukcapil
standard:
  requirements:
    - {id: KTP-el, en: Electronic ID card}
  sla: 1d
  fee: 0
  complaints: lapor
pages:
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - id: nama
        type: text
        label: {id: Nama, en: Name}
        required: true
      - id: catatan
        type: textarea
        label: {id: Catatan, en: Notes}
  - id: dua
    title: {id: Dua, en: Two}
    fields:
      - id: hobi
        type: text
        label: {id: Hobi, en: Hobby}
documents:
  - id: ktp
    label: {id: KTP, en: ID card}
    accept: [pdf]
    max_mb: 2
    required: true
  - id: foto
    label: {id: Foto, en: Photo}
    accept: [jpg]
    max_mb: 1
steps:
  - id: verifikasi
    title: {id: Verifikasi, en: Check}
    role: operator
    sla: 4h
    actions: [approve, return, reject]
"""

# lines 1-4; what a test adds starts at line 5
HEAD = """\
service: adminduk.contoh-soppeng
version: 1
extends: adminduk.contoh
region: "73.12"
"""


def variant(check, body: str, head: str = HEAD, national: str = NATIONAL):
    """Problems of the variant file ``contoh.yaml`` (the national service is ``nasional.yaml``)."""
    return check(head + body, nasional=national)


def test_national_service_alone_is_valid(check):
    assert check(NATIONAL) == []


def test_a_good_variant_merges_onto_its_template(check):
    body = (
        "standard:\n"
        "  sla: 4h\n"
        "  requirements:\n"
        "    - {id: Surat pengantar RT, en: Letter from the neighbourhood head}\n"
        "pages:\n"
        "  - id: satu\n"
        "    fields:\n"
        "      - id: telepon\n"
        "        type: phone\n"
        "        label: {id: Telepon, en: Phone}\n"
        "        after: nama\n"
        "      - id: sapaan\n"
        "        type: text\n"
        "        label: {id: Sapaan, en: Salutation}\n"
        "        before: nama\n"
        "  - id: tiga\n"
        "    title: {id: Tiga, en: Three}\n"
        "    before: dua\n"
        "    fields:\n"
        "      - {id: rt, type: text, label: {id: RT, en: Neighbourhood}}\n"
        "remove: [catatan, foto]\n"
        "steps:\n"
        "  - id: verifikasi\n"
        "    sla: 2h\n"
        "  - id: kepala_dinas\n"
        "    title: {id: Kepala Dinas, en: Head of office}\n"
        "    role: kepala_dinas\n"
        "    sla: 2h\n"
        "    actions: [approve, reject]\n"
    )
    catalog = check.catalog({"contoh.yaml": HEAD + body, "nasional.yaml": NATIONAL})
    assert [str(e) for e in catalog.errors] == []
    spec = catalog.specs["adminduk.contoh-soppeng"]
    assert (spec.extends, spec.region, spec.title.id) == ("adminduk.contoh", "73.12", "Contoh")
    assert [p.id for p in spec.pages] == ["satu", "tiga", "dua"]
    assert [f.id for f in spec.pages[0].fields] == ["sapaan", "nama", "telepon"]
    assert [d.id for d in spec.documents] == ["ktp"]
    assert [(s.id, s.sla.text) for s in spec.steps] == [("verifikasi", "2h"), ("kepala_dinas", "2h")]
    assert spec.standard.sla.text == "4h"
    assert [t.id for t in spec.standard.requirements] == ["KTP-el", "Surat pengantar RT"]
    assert spec.content_hash != catalog.specs["adminduk.contoh"].content_hash


def test_unknown_template(check):
    error = at(
        variant(check, "", head=HEAD.replace("extends: adminduk.contoh", "extends: adminduk.contohh")),
        "UNKNOWN_TEMPLATE",
        3,
        10,
    )
    assert "did you mean `adminduk.contoh`?" in error.message


def test_variant_of_a_national_service_needs_a_region(check):
    at(variant(check, "", head=HEAD.replace('region: "73.12"\n', "")), "VARIANT_NEEDS_REGION", 3, 1)


def test_unknown_region(check):
    error = at(variant(check, "", head=HEAD.replace("73.12", "99.99")), "UNKNOWN_REGION", 4, 9)
    assert "`99.99`" in error.message


def test_dropping_a_required_field(check):
    error = at(variant(check, "remove: [nama]\n"), "VARIANT_DROPS_REQUIRED", 5, 10)
    assert "field `nama`" in error.message


def test_dropping_a_step(check):
    error = at(variant(check, "remove: [catatan, verifikasi]\n"), "VARIANT_DROPS_REQUIRED", 5, 19)
    assert "step `verifikasi`" in error.message


def test_dropping_a_required_document(check):
    at(variant(check, "remove:\n  - foto\n  - ktp\n"), "VARIANT_DROPS_REQUIRED", 7, 5)


def test_dropping_a_page_with_required_fields(check):
    error = at(variant(check, "remove: [satu]\n"), "VARIANT_DROPS_REQUIRED", 5, 10)
    assert "page `satu`" in error.message


def test_dropping_optional_items_is_fine(check):
    assert variant(check, "remove: [dua, foto, catatan]\n") == []


def test_removing_what_does_not_exist(check):
    at(variant(check, "remove: [hoby]\n"), "BAD_POSITION", 5, 10)


def test_relaxing_a_required_field(check):
    body = "pages:\n  - id: satu\n    fields:\n      - id: nama\n        required: false\n"
    at(variant(check, body), "VARIANT_DROPS_REQUIRED", 9, 19)


def test_relaxing_a_required_document(check):
    at(variant(check, "documents:\n  - id: ktp\n    required: false\n"), "VARIANT_DROPS_REQUIRED", 7, 15)


def test_longer_service_sla(check):
    error = at(variant(check, "standard:\n  sla: 2d\n"), "VARIANT_LONGER_SLA", 6, 8)
    assert "`1d`" in error.message


def test_longer_step_sla(check):
    at(variant(check, "steps:\n  - id: verifikasi\n    sla: 5h\n"), "VARIANT_LONGER_SLA", 7, 10)


def test_a_new_step_after_the_heads_signature_is_refused_where_it_is_placed(check):
    # dukcapil's signatory is kepala_dukcapil: approving the template's last step is the document's signature
    signed = NATIONAL.replace("    role: operator\n", "    role: kepala_dukcapil\n")
    appended = (
        "steps:\n  - id: arsip\n    title: {id: Arsip, en: Archive}\n    role: operator\n    sla: 1h\n"
        "    actions: [approve]\n"
    )
    error = at(variant(check, appended, national=signed), "VARIANT_STEP_AFTER_SIGNATURE", 6, 9)
    assert "`verifikasi`, where `kepala_dukcapil` signs" in error.message and "before: verifikasi" in error.message
    placed_after = appended + "    after: verifikasi\n"
    at(variant(check, placed_after, national=signed), "VARIANT_STEP_AFTER_SIGNATURE", 11, 5)
    assert variant(check, appended + "    before: verifikasi\n", national=signed) == []
    # after a step of someone else (the template's operator), a new last step only adds an approval
    assert variant(check, appended) == []


def test_a_step_sla_that_is_not_a_duration_is_not_also_called_longer(check):
    # `2 jam` is one mistake: BAD_DURATION says so; "longer than the template's 4h" would be false
    at(variant(check, "steps:\n  - id: verifikasi\n    sla: 2 jam\n"), "BAD_DURATION", 7, 10)


def test_a_mistyped_template_field_is_one_problem_that_names_the_field_meant(check):
    # `nma` was meant to adapt the template's `nama`: one problem, not one per missing key
    error = at(
        variant(check, "pages:\n  - id: satu\n    fields:\n      - id: nma\n        required: true\n"),
        "MISSING_KEY",
        8,
        9,
    )
    assert error.message == (
        "`type`, `label` are missing in field `nma`; field `nma` is not in the template, did you mean `nama`?"
    )


def test_a_mistyped_template_step_names_the_step_meant(check):
    error = at(variant(check, "steps:\n  - id: verifikasii\n    sla: 2h\n"), "MISSING_KEY", 6, 5)
    assert error.message.endswith("step `verifikasii` is not in the template, did you mean `verifikasi`?")


def test_a_variant_of_another_regions_variant_is_refused(check):
    # Yogyakarta copying Soppeng's variant would be offered to nobody: it must extend the national service
    head = 'service: adminduk.contoh-yogya\nversion: 1\nextends: adminduk.contoh-soppeng\nregion: "34.71"\n'
    soppeng = HEAD + "standard:\n  sla: 4h\n"
    error = at(check(head, nasional=NATIONAL, soppeng=soppeng), "VARIANT_OF_VARIANT", 3, 10)
    assert error.message.endswith("write `extends: adminduk.contoh`")


def test_a_template_field_adapted_under_another_page_is_one_located_problem(check):
    # not "its type changed" and "no longer required": the field is simply under the wrong page
    body = "pages:\n  - id: dua\n    fields:\n      - id: nama\n        hint: {id: Sesuai KTP, en: As on the ID card}\n"
    error = at(variant(check, body), "DUPLICATE_ID", 8, 13)
    assert error.message.startswith("field `nama` is on page `satu` of the template; to adapt it write it under")


def test_a_regions_own_service_built_on_a_template_is_offered_as_itself(check):
    # it adapts no national service: listed for citizens, and filed as itself, never as the template
    template = mutate(NATIONAL, {"service: adminduk.contoh\n": "service: adminduk.contoh-template\ntemplate: true\n"})
    own = 'service: adminduk.contoh-soppeng\nversion: 1\nextends: adminduk.contoh-template\nregion: "73.12"\n'
    catalog = check.catalog({"template.yaml": template, "contoh.yaml": own})
    assert catalog.ok, [str(e) for e in catalog.errors]
    spec = catalog.specs["adminduk.contoh-soppeng"]
    assert spec in catalog.national() and catalog.family(spec) is spec


def test_before_or_after_in_a_file_that_extends_nothing_is_refused(check):
    # nothing is merged, so `after:` would be silently ignored and the steps published in another order
    text = mutate(NATIONAL, {"    role: operator\n": "    role: operator\n    after: verifikasi\n"})
    error = at(check(text), "BAD_POSITION", 44, 5)
    assert error.message.startswith("`after` only applies in a file with `extends`")


def test_fee_where_the_template_is_free(check):
    error = at(variant(check, "standard:\n  fee: 5000\n"), "VARIANT_RAISES_FEE", 6, 8)
    assert "Rp 5.000" in error.message and "Rp 0 (free of charge)" in error.message


def test_an_adminduk_service_of_its_own_charging_a_fee_is_refused(check):
    """No template to compare with: the law itself (adminduk is free) is the rule."""
    text = mutate(NATIONAL, {"  fee: 0\n": "  fee: 50000\n"})
    error = at(check(text), "FEE_AGAINST_LAW", 11, 8)
    assert error.message.startswith("adminduk services are free by Law 24/2013 art. 79A")
    other_sector = mutate(text, {"sector: adminduk\n": "sector: sosial\n", "service: adminduk.": "service: sosial."})
    assert check(other_sector) == []


def test_naming_an_issuer_the_template_does_not_name(check):
    errors = variant(check, "issuer: dpmptsp\n")
    error = the_one(errors, "VARIANT_CHANGES_ROLE")
    assert (error.line, error.col) == (5, 9) and "None" not in error.message
    assert error.message.startswith("the provider (the template names no `issuer`) issues the document")


def test_changing_the_sector(check):
    head = HEAD.replace("service: adminduk.contoh-soppeng", "service: nakes.contoh-soppeng")
    errors = variant(check, "sector: nakes\n", head=head)
    at(errors, "VARIANT_CHANGES_ID", 5, 9)


def test_changing_a_field_type(check):
    body = "pages:\n  - id: satu\n    fields:\n      - id: catatan\n        type: text\n"
    at(variant(check, body), "VARIANT_CHANGES_ID", 9, 15)


def test_before_an_unknown_item(check):
    body = (
        "documents:\n  - id: kk\n    label: {id: KK, en: Family "
        "card}\n    accept: [pdf]\n    max_mb: 2\n    before: ktpp\n"
    )
    error = at(variant(check, body), "BAD_POSITION", 10, 13)
    assert "no document `ktpp` here; did you mean `ktp`?" in error.message


def test_after_an_unknown_field(check):
    body = "pages:\n  - id: satu\n    fields:\n      - {id: rt, type: text, label: {id: RT, en: RT}, after: namaa}\n"
    # `      - {id: rt, type: text, label: {id: RT, en: RT}, after: ` is 61 characters
    error = at(variant(check, body), "BAD_POSITION", 8, 62)
    assert error.message.endswith("did you mean `nama`?")


def test_after_a_misspelt_step_names_the_step_meant(check):
    body = (
        "steps:\n  - id: arsip\n    title: {id: Arsip, en: Archive}\n    role: operator\n    sla: 1h\n"
        "    actions: [approve]\n    after: verifikasii\n"
    )
    error = at(variant(check, body), "BAD_POSITION", 11, 12)
    assert "there is no step `verifikasii` here; did you mean `verifikasi`?" in error.message


def test_an_adapted_field_cannot_be_moved(check):
    """The merge keeps an adapted item in the template's place: an `after:` there would be silently ignored."""
    body = "pages:\n  - id: satu\n    fields:\n      - id: catatan\n        required: true\n        before: nama\n"
    error = at(variant(check, body), "BAD_POSITION", 10, 9)
    assert error.message.startswith("an adapted template item keeps its place in the template; `before` only")


def test_an_adapted_document_cannot_be_moved(check):
    body = "documents:\n  - id: foto\n    required: true\n    after: ktp\n"
    error = at(variant(check, body), "BAD_POSITION", 8, 5)
    assert "`after` only places the variant's own new items" in error.message


def test_the_fields_of_a_variants_own_page_come_in_the_order_written(check):
    body = (
        "pages:\n  - id: tiga\n    title: {id: Tiga, en: Three}\n    fields:\n"
        "      - {id: a, type: text, label: {id: A, en: A}}\n"
        "      - id: b\n        type: text\n        label: {id: B, en: B}\n        before: a\n"
    )
    error = at(variant(check, body), "BAD_POSITION", 13, 9)
    assert error.message.startswith("this page is the variant's own, so its fields come in the order written")


def test_a_variant_of_a_template_needs_no_region(check):
    template = NATIONAL.replace("service: adminduk.contoh\n", "service: adminduk.contoh\ntemplate: true\n")
    errors = check("service: adminduk.turunan\nversion: 1\nextends: adminduk.contoh\n", nasional=template)
    assert errors == []
    catalog = check.catalog({})
    assert [s.id for s in catalog.offered()] == ["adminduk.turunan"]


def test_a_regional_file_built_straight_on_a_template_keeps_every_variant_rule(check):
    """Skipping the national service must not let a region publish a looser copy of it."""
    template = NATIONAL.replace("service: adminduk.contoh\n", "service: adminduk.contoh\ntemplate: true\n")
    body = "steps:\n  - id: verifikasi\n    actions: [approve]\n"
    national = check("service: adminduk.turunan\nversion: 1\nextends: adminduk.contoh\n" + body, nasional=template)
    assert national == []  # the ministry's own service on its template: only the template's hard rules
    regional = check(
        'service: adminduk.turunan-soppeng\nversion: 1\nextends: adminduk.contoh\nregion: "73.12"\n' + body,
        nasional=template,
    )
    at(regional, "VARIANT_WEAKENS_STEP", 7, 14)


def test_template_chain_resolves_through_each_level(check):
    template = NATIONAL.replace("service: adminduk.contoh\n", "service: adminduk.contoh\ntemplate: true\n")
    national = "service: adminduk.nasional\nversion: 1\nextends: adminduk.contoh\nstandard:\n  sla: 6h\n"
    regional = (
        "service: adminduk.nasional-soppeng\nversion: 1\nextends: "
        'adminduk.nasional\nregion: "73.12"\nstandard:\n  sla: 7h\n'
    )
    catalog = check.catalog({"template.yaml": template, "nasional.yaml": national, "contoh.yaml": regional})
    error = the_one(
        list(catalog.errors), "VARIANT_LONGER_SLA"
    )  # 7h is longer than the national 6h, not than the template's 1d
    assert (error.file.endswith("contoh.yaml"), error.line, error.col) == (True, 6, 8)
    assert (
        "adminduk.nasional-soppeng" not in catalog.specs
        and catalog.specs["adminduk.nasional"].standard.sla.text == "6h"
    )


def test_extends_cycle(check):
    a = "service: adminduk.a\nversion: 1\nextends: adminduk.b\n"
    b = "service: adminduk.b\nversion: 1\nextends: adminduk.a\n"
    catalog = check.catalog({"a.yaml": a, "b.yaml": b})
    error = at([e for e in catalog.errors if e.file.endswith("a.yaml")], "EXTENDS_CYCLE", 3, 10)
    assert "adminduk.a → adminduk.b → adminduk.a" in error.message
    assert catalog.specs == {}


def test_extending_a_broken_template_names_it(check):
    broken = mutate(NATIONAL, {"sla: 4h": "sla: 4 jam"})
    errors = variant(check, "", national=broken)
    error = the_one(errors, "UNKNOWN_TEMPLATE")
    assert "has errors" in error.message and error.severity is Severity.ERROR


def test_removing_a_field_a_condition_uses(check):
    national = NATIONAL.replace(
        "        label: {id: Hobi, en: Hobby}\n", "        label: {id: Hobi, en: Hobby}\n        when: catatan == 'x'\n"
    )
    error = at(variant(check, "remove: [foto, catatan]\n", national=national), "VARIANT_DROPS_REQUIRED", 5, 16)
    assert "`hobi`" in error.message


def test_removing_a_page_whose_field_a_rule_uses(check):
    national = NATIONAL + "rules:\n  - when: hobi == 'x'\n    message: {id: Salah, en: Wrong}\n"
    error = at(variant(check, "remove: [dua]\n", national=national), "VARIANT_DROPS_REQUIRED", 5, 10)
    assert "rule" in error.message


@pytest.mark.parametrize(("written", "meant"), [("5.000", "5000"), ("12.500", "12500"), ("2.5", "2500")])
def test_a_fee_with_a_dot_is_refused_with_the_amount_it_meant(check, written, meant):
    """`fee: 5.000` is YAML's 5.0: the published standard said "Rp 5" for five thousand rupiah."""
    text = mutate(NATIONAL, {"sector: adminduk\n": "sector: sosial\n", "service: adminduk.": "service: sosial."})
    error = at(check(mutate(text, {"  fee: 0\n": f"  fee: {written}\n"})), "FEE_NOT_WHOLE", 11, 8)
    assert f"write `fee: {meant}`" in error.message and error.text.id != error.text.en
