"""Load + check + compile 1,000 definitions the size of the reference example.

- cold: a fresh process, no cache: ``load_catalog(root)`` over the whole folder,
  timed inside the process (interpreter start and imports reported apart);
- warm: a fresh process whose catalog cache (``cache_dir``) was written by an
  earlier one: hashing the files and reading the cache back;
- the reference example with its two flow texts quoted (the plain libyaml
  path), verbatim (libyaml stops at ``{id: Kelahiran kembar?, ...}``: the text
  is quoted and libyaml retries; its unquoted comma is repaired with a
  located warning, which costs the positions), and verbatim through the
  pure-Python parser, the last resort for what libyaml cannot read;
- the peer: pyxform converting an equivalent XLSForm (built here with
  openpyxl) to an XForm, per conversion, in one warm process.

Usage: ``python benchmarks/run.py definitions [--count=N] [--repeat=N] [--profile]``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))
from framework.core.settings import reference_example  # noqa: E402

REFERENCE = reference_example()

# libyaml (YAML 1.1) ends a plain scalar at `?` inside `{...}`; quoting makes the example libyaml-readable
FAST_PATH_EDITS = {
    "{id: Kelahiran kembar?, en: Multiple birth?}": '{id: "Kelahiran kembar?", en: "Multiple birth?"}',
    ("en: Birth statement from a doctor, midwife or village head}"): (
        'en: "Birth statement from a doctor, midwife or village head"}'
    ),
}

CHILD = """
import json, sys, time
started = time.perf_counter()
from framework.definition import load_catalog
imported = time.perf_counter()
if sys.argv[2] == "pure":  # force the last-resort parser, to measure it
    import framework.definition.load as load
    from ruamel.yaml.error import MarkedYAMLError

    def refuse(text):
        raise MarkedYAMLError(problem="measuring the pure-Python parser")

    load.fast_load_quoting = refuse
catalog = load_catalog(sys.argv[1], cache_dir=sys.argv[3] if len(sys.argv) > 3 else None)
done = time.perf_counter()
print(json.dumps({"import": imported - started, "load": done - imported, "specs": len(catalog.specs), "errors": sum(e.severity.value == "error" for e in catalog.errors), "warnings": sum(e.severity.value == "warning" for e in catalog.errors)}))
"""  # noqa: E501


def option(args: list[str], name: str, default: int) -> int:
    for arg in args:
        if arg.startswith(f"--{name}="):
            return int(arg.split("=", 1)[1])
    return default


def make_corpus(folder: Path, count: int, fast: bool) -> Path:
    """``count`` copies of the reference example with their own service ids, and the code lists."""
    shutil.copytree(PROJECT / "definitions" / "codelists", folder / "codelists")
    shutil.copytree(PROJECT / "definitions" / "reference", folder / "reference")
    text = REFERENCE.read_text(encoding="utf-8")
    if fast:
        for old, new in FAST_PATH_EDITS.items():
            assert old in text, f"the reference example changed: {old!r} is gone"
            text = text.replace(old, new)
    for number in range(count):
        # each service its own id and its own field names, so no compiled condition is shared between files
        own = text.replace("adminduk.akta-kelahiran", f"adminduk.akta-kelahiran-{number:04d}").replace(
            "kembar", f"kembar_{number:04d}"
        )
        (folder / f"layanan-{number:04d}.yaml").write_text(own, encoding="utf-8")
    return folder


def child(root: Path, parser: str, cache: Path | None = None) -> dict:
    args = [sys.executable, "-c", CHILD, str(root), parser] + ([str(cache)] if cache else [])
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=PROJECT, check=True)
    result = json.loads(done.stdout)
    result["process"] = time.perf_counter() - started
    return result


def measure(root: Path, count: int, repeat: int, warm: bool, parser: str) -> dict:
    runs = []
    for _ in range(repeat):
        cache = None
        if warm:
            cache = Path(tempfile.mkdtemp(prefix="mpp-cache-"))
            child(root, parser, cache)  # writes the cache
        runs.append(child(root, parser, cache))
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
    load = statistics.median(r["load"] for r in runs)
    return {
        "ms_per_definition": load / count * 1000,
        "best_ms_per_definition": min(r["load"] for r in runs) / count * 1000,
        "import_s": statistics.median(r["import"] for r in runs),
        "process_s": statistics.median(r["process"] for r in runs),
        "specs": runs[0]["specs"],
        "errors": runs[0]["errors"],
        "warnings": runs[0]["warnings"],
    }


# --- the peer: pyxform ------------------------------------------------------------------

SURVEY = [
    ("begin group", "pemohon", "Data Pemohon", "Applicant", "", "", "", ""),
    ("text", "nik_pemohon", "NIK Pemohon", "Applicant's NIK", "", "regex(., '^[0-9]{16}$')", "", "yes"),
    ("text", "nama_pemohon", "Nama Pemohon", "Applicant's name", "", "", "", "yes"),
    ("select_one hubungan", "hubungan", "Hubungan dengan anak", "Relationship to the child", "yes", "", "", ""),
    ("end group", "", "", "", "", "", "", ""),
    ("begin group", "anak", "Data Anak", "Child", "", "", "", ""),
    ("text", "nama_anak", "Nama Anak", "Child's name", "yes", "string-length(.) <= 100", "", ""),
    ("select_one jenis_kelamin", "jenis_kelamin", "Jenis Kelamin", "Sex", "yes", "", "", ""),
    ("date", "tanggal_lahir", "Tanggal Lahir", "Date of birth", "yes", ". <= today()", "", ""),
    ("select_one kabupaten", "tempat_lahir", "Tempat Lahir", "Place of birth", "yes", "", "", ""),
    ("select_one ya_tidak", "kembar", "Kelahiran kembar?", "Multiple birth?", "", "", "", ""),
    ("begin repeat", "saudara_kembar", "Saudara Kembar", "Siblings of the same birth", "", "", "${kembar} = 'ya'", ""),
    ("text", "nama", "Nama", "Name", "yes", "", "", ""),
    ("integer", "urutan", "Urutan lahir", "Birth order", "", ". >= 1 and . <= 6", "", ""),
    ("end repeat", "", "", "", "", "", "", ""),
    ("end group", "", "", "", "", "", "", ""),
    ("begin group", "orang_tua", "Data Orang Tua", "Parents", "", "", "", ""),
    ("text", "nik_ibu", "NIK Ibu", "Mother's NIK", "yes", "regex(., '^[0-9]{16}$')", "", ""),
    ("text", "nama_ibu", "Nama Ibu", "Mother's name", "", "", "", "yes"),
    (
        "acknowledge",
        "pernyataan",
        "Saya menyatakan data yang saya isi benar.",
        "I declare that the data I entered is true.",
        "yes",
        "",
        "",
        "",
    ),
    ("end group", "", "", "", "", "", "", ""),
    ("file", "surat_keterangan_lahir", "Surat Keterangan Lahir", "Birth statement", "yes", "", "", ""),
]
CHOICES = [
    ("hubungan", "ayah", "Ayah", "Father"),
    ("hubungan", "ibu", "Ibu", "Mother"),
    ("hubungan", "wali", "Wali", "Guardian"),
    ("jenis_kelamin", "LAKI-LAKI", "Laki-laki", "Male"),
    ("jenis_kelamin", "PEREMPUAN", "Perempuan", "Female"),
    ("ya_tidak", "ya", "Ya", "Yes"),
    ("ya_tidak", "tidak", "Tidak", "No"),
    ("kabupaten", "73_12", "Kab. Soppeng", "Soppeng Regency"),
    ("kabupaten", "34_71", "Kota Yogyakarta", "Yogyakarta City"),
]


def xlsform() -> bytes:
    """The reference example as an XLSForm (survey, choices, settings)."""
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            "label::Bahasa Indonesia (id)",
            "label::English (en)",
            "required",
            "constraint",
            "relevant",
            "read_only",
        ]
    )
    for row in SURVEY:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Bahasa Indonesia (id)", "label::English (en)"])
    for row in CHOICES:
        choices.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["Penerbitan Akta Kelahiran", "akta_kelahiran", "1", "Bahasa Indonesia (id)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure_pyxform(count: int) -> dict | None:
    try:
        from pyxform.xls2xform import convert
    except ImportError:
        return None
    content = xlsform()
    convert(xlsform=content, file_type=".xlsx")  # first one pays for imports and caches
    started = time.perf_counter()
    for _ in range(count):
        result = convert(xlsform=content, file_type=".xlsx")
    elapsed = time.perf_counter() - started
    assert "<h:html" in result.xform
    return {"ms_per_definition": elapsed / count * 1000}


# --- report -------------------------------------------------------------------------------


def profile(root: Path) -> None:
    import cProfile
    import pstats

    from framework.definition import load_catalog

    profiler = cProfile.Profile()
    profiler.runcall(load_catalog, root)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def run(args: list[str]) -> None:
    count = option(args, "count", 1000)
    repeat = option(args, "repeat", 3)
    rows = []
    cases = (
        ("quoted example, libyaml", True, "libyaml", ("cold", "warm")),
        ("example verbatim, libyaml after quoting its `?` texts", False, "libyaml", ("cold", "warm")),
        ("example verbatim, pure-Python parser (last resort)", False, "pure", ("cold",)),
    )
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as temporary:
        for number, (name, fast, parser, modes) in enumerate(cases):
            root = Path(temporary) / f"corpus-{fast}"
            if not root.exists():
                make_corpus(root, count, fast)
            for mode in modes:
                result = measure(root, count, repeat, mode == "warm", parser)
                assert result["specs"] == count and result["errors"] == 0, result
                rows.append((f"{name}, {mode}" + (" (cache)" if mode == "warm" else ""), result))
            if "--profile" in args and number == 0:
                profile(root)
    peer = measure_pyxform(max(count // 10, 10))
    print(
        f"{count} definitions like {REFERENCE.name}, median of {repeat} fresh "
        f"processes (Python {sys.version.split()[0]}, {os.cpu_count()} cores)\n"
    )
    print("| path | ms per definition (median) | best | warnings | imports (s) | whole process (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, r in rows:
        print(
            f"| {label} | {r['ms_per_definition']:.2f} | {r['best_ms_per_definition']:.2f} "
            f"| {r['warnings']} | {r['import_s']:.2f} | {r['process_s']:.2f} |"
        )
    if peer:
        print(
            f"| pyxform: equivalent XLSForm → XForm, per conversion "
            f"(warm process) | {peer['ms_per_definition']:.2f} | | | | |"
        )
    else:
        print(
            "| pyxform: not installed (`pip install -e '.[bench]'`); "
            "the issue measured about 7 ms per conversion | | | | | |"
        )
