"""`mpp serve` picks up changed definitions without a restart (issue 13, item 8).

In development the app's catalog holder watches the definitions folder: a
file saved in an editor is served at the next refresh; a change that breaks
the catalog keeps the last good one and says why in the log. In production
(or with MPP_WATCH_DEFINITIONS off) only publications reload the catalog.
"""

from __future__ import annotations

import logging
import os
import shutil

import pytest

from framework.core import settings

KK = "adminduk/kk.yaml"
TITLE = "id: Penerbitan Kartu Keluarga (KK)"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    copy = tmp_path / "definitions"
    shutil.copytree(settings.definitions_dir(), copy)
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("MPP_ENV", raising=False)
    return copy


def title_of(client, service_id: str = "adminduk.kk") -> str:
    answer = client.get(f"/api/v1/services/{service_id}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["title"]["id"]


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()  # a new mtime even when the file system's clock is coarse
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_changed_definition_is_served_without_a_restart(make_app, folder, caplog):
    client = make_app(MPP_CATALOG=None, MPP_DEFINITIONS=str(folder), MPP_CATALOG_REFRESH=0).test_client()
    assert title_of(client) == "Penerbitan Kartu Keluarga (KK)"
    edit(folder / KK, TITLE, "id: Kartu Keluarga Baru")
    assert title_of(client) == "Kartu Keluarga Baru"

    (folder / "sosial").mkdir()
    shutil.copyfile(folder / KK, folder / "sosial" / "kk-copy.yaml")
    edit(folder / "sosial" / "kk-copy.yaml", "service: adminduk.kk\n", "service: adminduk.kk-salinan\n")
    assert title_of(client, "adminduk.kk-salinan") == "Kartu Keluarga Baru"

    with caplog.at_level(logging.WARNING, logger="framework.web.services"):
        edit(folder / KK, "title: {id: Kartu Keluarga Baru,", "versi: 2\ntitle: {id: Kartu Keluarga Rusak,")
        assert title_of(client) == "Kartu Keluarga Baru", "a broken change keeps the last good catalog"
    assert "still serving the last good catalog" in caplog.text and "UNKNOWN_KEY" in caplog.text


def test_production_does_not_watch_the_folder(make_app, folder):
    client = make_app(
        MPP_CATALOG=None, MPP_DEFINITIONS=str(folder), MPP_CATALOG_REFRESH=0, MPP_WATCH_DEFINITIONS=False
    ).test_client()
    edit(folder / KK, TITLE, "id: Kartu Keluarga Baru")
    assert title_of(client) == "Penerbitan Kartu Keluarga (KK)"
