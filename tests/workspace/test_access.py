"""Every admin address × every kind of visitor: nobody sees or does what they should not.

Visitors: an officer of region A with each role the region's services use, an
officer of region B, desa-scoped officers (the applicant's desa and another),
regional admins of A and B, a signed-in citizen and an anonymous visitor. A
direct address of another area's application, document, complaint, officer or
message is *not found*, never "forbidden" (which would confirm it exists).
"""

from __future__ import annotations

import datetime as dt

import pytest
from adminhelpers import BUDI, BUDI_VILLAGE, OTHER_VILLAGE, REGION_A, REGION_B, sign_in
from sqlalchemy import select

from framework.services.complaints import ComplaintInput, file_complaint
from framework.services.officers import Catalog, roles_offered
from framework.store.models import Application, AuditEvent, OutboxMessage
from framework.store.outbox import enqueue

KK_STEPS = ("operator_dukcapil", "verifikator_dukcapil", "kepala_dukcapil")
SIGN_IN = "/masuk/petugas"


def region_a_roles(bundled) -> list[str]:
    from framework.core import settings

    return roles_offered(Catalog.of(bundled.offered(), settings.definitions_dir()), REGION_A)


def personas(bundled) -> dict[str, tuple[str, str | None] | None]:
    """name → (role, region) of an officer; None for the citizen and the anonymous visitor."""
    found: dict[str, tuple[str, str | None] | None] = {
        f"{role}@A": (role, REGION_A) for role in region_a_roles(bundled)
    }
    found.update(
        {
            "operator_dukcapil@B": ("operator_dukcapil", REGION_B),
            "operator_dukcapil@desa": ("operator_dukcapil", BUDI_VILLAGE),
            "operator_dukcapil@other-desa": ("operator_dukcapil", OTHER_VILLAGE),
            "admin@A": ("admin_daerah", REGION_A),
            "admin@B": ("admin_daerah", REGION_B),
            "citizen": None,
            "anonymous": None,
        }
    )
    return found


@pytest.fixture(scope="module")
def persona_names(request):
    from framework.core import settings
    from framework.definition import load_catalog

    return sorted(personas(load_catalog(settings.definitions_dir())))


def expected(name: str, role_region: tuple[str, str | None] | None, check: str) -> int:
    """The status each visitor gets at each check (see the module docstring)."""
    if role_region is None:
        return 302  # to the officer sign-in (a citizen is not an officer)
    role, region = role_region
    admin = role == "admin_daerah"
    step_officer = not admin
    sees_x = role in KK_STEPS and region in (REGION_A, BUDI_VILLAGE)
    front_office = role in ("operator_dukcapil", "fo_dpmptsp")
    table = {
        "home": 302 if (admin or step_officer) else 200,
        "queue": 200 if step_officer else 403,
        "case": (200 if sees_x else 404) if step_officer else 403,
        "document": (200 if sees_x else 404) if step_officer else 403,
        "counter": 200 if (front_office or admin) else 403,  # a regency's admin files its applications to the ministry
        "complaints": 200 if admin else 403,  # only the region's complaints handler: a step officer may be accused
        "complaint": (200 if region == REGION_A else 404) if admin else 403,
        "officers": 200 if admin else 403,
        "officer": (200 if region == REGION_A else 404) if admin else 403,
        "audit": 200 if admin else 403,
        "outbox": 200 if admin else 403,
        "account": 200,
        "decide": (302 if role == "operator_dukcapil" and sees_x else 409 if sees_x else 404) if step_officer else 403,
        "retry": (302 if region == REGION_A else 404) if admin else 403,
        "reset": (200 if region == REGION_A else 404) if admin else 403,
        "disable": (302 if region == REGION_A else 404) if admin else 403,
    }
    return table[check]


@pytest.fixture
def world(admin_app, sessions, officer, file_application, bundled):
    """Region A's application X (Budi's, in his desa), its complaint and a parked message; every persona's account."""
    for name, role_region in personas(bundled).items():
        if role_region is not None:
            officer(name.lower().replace("@", ".").replace("_", "-"), *role_region)
    number = file_application("adminduk.kk")
    with sessions() as session:
        complaint = file_complaint(
            session,
            BUDI,
            ComplaintInput(
                "Lama sekali",
                "Sudah dua hari belum ada kabar dari petugas.",
                dt.date.today(),
                "Cianjur",
                tracking_number=number,
            ),
        )
        message = session.get(
            OutboxMessage,
            enqueue(session, "notify", {"event": "submitted", "tracking_number": number, "channels": ["sms"]}),
        )
        message.state, message.last_error = "parked", "SMS gateway down"
        session.commit()
        document = next(
            iter(session.scalar(select(Application).where(Application.tracking_number == number)).documents)
        )
        return {"number": number, "complaint": complaint.reference, "message": message.id, "document": document}


def checks(world) -> list[tuple[str, str, str]]:
    """(check, method, address) — reads first, then the posts, the disabling one last."""
    x, ref, msg = world["number"], world["complaint"], world["message"]
    target = "operator-dukcapil.a"
    return [
        ("home", "GET", "/admin/"),
        ("queue", "GET", "/admin/antrian/"),
        ("case", "GET", f"/admin/permohonan/{x}"),
        ("document", "GET", f"/admin/permohonan/{x}/dokumen/{world['document']}"),
        ("counter", "GET", "/admin/loket/"),
        ("complaints", "GET", "/admin/pengaduan/"),
        ("complaint", "GET", f"/admin/pengaduan/{ref}"),
        ("officers", "GET", "/admin/petugas/"),
        ("officer", "GET", f"/admin/petugas/{target}"),
        ("audit", "GET", "/admin/jejak-audit/"),
        ("outbox", "GET", "/admin/pesan-tertahan/"),
        ("account", "GET", "/admin/akun/"),
        ("decide", "POST", f"/admin/permohonan/{x}/keputusan"),
        ("retry", "POST", f"/admin/pesan-tertahan/{msg}/ulang"),
        ("reset", "POST", f"/admin/petugas/{target}/kata-sandi"),
        ("disable", "POST", f"/admin/petugas/{target}/status"),
    ]


def test_every_persona_is_listed(bundled):
    names = personas(bundled)
    assert {f"{role}@A" for role in KK_STEPS} <= set(names) and "fo_dpmptsp@A" in names
    assert len(names) >= 12


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, id=n)
        for n in [
            "operator_dukcapil@A",
            "verifikator_dukcapil@A",
            "kepala_dukcapil@A",
            "fo_dpmptsp@A",
            "teknis_dinkes@A",
            "bo_dpmptsp@A",
            "kepala_dpmptsp@A",
            "operator_dukcapil@B",
            "operator_dukcapil@desa",
            "operator_dukcapil@other-desa",
            "admin@A",
            "admin@B",
            "citizen",
            "anonymous",
        ]
    ],
)
def test_each_visitor_at_every_admin_address(name, admin_app, world, bundled, sessions):
    role_region = personas(bundled)[name]
    client = admin_app.test_client()
    if role_region is not None:
        sign_in(client, name.lower().replace("@", ".").replace("_", "-"))
    elif name == "citizen":
        sign_in(client, citizen=BUDI)
    got = {}
    for check, method, address in checks(world):
        data = {"action": "approve"} if check == "decide" else {"active": "0"} if check == "disable" else {}
        response = client.get(address) if method == "GET" else client.post(address, data=data)
        got[check] = response.status_code
        if response.status_code == 302 and role_region is None:
            assert response.location.startswith(SIGN_IN), (check, response.location)
        if response.status_code == 200 and check in ("case", "complaint"):
            assert world["number"] in response.get_data(as_text=True)
    assert got == {check: expected(name, role_region, check) for check, _m, _a in checks(world)}
    _consequences(name, role_region, world, sessions)


def _consequences(name, role_region, world, sessions) -> None:
    """What the allowed posts did, and that refused ones did nothing."""
    with sessions() as session:
        filed = session.scalar(select(Application).where(Application.tracking_number == world["number"]))
        approved = filed.state == "validasi"
        assert approved == (name in ("operator_dukcapil@A", "operator_dukcapil@desa"))
        message = session.get(OutboxMessage, world["message"])
        assert (message.state == "pending") == (name == "admin@A")
        reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "application.view")).all()
        assert all(event.region == BUDI_VILLAGE for event in reads)


def test_a_regional_admin_sees_the_reads_of_their_region_only(admin_app, world, officer):
    reader = admin_app.test_client()
    sign_in(reader, "operator-dukcapil.a")
    assert reader.get(f"/admin/permohonan/{world['number']}").status_code == 200
    own, other = admin_app.test_client(), admin_app.test_client()
    sign_in(own, "admin.a")
    sign_in(other, "admin.b")
    page = own.get("/admin/jejak-audit/").get_data(as_text=True)
    assert "operator-dukcapil.a" in page and world["number"] in page and 'data-action="application.view"' in page
    assert world["number"] not in other.get("/admin/jejak-audit/").get_data(as_text=True)
    # what was read in the reader's words, not the event's code
    assert "<td>membuka permohonan</td>" in page and "<td>application.view</td>" not in page
    english = own.get("/admin/jejak-audit/?lang=en").get_data(as_text=True)
    assert "<td>opened an application</td>" in english and "membuka permohonan" not in english


def test_a_screen_outside_the_role_is_the_sites_own_page_leading_back_to_the_workspace(admin_app, officer):
    """403 fell through to werkzeug's bare English page, with the citizens' sign-in link in no header at all."""
    officer("admin.a", "admin_daerah", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "admin.a")
    refused = client.get("/admin/antrian/")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "Anda tidak berwenang membuka halaman ini" in page and 'lang="id"' in page
    assert 'href="/admin/">Kembali ke ruang kerja petugas' in page and "Masuk dengan IKD" not in page
    english = client.get("/admin/antrian/?lang=en").get_data(as_text=True)
    assert "You are not allowed to open this page" in english
    assert client.get("/api/v1/applications/XXXX-XXXXX", headers={"Authorization": "Bearer x"}).is_json
    citizen = admin_app.test_client()
    assert "Masuk dengan IKD" in citizen.get("/tidak-ada").get_data(as_text=True)


def test_a_complaint_does_not_link_its_application_for_the_admin_who_cannot_open_it(admin_app, world):
    admin = admin_app.test_client()
    sign_in(admin, "admin.a")
    link = f'href="/admin/permohonan/{world["number"]}"'
    read_by_admin = admin.get(f"/admin/pengaduan/{world['complaint']}").get_data(as_text=True)
    assert world["number"] in read_by_admin and link not in read_by_admin  # the admin's link answered 403


def test_the_menu_links_complaints_only_for_the_regional_admin(admin_app, world):
    admin, operator = admin_app.test_client(), admin_app.test_client()
    sign_in(admin, "admin.a")
    sign_in(operator, "operator-dukcapil.a")
    assert 'href="/admin/pengaduan/"' in admin.get("/admin/petugas/").get_data(as_text=True)
    assert 'href="/admin/pengaduan/"' not in operator.get("/admin/antrian/").get_data(as_text=True)
