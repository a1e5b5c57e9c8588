"""Cold compile against the peer, and the worst-case hostile file.

Cold compile: one fresh process checks 200 definitions, as `mpp validate`
does in CI or when a region proposes a batch; the peer, pyxform, converts
200 equivalent XLSForms in one fresh process. Both sides pay their
interpreter start and imports, so the figure per definition is the whole
process's wall time ÷ 200 ("all-in"); the same with one file gives the fixed
start-up, and ``(T(200) − T(1)) ÷ 199`` is what one more definition costs
("marginal"). Two forms are compared:

- a nakes practice licence: the bundled ``nakes/_template.yaml`` made a
  stand-alone service and written compactly (one line per field, as authors
  write them), about 150 lines; the XLSForm below asks the same fields,
  groups, choices, conditions, constraints and files;
- the reference birth certificate and its XLSForm from ``bench_definitions``.

Every copy renames a field used in conditions, so no compiled expression is
shared between files on either side.

Hostile file: 0.9 MB of 90,000 unknown top-level keys (each one a located
error), checked by `mpp validate` under a timeout; only the time is reported.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
BIN = Path(sys.executable).parent
WIDTH = 300  # a flow collection longer than this is written as a block (gives about 150 lines)
_PLAIN = re.compile(r"[A-Za-z][\w./-]*( [\w./()-]+)*")  # safe unquoted, also inside flow collections
_RESERVED = {"yes", "no", "y", "n", "on", "off", "true", "false", "null"}
COUNT = 200
HOSTILE_KEYS = 90_000


# --- the nakes definition, compact ------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _scalar(value)


def _block(value: Any, indent: int) -> list[str]:
    """YAML lines: a collection on one line when it fits in WIDTH, else one level down."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}: {_scalar(item)}")
            elif len(pad) + len(key) + 2 + len(_flow(item)) <= WIDTH:
                lines.append(f"{pad}{key}: {_flow(item)}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(_block(item, indent + 2))
        return lines
    for item in value:
        if len(pad) + 2 + len(_flow(item)) <= WIDTH or not isinstance(item, (dict, list)):
            lines.append(f"{pad}- {_flow(item)}")
        else:
            inner = _block(item, indent + 2)
            inner[0] = f"{pad}- {inner[0].lstrip()}"
            lines.extend(inner)
    return lines


def nakes_definition() -> str:
    """The nakes SIP template as a stand-alone service (``nakes.sip-bench``), written compactly."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((PROJECT / "definitions" / "nakes" / "_template.yaml").read_text(encoding="utf-8"))
    data.pop("template", None)
    data["service"] = "nakes.sip-bench"
    return "\n".join(_block(data, 0)) + "\n"


# --- the equivalent XLSForm -------------------------------------------------------------------

COLUMNS = ("type", "name", "label::id", "label::en", "required", "constraint", "relevant", "read_only", "appearance")
APPLICATION = (
    "${jenis_permohonan} = 'BARU' or ${jenis_permohonan} = 'PERPANJANGAN' or ${jenis_permohonan} = 'PERUBAHAN'"
)


def _row(kind: str, name: str = "", id_: str = "", en: str = "", **extra: str) -> tuple[str, ...]:
    return (kind, name, id_, en, *(extra.get(c, "") for c in COLUMNS[4:]))


def nakes_survey() -> list[tuple[str, ...]]:
    """The nakes template's pages, documents and rules as XLSForm rows (rules become constraints)."""
    ro = {"read_only": "yes"}
    return [
        _row("begin group", "pemohon", "Data Pemohon", "Applicant"),
        _row("text", "nik_pemohon", "NIK", "NIK", constraint="regex(., '^[0-9]{16}$')", **ro),
        _row("text", "nama_pemohon", "Nama lengkap", "Full name", **ro),
        _row("text", "tempat_lahir_pemohon", "Tempat lahir", "Place of birth", **ro),
        _row("date", "tanggal_lahir_pemohon", "Tanggal lahir", "Date of birth", **ro),
        _row("text", "alamat_pemohon", "Alamat", "Address", **ro),
        _row(
            "text",
            "telepon_pemohon",
            "Nomor HP",
            "Mobile number",
            required="yes",
            constraint="regex(., '^\\+?[0-9]{8,15}$')",
        ),
        _row("text", "email_pemohon", "Surel", "E-mail", required="yes", constraint="regex(., '^[^@ ]+@[^@ ]+$')"),
        _row("select_one profesi", "profesi", "Profesi", "Profession", constraint="true()", **ro),
        _row("text", "nomor_str", "Nomor STR", "STR number", **ro),
        _row("select_one ya_tidak", "str_seumur_hidup", "STR berlaku seumur hidup", "STR valid for life", **ro),
        _row(
            "date",
            "str_berlaku_sampai",
            "STR berlaku sampai",
            "STR valid until",
            relevant="${str_seumur_hidup} != 'ya'",
            **ro,
        ),
        _row("text", "pendidikan_terakhir", "Pendidikan terakhir", "Highest education", **ro),
        _row("text", "institusi_pendidikan", "Institusi pendidikan", "School or university", **ro),
        _row("text", "nomor_ijazah", "Nomor ijazah", "Diploma number", **ro),
        _row("integer", "jumlah_sip_aktif", "Jumlah SIP aktif", "Active SIPs", **ro),
        _row("select_one ya_tidak", "asn", "Saya aparatur sipil negara (ASN)", "I am a civil servant (ASN)"),
        _row("end group"),
        _row("begin group", "permohonan", "Jenis Permohonan", "Application type"),
        _row(
            "select_one jenis_permohonan",
            "jenis_permohonan",
            "Jenis permohonan",
            "Application type",
            required="yes",
            constraint="not(. = 'BARU' and ${jumlah_sip_aktif} >= 3) and "
            "not(${str_seumur_hidup} = 'tidak' and ${str_berlaku_sampai} < today())",
        ),
        _row(
            "text",
            "nomor_sip_lama",
            "Nomor SIP yang diperpanjang/diubah/dicabut",
            "Number of the SIP to extend/change/revoke",
            required="yes",
            constraint="string-length(.) <= 60",
            relevant="${jenis_permohonan} != 'BARU'",
        ),
        _row("integer", "skp", "Jumlah SKP", "SKP credits", relevant="${jenis_permohonan} = 'PERPANJANGAN'", **ro),
        _row(
            "text",
            "uraian_perubahan",
            "Yang diubah",
            "What changes",
            required="yes",
            constraint="string-length(.) <= 500",
            relevant="${jenis_permohonan} = 'PERUBAHAN'",
            appearance="multiline",
        ),
        _row(
            "text",
            "alasan_pencabutan",
            "Alasan pencabutan",
            "Reason for revocation",
            required="yes",
            constraint="string-length(.) <= 500",
            relevant="${jenis_permohonan} = 'PENCABUTAN'",
            appearance="multiline",
        ),
        _row("end group"),
        _row(
            "begin group",
            "tempat_praktik",
            "Tempat Praktik",
            "Practice place",
            relevant="${jenis_permohonan} != 'PENCABUTAN'",
        ),
        _row(
            "integer",
            "tempat_praktik_ke",
            "Tempat praktik ke-",
            "Practice place number",
            required="yes",
            constraint=". >= 1 and . <= 3 and not(${jenis_permohonan} = 'BARU' and ${jumlah_sip_aktif} >= 0 "
            "and . != ${jumlah_sip_aktif} + 1)",
        ),
        _row("select_one jenis_praktik", "jenis_praktik", "Jenis praktik", "Type of practice", required="yes"),
        _row(
            "text",
            "nama_fasyankes",
            "Nama fasilitas pelayanan kesehatan",
            "Name of the health facility",
            required="yes",
            constraint="string-length(.) <= 150",
            relevant="${jenis_praktik} = 'FASYANKES'",
        ),
        _row(
            "text",
            "wilayah_praktik",
            "Desa/kelurahan tempat praktik",
            "Village of the practice place",
            required="yes",
            constraint="regex(., '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$')",
        ),
        _row(
            "text",
            "alamat_praktik",
            "Alamat tempat praktik",
            "Address of the practice place",
            required="yes",
            constraint="string-length(.) <= 200",
        ),
        _row(
            "select_multiple hari",
            "hari_praktik",
            "Hari praktik",
            "Practice days",
            required="yes",
            constraint="count-selected(.) >= 1",
        ),
        _row(
            "text",
            "jam_praktik",
            "Jam praktik",
            "Practice hours",
            required="yes",
            constraint="regex(., '^[0-2][0-9]\\.[0-5][0-9]-[0-2][0-9]\\.[0-5][0-9]$')",
        ),
        _row("end group"),
        _row("begin group", "pernyataan", "Pernyataan", "Declaration"),
        _row(
            "acknowledge",
            "pernyataan_benar",
            "Saya menyatakan bahwa data dan dokumen yang saya sampaikan benar.",
            "I declare that the data and documents I provide are true.",
            required="yes",
        ),
        _row("end group"),
        _row(
            "file",
            "surat_keterangan_fasyankes",
            "Surat keterangan dari pimpinan fasilitas pelayanan kesehatan",
            "Statement from the head of the health facility",
            required="yes",
            relevant=f"({APPLICATION}) and ${{jenis_praktik}} = 'FASYANKES'",
        ),
        _row(
            "file",
            "surat_pernyataan_mandiri",
            "Surat pernyataan praktik mandiri",
            "Statement of independent practice",
            required="yes",
            relevant=f"({APPLICATION}) and ${{jenis_praktik}} = 'MANDIRI'",
        ),
        _row("image", "pas_foto", "Pas foto berwarna", "Colour photograph", required="yes", relevant=APPLICATION),
        _row(
            "file",
            "sip_sebelumnya",
            "SIP yang telah dimiliki",
            "SIPs already held",
            required="yes",
            relevant="${jenis_permohonan} = 'BARU' and ${tempat_praktik_ke} > 1",
        ),
        _row(
            "file",
            "persetujuan_atasan",
            "Surat persetujuan atasan langsung",
            "Consent of the direct supervisor",
            required="yes",
            relevant="${asn} = 'ya' and ${jenis_permohonan} != 'PENCABUTAN'",
        ),
    ]


def nakes_choices() -> list[tuple[str, str, str, str]]:
    from ruamel.yaml import YAML

    def codelist(name: str) -> dict[str, dict[str, str]]:
        path = PROJECT / "definitions" / "codelists" / f"{name}.yaml"
        return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["items"]

    rows = [("profesi", code, t["id"], t["en"]) for code, t in codelist("profesi-nakes").items()]
    rows += [("jenis_permohonan", code, t["id"], t["en"]) for code, t in codelist("jenis-permohonan-sip").items()]
    rows += [("jenis_praktik", "FASYANKES", "Di fasilitas pelayanan kesehatan", "At a health facility")]
    rows += [("jenis_praktik", "MANDIRI", "Praktik mandiri", "Independent practice")]
    days = ("SENIN Senin Monday", "SELASA Selasa Tuesday", "RABU Rabu Wednesday", "KAMIS Kamis Thursday")
    days += ("JUMAT Jumat Friday", "SABTU Sabtu Saturday", "MINGGU Minggu Sunday")
    rows += [("hari", *day.split()) for day in days]
    return rows + [("ya_tidak", "ya", "Ya", "Yes"), ("ya_tidak", "tidak", "Tidak", "No")]


def workbook(survey: list[tuple[str, ...]], choices: list[tuple[str, ...]], form_id: str, title: str) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    languages = {"label::id": "label::Bahasa Indonesia (id)", "label::en": "label::English (en)"}
    sheet.append([languages.get(c, c) for c in COLUMNS])
    for row in survey:
        sheet.append(list(row))
    options = book.create_sheet("choices")
    options.append(["list_name", "name", "label::Bahasa Indonesia (id)", "label::English (en)"])
    for row in choices:
        options.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([title, form_id, "1", "Bahasa Indonesia (id)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- corpora ------------------------------------------------------------------------------------


def _renamed(text: str, field: str, number: int) -> str:
    return text.replace(field, f"{field}_{number:03d}")


def definitions_corpus(folder: Path, text: str, service: str, field: str, count: int) -> Path:
    """``count`` copies, each with its own service id and its own name for a field its conditions use."""
    folder.mkdir(parents=True)
    for name in ("codelists", "reference", "loci.yaml"):
        (folder / name).symlink_to(PROJECT / "definitions" / name)
    for number in range(count):
        own = _renamed(text, field, number).replace(service, f"{service}-{number:03d}")
        (folder / f"layanan-{number:03d}.yaml").write_text(own, encoding="utf-8")
    return folder


def xlsform_corpus(folder: Path, kind: str, count: int) -> Path:
    folder.mkdir(parents=True)
    if kind == "nakes":
        survey, choices, field, title = nakes_survey(), nakes_choices(), "jenis_permohonan", "SIP tenaga kesehatan"
    else:
        import bench_definitions

        survey = [(*row, "") for row in bench_definitions.SURVEY]  # its columns, without `appearance`
        choices, field, title = bench_definitions.CHOICES, "kembar", "Penerbitan Akta Kelahiran"
    for number in range(count):
        own = [(row[0], *(_renamed(cell, field, number) for cell in row[1:])) for row in survey]  # not list names
        (folder / f"form-{number:03d}.xlsx").write_bytes(workbook(own, choices, f"{kind}_{number:03d}", title))
    return folder


# --- timing fresh processes -----------------------------------------------------------------------

PYXFORM_CHILD = """
import sys
from pathlib import Path
from pyxform.xls2xform import convert
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    assert "<h:html" in convert(xlsform=path).xform
"""


def timed(command: list[str], env: dict[str, str] | None = None, timeout: float | None = None) -> dict[str, Any]:
    """Wall time of one fresh process (interpreter start and imports included)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout, cwd=PROJECT
        )
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - started, "timed_out": True, "exit": None, "lines": 0}
    return {
        "seconds": time.perf_counter() - started,
        "timed_out": False,
        "exit": done.returncode,
        "lines": len(done.stdout.splitlines()),
        "tail": (done.stdout + done.stderr).strip().splitlines()[-1:] if done.returncode else [],
    }


def best_seconds(runs: list[dict[str, Any]], command: list[str]) -> float:
    """The fastest of the repeats: what the work costs when nothing else took the core (other jobs only add)."""
    for run in runs:
        if run["exit"] != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {run['tail']}")
    return min(run["seconds"] for run in runs)


def per_definition(one: float, many: float, count: int) -> dict[str, float]:
    return {"all_in_ms": many / count * 1000, "marginal_ms": (many - one) / (count - 1) * 1000, "startup_s": one}


def compare(kind: str, text: str, service: str, field: str, folder: Path, repeat: int) -> dict[str, Any]:
    """`mpp validate` of COUNT copies vs pyxform converting COUNT XLSForms, each in one fresh process.

    The two sides alternate within each repeat, so a burst of load from other
    jobs hits both rather than one; each side's best run is kept.
    """
    commands = {}
    for count in (1, COUNT):
        root = definitions_corpus(folder / f"{kind}-yaml-{count}", text, service, field, count)
        forms = xlsform_corpus(folder / f"{kind}-xlsx-{count}", kind, count)
        commands[("project", count)] = ([str(BIN / "mpp"), "validate"], {"MPP_DEFINITIONS": str(root)})
        commands[("pyxform", count)] = ([sys.executable, "-c", PYXFORM_CHILD, str(forms)], None)
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {key: [] for key in commands}
    for _ in range(repeat):
        for key, (command, env) in commands.items():
            runs[key].append(timed(command, env))
    best = {key: best_seconds(runs[key], commands[key][0]) for key in commands}
    project = per_definition(best[("project", 1)], best[("project", COUNT)], COUNT)
    pyxform = per_definition(best[("pyxform", 1)], best[("pyxform", COUNT)], COUNT)
    return {
        "lines": len(text.splitlines()),
        "bytes": len(text.encode()),
        "repeats": repeat,
        "project": project,
        "pyxform": pyxform,
        "ratio_all_in": project["all_in_ms"] / pyxform["all_in_ms"],
        "ratio_marginal": project["marginal_ms"] / pyxform["marginal_ms"],
    }


def hostile(folder: Path, timeout: float) -> dict[str, Any]:
    """0.9 MB, 90,000 unknown top-level keys: how long `mpp validate` takes to report them (capped)."""
    path = folder / "hostile.yaml"
    head = "service: adminduk.hostile\nversion: 1\n"
    body = "".join(f"k{number:05d}: 1\n" for number in range(HOSTILE_KEYS))
    path.write_text(head + body, encoding="utf-8")
    root = folder / "nakes-yaml-1"
    result = timed([str(BIN / "mpp"), "validate", str(path)], {"MPP_DEFINITIONS": str(root)}, timeout)
    return {**result, "bytes": path.stat().st_size, "keys": HOSTILE_KEYS, "timeout_s": timeout}


def run(quick: bool = False) -> dict[str, Any]:
    from framework.core.settings import reference_example

    repeat = 1 if quick else 3
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mpp-cold-") as temporary:
        folder = Path(temporary)
        results["nakes"] = compare("nakes", nakes_definition(), "nakes.sip-bench", "jenis_permohonan", folder, repeat)
        print(f"  nakes: {line(results['nakes'])}", flush=True)
        example = reference_example().read_text(encoding="utf-8")
        results["akta"] = compare("akta", example, "adminduk.akta-kelahiran", "kembar", folder, repeat)
        print(f"  reference example: {line(results['akta'])}", flush=True)
        results["hostile"] = hostile(folder, 15 if quick else 60)
        print(f"  hostile file: {hostile_text(results['hostile'])}", flush=True)
    results["markdown"] = markdown(results)
    return results


def line(r: dict[str, Any]) -> str:
    return (
        f"{r['project']['all_in_ms']:.1f} ms/definition all-in ({r['project']['marginal_ms']:.1f} marginal) vs "
        f"pyxform {r['pyxform']['all_in_ms']:.1f} ({r['pyxform']['marginal_ms']:.1f}) → {r['ratio_all_in']:.2f}× "
        f"({r['ratio_marginal']:.2f}×)"
    )


def hostile_text(r: dict[str, Any]) -> str:
    if r["timed_out"]:
        return f"still running after {r['timeout_s']:.0f} s (stopped)"
    return f"{r['seconds']:.1f} s, exit {r['exit']}, {r['lines']:,} lines of problems"


def markdown(results: dict[str, Any]) -> list[str]:
    rows = [
        "| cold compile, one fresh process, 200 files (best of the "
        "repeats) | project (`mpp validate`) | pyxform | ratio | goal |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, name in (("nakes", "nakes SIP definition"), ("akta", "reference birth certificate")):
        r = results[key]
        rows.append(
            f"| {name} ({r['lines']} lines), all-in per file | {r['project']['all_in_ms']:.1f} ms "
            f"| {r['pyxform']['all_in_ms']:.1f} ms | {r['ratio_all_in']:.2f}× | ≤ 0.5× |"
        )
        rows.append(
            f"| {name}, marginal per file (start-up {r['project']['startup_s']:.2f} s vs "
            f"{r['pyxform']['startup_s']:.2f} s) | {r['project']['marginal_ms']:.1f} ms "
            f"| {r['pyxform']['marginal_ms']:.1f} ms | {r['ratio_marginal']:.2f}× | |"
        )
    h = results["hostile"]
    rows.append(
        f"| `mpp validate` of a {h['bytes'] / 1e6:.1f} MB file of {h['keys']:,} unknown keys "
        f"| {hostile_text(h)} | | | < 2 s |"
    )
    return rows


if __name__ == "__main__":
    print("\n".join(run(quick="--quick" in sys.argv)["markdown"]))
