"""The SPTJM's two witnesses must be two people (akta-kelahiran v4): one NIK typed twice was one witness."""

from __future__ import annotations

from framework.forms import validate_answers

WITNESS, OTHER = "7306014501900002", "7306010501900002"


def _saksi_errors(bundled, *niks):
    spec = bundled.specs["adminduk.akta-kelahiran"]
    answers = {"jenis_bukti_kelahiran": "SPTJM", "saksi": [{"nik_saksi": nik} for nik in niks]}
    found = validate_answers(spec, answers, pages={"bukti_kelahiran"})
    return [(error.field, error.message.en) for error in found.errors if error.field.startswith("saksi")]


def test_two_witnesses_with_one_nik_are_refused_at_the_witnesses(bundled):
    [(field, message)] = _saksi_errors(bundled, WITNESS, WITNESS)
    assert field == "saksi" and message.startswith("The two witnesses must be different people")


def test_two_witnesses_with_their_own_niks_pass(bundled):
    assert _saksi_errors(bundled, WITNESS, OTHER) == []


def test_the_rule_is_published_in_words(bundled):
    from framework.generate.conditions import in_words

    spec = bundled.specs["adminduk.akta-kelahiran"]
    rule = next(rule for rule in spec.rules if rule.id == "saksi_orang_yang_sama")
    words = in_words(rule.when.source, spec, "id"), in_words(rule.when.source, spec, "en")
    assert words == (
        "tidak benar bahwa “NIK saksi” berbeda di setiap baris “Saksi”",
        "it is not so that “Witness's NIK” differs in every row of “Witnesses”",
    )
