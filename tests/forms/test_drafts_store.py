"""Drafts live in the applications database, so save-and-return works across machines."""

from __future__ import annotations

from sqlalchemy import select

from framework.forms.drafts import DatabaseDraftStore, Draft, FileDraftStore
from framework.store.drafts import DraftRecord
from framework.web.database import draft_store

from .portal_helpers import APPLICANT, SERVICE, form_values, page_url, post_page, registries


def test_a_draft_round_trips_through_the_database(make_app, sessions):
    store = draft_store(make_app())
    assert isinstance(store, DatabaseDraftStore)
    draft = Draft.new(SERVICE, "sha256:x", owner=APPLICANT)
    draft.answers = {"nama_anak": "Ayu", "saudara_kembar": [{"nama": "Ayu"}, {"nama": "Ani"}]}
    store.save(draft)
    draft.answers["nama_anak"] = "Ayu Lestari"
    store.save(draft)
    loaded = store.load(draft.id)
    assert loaded.answers == {"nama_anak": "Ayu Lestari", "saudara_kembar": [{"nama": "Ayu"}, {"nama": "Ani"}]}
    assert loaded.owner == APPLICANT and loaded.updated
    with sessions() as session:
        assert session.scalar(select(DraftRecord.owner).where(DraftRecord.id == draft.id)) == APPLICANT
    store.delete(draft.id)
    assert store.load(draft.id) is None
    assert store.load("../../etc/passwd") is None


def test_a_draft_saved_on_one_machine_resumes_on_another(make_app):
    """Two app instances with their own instance folders, one database: as behind a load balancer."""
    first = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries()).test_client()
    second_app = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries())
    with first.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    first.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(first, "pemohon", {"hubungan": "ibu", "_field": ["hubungan"]})
    with first.session_transaction() as session:
        draft_id = session["drafts"][SERVICE]
    second = second_app.test_client()
    with second.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    assert second.get(f"/layanan/{SERVICE}/lanjut/{draft_id}").status_code == 302
    resumed = draft_store(second_app).load(draft_id)
    assert resumed.answers["hubungan"] == "ibu" and resumed.region == "73.06"
    shown = form_values(second.get(page_url("pemohon")).get_data(as_text=True))
    assert shown.get("hubungan") == "ibu"


def test_a_folder_store_is_used_only_when_configured(make_app, tmp_path):
    assert isinstance(draft_store(make_app(MPP_DRAFTS=str(tmp_path / "drafts"))), FileDraftStore)
