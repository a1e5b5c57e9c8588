"""Every address of the definition screens × every kind of visitor.

Visitors: the regional admin of Gowa (where the proposal comes from), the
regional admin of Soppeng, a step officer of Gowa, the ministry, a signed-in
citizen and an anonymous visitor. Another region's proposal is *not found*
(404), never "forbidden"; a screen of another role is 403; anyone who is not
an officer is sent to the officer sign-in.
"""

from __future__ import annotations

import pytest
from adminhelpers import BUDI, sign_in
from publication_samples import GOWA, SKTM
from sqlalchemy import select

from framework.core import settings
from framework.services import publication
from framework.services.roles import ADMIN_ROLE, MINISTRY_ROLE
from framework.store.definitions import DefinitionVersion
from framework.workflow.actors import Actor

SIGN_IN = "/masuk/petugas"
PERSONAS: dict[str, tuple[str, str | None] | None] = {
    "admin@gowa": (ADMIN_ROLE, GOWA),
    "admin@soppeng": (ADMIN_ROLE, "73.12"),
    "officer@gowa": ("operator_dukcapil", GOWA),
    "ministry": (MINISTRY_ROLE, None),
    "citizen": None,
    "anonymous": None,
}


def expected(name: str, check: str) -> int:
    """The status each visitor gets at each check (see the module docstring)."""
    if PERSONAS[name] is None:
        return 302
    own_admin, admin = name == "admin@gowa", name.startswith("admin@")
    ministry = name == "ministry"
    table = {
        "home": 302,
        "proposals": 200 if admin else 403,
        "new": 200 if admin else 403,
        "new-from": (200 if own_admin else 404) if admin else 403,
        "proposal": (200 if own_admin else 404) if admin else 403,
        "check": (200 if own_admin else 422) if admin else 403,
        "reviews": 200 if ministry else 403,
        "review": 200 if ministry else 403,
        "catalog": 200 if ministry else 403,
        "csv": 200 if ministry else 403,
        "service": 200 if ministry else 403,
        "compare": 200 if ministry else 403,
        "decide": 302 if ministry else 403,
        "withdraw": 302 if ministry else 403,
    }
    return table[check]


def checks(version_id: int) -> list[tuple[str, str, str, dict[str, str]]]:
    """(check, method, address, form): reads first, then the posts, the withdrawal last."""
    return [
        ("home", "GET", "/admin/", {}),
        ("proposals", "GET", "/admin/usulan/", {}),
        ("new", "GET", "/admin/usulan/baru", {}),
        ("new-from", "GET", f"/admin/usulan/baru?dari={version_id}", {}),
        ("proposal", "GET", f"/admin/usulan/{version_id}", {}),
        ("check", "POST", "/admin/usulan/baru", {"isi": SKTM.format(version=1), "tindakan": "periksa"}),
        ("reviews", "GET", "/admin/tinjauan/", {}),
        ("review", "GET", f"/admin/tinjauan/{version_id}", {}),
        ("catalog", "GET", "/admin/katalog/", {}),
        ("csv", "GET", "/admin/katalog/katalog.csv", {}),
        ("service", "GET", "/admin/katalog/adminduk.kk.gowa", {}),
        ("compare", "GET", f"/admin/katalog/sosial.sktm-gowa/beda?dari={version_id}&ke={version_id}", {}),
        ("decide", "POST", f"/admin/tinjauan/{version_id}/keputusan", {"decision": "return", "comment": "Kurang."}),
        ("withdraw", "POST", "/admin/katalog/adminduk.kk.gowa/tarik", {"comment": "Uji akses."}),
    ]


@pytest.fixture
def proposal(live_catalog_app, sessions, officer, tmp_path) -> int:
    for name, role_region in PERSONAS.items():
        if role_region is not None:
            officer(name.replace("@", "."), *role_region)
    with sessions() as session:
        found = publication.propose(
            session,
            Actor.officer("admin.gowa", ADMIN_ROLE, GOWA),
            SKTM.format(version=1),
            "sktm.yaml",
            definitions=settings.definitions_dir(),
            published_dir=tmp_path / "instance" / "published",
        )
        return found.version.id


@pytest.mark.parametrize("name", list(PERSONAS))
def test_each_visitor_at_every_definition_address(name, live_catalog_app, proposal, sessions):
    client = live_catalog_app.test_client()
    if PERSONAS[name] is not None:
        sign_in(client, name.replace("@", "."))
    elif name == "citizen":
        sign_in(client, citizen=BUDI)
    got = {}
    for check, method, address, form in checks(proposal):
        response = client.get(address) if method == "GET" else client.post(address, data=form)
        got[check] = response.status_code
        if response.status_code == 302 and PERSONAS[name] is None:
            assert response.location.startswith(SIGN_IN), (check, response.location)
    assert got == {check: expected(name, check) for check, *_rest in checks(proposal)}
    with sessions() as session:
        statuses = dict(session.execute(select(DefinitionVersion.service_id, DefinitionVersion.status)).all())
    changed = name == "ministry"
    assert statuses["sosial.sktm-gowa"] == ("returned" if changed else "proposed")
    assert ("adminduk.kk.gowa" in statuses) == changed, "only the ministry withdraws"
