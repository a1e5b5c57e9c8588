"""The overview as a spreadsheet: CSV (UTF-8, for any tool) and XLSX (typed cells, for Excel users).

One table of columns serves both formats and both languages: each column has
its bilingual header, how to read its value from a row, and its kind (a
count, working days, a share, a date, text) — which decides the CSV's text and
the XLSX cell's number format. The rows are exactly the overview's, in its
order and with its filters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from framework.core.text import Text
from framework.services.performance import WAVES, RegionRow
from framework.workflow.calendar import WIB


@dataclass(frozen=True)
class Column:
    key: str
    header: Text
    value: Callable[[RegionRow], Any]
    kind: str = "count"  # count, days, share, date, text, flag


COLUMNS: tuple[Column, ...] = (
    Column("kode", Text("Kode wilayah", "Region code"), lambda row: row.region, "text"),
    Column("daerah", Text("Daerah", "Region"), lambda row: row.name, "text"),
    Column("provinsi", Text("Provinsi", "Province"), lambda row: row.province_name, "text"),
    Column("gelombang", Text("Gelombang", "Wave"), lambda row: row.wave, "wave"),
    Column("layanan", Text("Layanan tersedia", "Services offered"), lambda row: row.services),
    Column("diajukan_30", Text("Diajukan 30 hari", "Filed, 30 days"), lambda row: row.figures.filed_recent),
    Column("diajukan_90", Text("Diajukan 90 hari", "Filed, 90 days"), lambda row: row.figures.filed),
    Column("keputusan_90", Text("Keputusan 90 hari", "Decisions, 90 days"), lambda row: row.figures.decided),
    Column(
        "median_hari_kerja",
        Text("Median (hari kerja)", "Median (working days)"),
        lambda row: row.figures.median_days,
        "days",
    ),
    Column(
        "p90_hari_kerja",
        Text("Persentil ke-90 (hari kerja)", "90th percentile (working days)"),
        lambda row: row.figures.p90_days,
        "days",
    ),
    Column("sesuai_sla", Text("Sesuai SLA", "Within SLA"), lambda row: row.figures.sla_share, "share"),
    Column("dikembalikan", Text("Pernah dikembalikan", "Returned"), lambda row: row.figures.returned_share, "share"),
    Column("ditolak", Text("Ditolak", "Rejected"), lambda row: row.figures.rejected_share, "share"),
    Column("pengaduan_90", Text("Pengaduan 90 hari", "Complaints, 90 days"), lambda row: row.figures.complaints),
    Column(
        "disetujui_otomatis",
        Text("Tahap disetujui otomatis 90 hari (fiktif positif)", "Steps approved by default, 90 days"),
        lambda row: row.figures.auto_approved,
    ),
    Column("terlambat", Text("Terlambat (saat dihitung)", "Overdue (when computed)"), lambda row: row.overdue),
    Column("terakhir_diajukan", Text("Terakhir diajukan", "Last filed"), lambda row: row.last_filed, "date"),
    Column("tidak_aktif", Text("Tidak aktif", "Inactive"), lambda row: row.inactive, "flag"),
)
FLAGS = {True: Text("ya", "yes"), False: Text("tidak", "no")}


def _plain(column: Column, row: RegionRow, language: str) -> Any:
    """The value as the CSV writes it: numbers with a dot and no rounding beyond 4 places, dates in WIB."""
    value = column.value(row)
    if value is None:
        return ""
    if column.kind in ("days", "share"):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if column.kind == "date":
        return value.astimezone(WIB).strftime("%Y-%m-%d %H:%M")
    if column.kind == "flag":
        return FLAGS[bool(value)].get(language)
    if column.kind == "wave":
        return WAVES[value].get(language)
    return value


def csv_bytes(rows: Sequence[RegionRow], language: str) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet opened by double-click reads the names right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.header.get(language) for column in COLUMNS])
    for row in rows:
        writer.writerow([_plain(column, row, language) for column in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


NUMBER_FORMATS = {"days": "0.00", "share": "0.0%", "date": "yyyy-mm-dd hh:mm", "count": "0"}


def xlsx_bytes(rows: Sequence[RegionRow], language: str, title: str) -> bytes:
    """One sheet: bold frozen header, an autofilter, numbers as numbers with their formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([column.header.get(language) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(column, row, language) for column in COLUMNS])
    for number, column in enumerate(COLUMNS, start=1):
        if column.kind in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                cell.number_format = NUMBER_FORMATS[column.kind]
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(column: Column, row: RegionRow, language: str) -> Any:
    value = column.value(row)
    if column.kind == "date" and isinstance(value, datetime):
        return value.astimezone(WIB).replace(tzinfo=None)  # Excel has no time zones: WIB, as the page shows
    if column.kind in ("flag", "wave"):
        return _plain(column, row, language)
    return value
