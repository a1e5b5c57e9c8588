"""A document number's `{sequence:NN}` width is read as a number: a width that is none pads nothing, never fails.

The issuer checker allows `{sequence:01}` to `{sequence:09}` only; an issuer
built without it (`build_issuer`) still numbers its documents.
"""

from __future__ import annotations

import datetime as dt

import pytest

from framework.definition.issuers import build_issuer
from framework.services import issuing


@pytest.mark.parametrize("width", ["\u00b2", "9" * 5000, "99999999999"])
def test_a_width_that_is_no_number_pads_nothing(width):
    issuer = build_issuer(
        {
            "issuer": "dinsos-uji",
            "region": "73.12",
            "name": {"id": "Dinas Sosial Uji", "en": "Test Social Office"},
            "numbering": f"460/{{sequence:{width}}}/{{year}}",
            "signatory": "kepala_dinsos",
        }
    )
    at = dt.datetime(2026, 7, 14, 9, 0, tzinfo=issuing.WIB)
    assert issuing.document_number(issuer, "73.12", 7, at) == "460/7/2026"
