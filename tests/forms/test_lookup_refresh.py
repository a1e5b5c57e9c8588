"""A changed look-up key asks the registry again for that look-up only.

Each look-up of a person is audited and counted against the citizen's (or
the counter officer's) limit: typing the father's NIK once asked IKD about
the mother again, and at the counter each NIK typed read the citizen's own
record again.
"""

from __future__ import annotations

from framework.forms.drafting import refresh_prefill
from framework.forms.drafts import Draft

IBU, OTHER_IBU, APPLICANT = "7312014107900002", "7312014107900003", "7312011505850003"


def counting_fetch(asked: list[str]):
    def fetch(source: str, key: str) -> dict[str, str]:
        asked.append(key)
        return {"nama_lengkap": f"ORANG {key[-4:]}", "nik": key}

    return fetch


def test_typing_the_mothers_nik_does_not_ask_about_the_applicant_again(reference_catalog):
    spec = reference_catalog.specs["adminduk.akta-kelahiran"]  # look-ups: the applicant's own, and the mother's
    draft = Draft.new(spec.id, spec.content_hash, owner=APPLICANT)
    asked: list[str] = []
    refresh_prefill(spec, draft, APPLICANT, fetch=counting_fetch(asked))
    assert asked == [APPLICANT]
    own = {name: item for name, item in draft.prefill.items() if item.get("record_key") == APPLICANT}
    assert own, "the applicant's look-up filled their fields"

    draft.answers["nik_ibu"] = IBU
    refresh_prefill(spec, draft, APPLICANT, fetch=counting_fetch(asked))
    assert asked == [APPLICANT, IBU]  # the applicant's record is not read (nor audited, nor counted) again
    assert all(draft.prefill[name] == item for name, item in own.items())  # and their fields are kept

    draft.answers["nik_ibu"] = OTHER_IBU  # the mother's NIK corrected: only hers is asked again
    refresh_prefill(spec, draft, APPLICANT, fetch=counting_fetch(asked))
    assert asked == [APPLICANT, IBU, OTHER_IBU]
    assert any(item.get("record_key") == OTHER_IBU for item in draft.prefill.values())

    draft.answers.pop("nik_ibu")  # the mother's NIK removed: her fields go, nobody is asked
    refresh_prefill(spec, draft, APPLICANT, fetch=counting_fetch(asked))
    assert asked == [APPLICANT, IBU, OTHER_IBU]
    assert not any(item.get("record_key") == OTHER_IBU for item in draft.prefill.values())
