"""The README's ministry tour works as written, on the demo data `make run` seeds and the files it names."""

from __future__ import annotations

import io
import re

import pytest
from test_readme_tour import signed_in

from framework.core.settings import PROJECT_ROOT
from framework.storage import LocalStorage
from plugins.sandbox import demo

EXAMPLES = PROJECT_ROOT / "docs" / "examples"


def tour_text() -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("### The ministry tour") : text.index("`mpp serve` (development only)")]


@pytest.fixture
def seeded(live_catalog_app, sessions, bundled, tmp_path):
    with sessions() as session:
        demo.seed(session, catalog=bundled, count=2, storage=LocalStorage(tmp_path / "uploads"))
    return live_catalog_app


def upload(client, name: str, action: str):
    data = {"berkas": (io.BytesIO((EXAMPLES / name).read_bytes()), name), "tindakan": action}
    return client.post("/admin/usulan/baru", data=data, content_type="multipart/form-data")


def test_the_ministry_tour(seeded, sessions):
    text = tour_text()
    files = re.findall(r"`docs/examples/([a-z0-9.-]+\.yaml)`", text)
    assert files == ["usulan-sktm-gowa.yaml", "usulan-sktm-gowa-v2.yaml"]
    region = signed_in(seeded, "demo.admin-daerah.73.06")  # step 1
    checked = upload(region, files[0], "periksa").get_data(as_text=True)
    assert "Standar pelayanan belum lengkap" in checked and 'data-code="ASKS_REGISTRY_DATA"' in checked
    mistaken = (EXAMPLES / files[0]).read_text(encoding="utf-8").replace("type: integer", "type: angka")
    located = region.post("/admin/usulan/baru", data={"isi": mistaken, "tindakan": "periksa"}).get_data(as_text=True)
    line = re.search(r"line (\d+)", text)[1]
    assert "BAD_VALUE" in re.search(rf'<li id="baris-{line}"[^>]*>(.*?)</li>', located, re.S)[1]
    refused = upload(region, files[0], "ajukan")
    assert refused.status_code == 422 and "`mpp validate --strict` menolak setiap peringatan" in refused.get_data(
        as_text=True
    )
    fixed = upload(region, files[1], "periksa").get_data(as_text=True)  # step 2
    assert "Standar pelayanan lengkap" in fixed and "Tidak meminta data yang sudah ada di registri" in fixed
    first = upload(region, files[1], "ajukan").location.rsplit("/", 1)[1]

    ministry = signed_in(seeded, "demo.kementerian")  # step 3
    assert ministry.get("/admin/").location.endswith("/admin/tinjauan/")
    assert f'data-version="{first}"' in ministry.get("/admin/tinjauan/").get_data(as_text=True)
    comment = "Persingkat SLA menjadi 2 hari kerja"
    assert comment in text
    assert (
        ministry.post(f"/admin/tinjauan/{first}/keputusan", data={"decision": "return", "comment": comment}).status_code
        == 302
    )
    assert comment in region.get("/admin/usulan/").get_data(as_text=True)
    returned = (EXAMPLES / files[1]).read_text(encoding="utf-8")
    assert "`sla: 3d` to\n   `sla: 2d`" in text and returned.count("sla: 3d") == 1
    shorter = returned.replace("sla: 3d", "sla: 2d")
    second = region.post("/admin/usulan/baru", data={"isi": shorter, "tindakan": "ajukan"}).location.rsplit("/", 1)[1]

    approved = ministry.post(f"/admin/tinjauan/{second}/keputusan", data={"decision": "approve"})  # step 4
    assert approved.status_code == 302
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 200
    catalog = ministry.get("/admin/katalog/").get_data(as_text=True)  # step 5
    assert '<tr data-service="sosial.sktm-gowa" data-status="published">' in catalog
    assert "Unduh CSV" in catalog
    variant = ministry.get("/admin/katalog/adminduk.kk.gowa").get_data(as_text=True)
    assert set(re.findall(r'<tr data-verdict="(\w+)">', variant)) == {"tightens", "neutral"}
    compared = ministry.get(f"/admin/katalog/sosial.sktm-gowa/beda?dari={first}&ke={second}")
    assert compared.status_code == 200 and "mengetatkan" in compared.get_data(as_text=True)
