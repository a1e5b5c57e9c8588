"""Demo data: officers per role in the demo regions and a few hundred applications in various states."""

from __future__ import annotations

from sqlalchemy import func, select

from framework.services.accounts import check_password
from framework.storage import LocalStorage
from framework.store.models import Application, TransitionRecord, User
from framework.store.types import utcnow
from plugins.sandbox import demo


def test_seed_creates_a_living_system_once(session, bundled, tmp_path):
    result = demo.seed(session, catalog=bundled, storage=LocalStorage(tmp_path / "uploads"))
    assert not result.skipped
    users = session.scalars(select(User)).all()
    assert len(users) == result.officers
    roles_by_region = {(u.role, u.region) for u in users}
    assert ("operator_kecamatan", "73.06") in roles_by_region and ("operator_kecamatan", "73.12") not in roles_by_region
    for region in demo.DEMO_REGIONS:
        assert {
            "operator_dukcapil",
            "verifikator_dukcapil",
            "kepala_dukcapil",
            "fo_dpmptsp",
            "teknis_dinkes",
            "bo_dpmptsp",
            "kepala_dpmptsp",
        } <= {r for r, g in roles_by_region if g == region}
    assert check_password(session, users[0].username, demo.PASSWORD) is not None
    assert {("admin_daerah", region) for region in demo.DEMO_REGIONS} <= roles_by_region  # the README's officer tour
    assert ("operator_dukcapil", "73.06.13.2002") in roles_by_region  # a desa front office

    filed = session.scalars(select(Application)).all()
    assert len(filed) == result.applications >= 200
    seeded_by = utcnow()  # nothing decided, and no history, in the future (the last filings were)
    assert max(a.decided_at for a in filed if a.decided_at) <= seeded_by
    assert session.scalar(select(func.max(TransitionRecord.at))) <= seeded_by
    states = {a.state for a in filed}
    assert {"approved", "returned", "rejected", "pemeriksaan_berkas"} <= states
    assert {a.region for a in filed if a.service_id != demo.ONBOARDING} == set(demo.DEMO_REGIONS)
    # ministry staff, and Kabupaten Garut's request to join MPP Digital waiting for them (filed by Garut's admin)
    assert (demo.MINISTRY_USERNAME, demo.MINISTRY_ROLE) in {(u.username, u.role) for u in users if u.region is None}
    (joining,) = [a for a in filed if a.service_id == demo.ONBOARDING]
    assert (joining.region, joining.state, joining.filed_by) == ("32.05", "penilaian", "demo.admin-daerah.32.05")
    assert {a.service_id for a in filed if a.region == "73.06"} & {"adminduk.kk.gowa"}
    assert "adminduk.kk" not in {a.service_id for a in filed if a.region == "73.06"}
    assert any(
        a.service_id.startswith("nakes.sip-") for a in filed
    )  # health workers reach their own SIP service (registry pre-check)

    # each application names its own stored files (retention deleting one's never takes another's), and a
    # filing the rules refused left none behind
    named = [info["key"] for a in filed for info in (a.documents or {}).values()]
    assert named and len(named) == len(set(named))
    assert {item.key for item in LocalStorage(tmp_path / "uploads").stored()} == set(named)

    again = demo.seed(session, catalog=bundled, storage=LocalStorage(tmp_path / "uploads"))
    assert again.skipped
    assert session.scalar(select(func.count(Application.id))) == len(filed)


def test_the_ministry_account_is_seeded_also_into_a_database_seeded_before_it(session, bundled, tmp_path):
    demo.seed(session, catalog=bundled, count=1, storage=LocalStorage(tmp_path / "uploads"))
    ministry = session.scalar(select(User).where(User.username == demo.MINISTRY_USERNAME))
    assert (ministry.role, ministry.region) == ("auditor_kementerian", None)
    session.delete(ministry)
    session.commit()
    assert demo.seed(session, catalog=bundled, storage=LocalStorage(tmp_path / "uploads")).skipped
    again = session.scalar(select(User).where(User.username == demo.MINISTRY_USERNAME))
    assert again is not None and check_password(session, again.username, demo.PASSWORD) is not None
