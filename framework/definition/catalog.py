"""The pipeline: files → plain data → shape → resolve `extends` → meaning → ServiceSpec.

Valid files take the fast path (libyaml load, schema, checks, compile); only
files with problems pay for the round-trip parse that locates them. A whole
catalog that has not changed since the last start is read back from a cache
keyed by the content of every file and the installed plugins (warm start).
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import pickle
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framework import __version__
from framework.core.allocation import collection_paused
from framework.definition.checks import Subject, semantic_problems
from framework.definition.context import CheckContext, SourceInfo
from framework.definition.errors import DefinitionError, Problem, Severity, sort_key
from framework.definition.index import build_index
from framework.definition.issuers import ISSUERS_DIR, IssuerSpec, issuer_files, load_issuers
from framework.definition.load import Loaded, load_file, yaml_files
from framework.definition.messages import did_you_mean, msg
from framework.definition.model import ServiceSpec, build_spec
from framework.definition.normalize import rejoin_split_texts
from framework.definition.remedies import WRITTEN_OPEN, fill_written
from framework.definition.shape import FAST_SCHEMA_MIN_FILES, shape_problems
from framework.definition.variants import merge, unplaced_positions, variant_problems
from framework.expressions import ExpressionError

if TYPE_CHECKING:
    from framework.plugins.registry import Registries

log = logging.getLogger(__name__)

REFERENCE_DIRS = frozenset(
    {"codelists", "reference", ISSUERS_DIR}
)  # regions/<code>/ holds regional variants: they are definitions
REFERENCE_FILES = frozenset({"loci.yaml"})
# a file this large (the reference example is 4 KB) is checked with the compiled schema first,
# which passes a valid shape in a fraction of the time: jsonschema alone took seconds on 1 MB
FAST_SCHEMA_MIN_CHARS = 100_000
# problems listed per file and check: a hostile file of 1 MB holds ~90,000 mistakes, and finding,
# describing and locating each took seconds; nobody reads past the first thousand (compilers stop too)
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Catalog:
    """Every compiled service of a definitions folder, and every problem found."""

    specs: Mapping[str, ServiceSpec]
    errors: tuple[DefinitionError, ...]
    codelists: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)  # display path -> service id
    issuers: Mapping[str, IssuerSpec] = field(default_factory=dict)  # declared issuing agencies by id
    withdrawn: frozenset[str] = frozenset()  # services withdrawn from a live catalog (their filings continue)

    @property
    def ok(self) -> bool:
        return not any(e.severity is Severity.ERROR for e in self.errors)

    def offered(self) -> list[ServiceSpec]:
        """Services citizens can apply for (templates are not offered)."""
        return [spec for _id, spec in sorted(self.specs.items()) if not spec.template]

    def national(self) -> list[ServiceSpec]:
        """What a citizen browses: offered services that are not one region's variant of another."""
        return [spec for spec in self.offered() if not self._adapts(spec)]

    def _adapts(self, spec: ServiceSpec) -> bool:
        """True for a regional variant: a region's adaptation of a service it extends.

        A region's own service built on a template (`extends` a `template:
        true` file, with a `region`) adapts nothing: it is offered itself, and
        its family is itself, not the template (which no citizen can file).
        """
        parent = self.specs.get(spec.extends or "")
        return bool(spec.region) and parent is not None and not parent.template

    def variant_for(self, service_id: str, region: str) -> ServiceSpec:
        """The service a citizen of ``region`` files: that region's variant of ``service_id`` if it has one."""
        return regional_variant(self.offered(), service_id, region) or self.specs[service_id]

    def family(self, spec: ServiceSpec) -> ServiceSpec:
        """The national service a regional variant adapts (the service itself otherwise)."""
        return self.specs[spec.extends] if self._adapts(spec) and spec.extends else spec

    def errors_for(self, files: Iterable[str]) -> list[DefinitionError]:
        wanted = set(files)
        return [e for e in self.errors if e.file in wanted]


def regional_variant(specs: Iterable[ServiceSpec], service_id: str, region: str) -> ServiceSpec | None:
    """The variant of ``service_id`` that ``region`` declares, if any (the one rule for "which definition applies
    here").
    """
    return next((s for s in specs if s.extends == service_id and s.region == region and not s.template), None)


def plugin_context(registries: Registries | None = None) -> CheckContext:
    """What the plugins offer, as the checker needs it: the given registry (an app's), else the installed ones."""
    from framework.plugins.registry import installed

    registries = registries or installed()
    sources = {pid: SourceInfo(pid, frozenset(plugin.attributes)) for pid, plugin in registries.prefill_sources.items()}
    return CheckContext(
        sources=sources,
        providers=frozenset(registries.providers),
        complaint_channels=frozenset(registries.complaint_channels),
        notify_channels=frozenset(registries.notifiers),
    )


def definition_files(root: Path) -> list[Path]:
    """Service definitions under ``root``: every YAML file outside the reference-data folders."""
    found = []
    for path in yaml_files(root, recursive=True):
        relative = path.relative_to(root)
        if (
            relative.parts[0] in REFERENCE_DIRS
            or relative.name in REFERENCE_FILES
            or any(p.startswith(".") for p in relative.parts)
        ):
            continue
        found.append(path)
    return found


def load_catalog(
    root: Path | str | None,
    extra: Iterable[Path | str] = (),
    context: CheckContext | None = None,
    cache_dir: Path | str | None = None,
    refuse_loosening: bool = True,
) -> Catalog:
    """Load, check and compile every definition under ``root`` plus ``extra`` files.

    ``refuse_loosening=False`` compiles a regional variant that loosens its
    template instead of refusing it, so `mpp diff` can show what it loosens.
    """
    root = Path(root) if root else None
    in_catalog = [p.resolve() for p in (definition_files(root) if root and root.is_dir() else [])]
    extra_files, in_catalog = _read_order([Path(p).resolve() for p in extra], in_catalog)
    files = list(dict.fromkeys(extra_files + in_catalog))
    context = context or plugin_context()
    cache = Path(cache_dir) if cache_dir else None
    cache_key = _cache_key(files, context, root, refuse_loosening) if cache else None
    if cache and cache_key and (cached := _read_cache(cache, cache_key)):
        return cached
    codelists, codelist_errors = load_codelists(root / "codelists") if root else ({}, [])
    context = _with_reference(context, codelists, root)
    issuers, issuer_errors = load_issuers(root, context.regencies)
    context = replace(context, issuers={**context.issuers, **issuers})
    with collection_paused():  # a catalog is a burst of objects without cycles (core/allocation.py)
        catalog = _Build(context, codelists, refuse_loosening).run(
            files, codelist_errors + issuer_errors, overriding=len(extra_files)
        )
    if cache and cache_key:
        _write_cache(cache, cache_key, catalog)
    return catalog


def _read_order(named: list[Path], in_catalog: list[Path]) -> tuple[list[Path], list[Path]]:
    """The drafts (named files outside the catalog, read first) and the catalog's files in reading order.

    A draft kept elsewhere replaces the catalog's version of its service. A
    named file that is itself part of the catalog replaces nothing: it keeps
    its place among the catalog's files and is read after them, so when it
    reuses another file's service id (a national file copied into regions/
    and not renamed) the DUPLICATE_ID lands on it, where its author looks.
    """
    catalog = set(in_catalog)
    inside = {p for p in named if p in catalog}
    drafts = [p for p in named if p not in inside]
    return drafts, [p for p in in_catalog if p not in inside] + [p for p in named if p in inside]


def first_problems(found: Iterator[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The first ``limit`` problems a check finds, and TOO_MANY_PROBLEMS when it would find more.

    The check is a generator: it stops where the list stops, so a file of
    tens of thousands of mistakes costs what a thousand cost.
    """
    listed = list(islice(found, limit + 1))
    if len(listed) <= limit:
        return listed
    more = Problem(
        (),
        "TOO_MANY_PROBLEMS",
        msg(
            f"lebih dari {limit} masalah; {limit} yang pertama ditemukan dicantumkan: perbaiki itu lalu periksa lagi",
            f"more than {limit} problems; the first {limit} found are listed: fix those, then check again",
        ),
    )
    return [*listed[:limit], more]


def display_name(path: Path) -> str:
    """A file's name in messages: relative to the working folder when inside it, else as an absolute path.

    Why not always relative: `/tmp/x/kk.yaml` checked from the checkout was
    shown as `../../tmp/x/kk.yaml`, a path nobody typed.
    """
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(Path(path).absolute()) if relative.startswith(os.pardir + os.sep) else relative


class _Build:
    """One catalog build; holds the state of resolving `extends` between files."""

    def __init__(
        self, context: CheckContext, codelists: Mapping[str, Mapping[str, Any]], refuse_loosening: bool = True
    ) -> None:
        self.context = context
        self.refuse_loosening = refuse_loosening
        self.codelists = codelists
        self.loaded: dict[str, Loaded] = {}  # service id -> file
        self.resolved: dict[str, dict[str, Any] | None] = {}  # service id -> merged data (None: broken)
        self.specs: dict[str, ServiceSpec] = {}
        self.errors: list[DefinitionError] = []
        self.files: dict[str, str] = {}
        self._catalog_files: set[str] = set()
        self._owners: dict[str, str] = {}  # service id -> the file that declared it first
        self._duplicates: list[tuple[Loaded, str]] = []  # later files of a service, sound in shape
        self._fast_schema = False

    def run(self, paths: list[Path], earlier: list[DefinitionError], overriding: int = 0) -> Catalog:
        self.errors.extend(earlier)
        self._fast_schema = len(paths) >= FAST_SCHEMA_MIN_FILES
        for number, path in enumerate(paths):
            self._read(path, overridable=number >= overriding)
        self._refuse_duplicate_variants()
        for service_id in list(self.loaded):
            self._resolve(service_id, ())
        for loaded, service_id in self._duplicates:
            self.errors.extend(self._problems_alone(loaded, service_id))
        self.errors.sort(key=sort_key)
        return Catalog(self.specs, tuple(self.errors), self.codelists, self.files, self.context.issuers)

    def _read(self, path: Path, overridable: bool = True) -> None:
        loaded = load_file(path, display_name(path))
        if not loaded.ok:
            self.errors.extend(loaded.errors)
            return
        repairs = list(rejoin_split_texts(loaded.tree))
        fast = self._fast_schema or len(loaded.text) > FAST_SCHEMA_MIN_CHARS
        problems = first_problems(shape_problems(loaded.tree, fast=fast))
        named = loaded.tree.get("service")
        self._report(loaded, repairs + problems)
        if not isinstance(named, str):  # the shape check refuses a file without a text `service`
            return
        if not self._claim(loaded, named, overridable, sound=not problems):
            return
        if problems:
            self.resolved[named] = None
            return
        service_id = named
        # a large file keeps its node tree for locating its later problems: composing 1 MB again
        # cost a second; the many small files of a catalog drop theirs and parse again if they must
        self.loaded[service_id] = loaded if len(loaded.text) > FAST_SCHEMA_MIN_CHARS else loaded.without_nodes()
        self.files[loaded.file] = service_id

    def _claim(self, loaded: Loaded, service_id: str, overridable: bool, sound: bool = True) -> bool:
        """True when ``loaded`` is the file of ``service_id``; a second file of one service is a DUPLICATE_ID.

        A file with problems claims its id too: a later file of the same
        service is a duplicate all the same, and says so, instead of passing
        unchecked and unreported behind the broken one.
        """
        owner = self._owners.get(service_id)
        if owner is None:
            self._owners[service_id] = loaded.file
            if overridable:
                self._catalog_files.add(loaded.file)
            return True
        if overridable and owner not in self._catalog_files:
            return False  # a catalog file replaced by an explicitly named version of the same service
        problem = Problem(
            ("service",),
            "DUPLICATE_ID",
            msg(
                f"layanan `{service_id}` sudah didefinisikan di {owner}",
                f"service `{service_id}` is already defined in {owner}",
            ),
        )
        self._report(loaded, [problem])
        if sound:  # its other problems are found after the build (_problems_alone)
            self._duplicates.append((loaded, service_id))
        return False

    def _problems_alone(self, loaded: Loaded, service_id: str) -> list[DefinitionError]:
        """What a second file of ``service_id`` gets wrong besides being a duplicate, checked as if it were the one.

        Why: two drafts of one service side by side reported only DUPLICATE_ID
        for the second, so its misspelt role and its broken condition showed
        only after the first draft was moved away.
        """
        alone = _Build(self.context, self.codelists, self.refuse_loosening)
        alone.loaded = {**self.loaded, service_id: loaded}
        alone.resolved = {other: data for other, data in self.resolved.items() if other != service_id}
        alone._resolve(service_id, ())
        return [error for error in alone.errors if error.file == loaded.file]

    def _refuse_duplicate_variants(self) -> None:
        """Two variants of one service for one region: which one a citizen of that region files would be a guess."""
        places: dict[tuple[str, str], list[str]] = {}
        for service_id, loaded in self.loaded.items():
            data = loaded.tree
            if data.get("extends") and isinstance(data.get("region"), str) and not data.get("template"):
                places.setdefault((data["extends"], data["region"]), []).append(service_id)
        for (parent_id, region), ids in places.items():
            for service_id in ids if len(ids) > 1 else ():
                others = ", ".join(f"`{o}` ({self.loaded[o].file})" for o in ids if o != service_id)
                problem = Problem(
                    ("region",),
                    "DUPLICATE_VARIANT",
                    msg(
                        f"daerah `{region}` sudah memiliki varian `{parent_id}` lain: {others}; "
                        f"satu daerah hanya boleh satu varian per layanan, gabungkan keduanya",
                        f"region `{region}` already has another variant of `{parent_id}`: "
                        f"{others}; a region has one variant per service, merge them",
                    ),
                )
                self._report(self.loaded[service_id], [problem])
                self.resolved[service_id] = None

    def _resolve(self, service_id: str, stack: tuple[str, ...]) -> dict[str, Any] | None:
        if service_id in self.resolved:
            return self.resolved[service_id]
        loaded = self.loaded[service_id]
        data = loaded.tree
        parent_id = data.get("extends")
        base = None
        filed = list(region_folder_problems(loaded.file, data))
        problems: list[Problem] = []
        if parent_id:
            base, problems = self._parent(loaded, parent_id, stack + (service_id,))
            if base is None:
                self.resolved[service_id] = None
                self._report(loaded, filed + problems)
                return None
            merged = merge(base, data)
            parent_is_template = bool(base.get("template")) or bool(
                self.loaded.get(parent_id) and self.loaded[parent_id].tree.get("template")
            )
            issuer = self.context.issuers.get(str(merged.get("issuer") or merged.get("provider")))
            signatory = issuer.signatory if issuer is not None else None
            problems += list(variant_problems(base, data, merged, parent_is_template, self.refuse_loosening, signatory))
        else:
            merged = dict(data)
            problems += list(unplaced_positions(data))
        subject = Subject(data, build_index(merged), build_index(base) if base is not None else None, self.context)
        problems += filed + first_problems(semantic_problems(subject))
        self._report(loaded, problems)
        if any(p.severity is Severity.ERROR for p in problems):
            self.resolved[service_id] = None
            return None
        try:
            spec = build_spec(merged, self.codelists, loaded.file)
        except ExpressionError as exc:  # a template condition the merge broke, not caught above
            self._report(
                loaded,
                [
                    Problem(
                        ("extends",),
                        exc.code,
                        msg(f"setelah digabung dengan `{parent_id}`: ", f"after merging with `{parent_id}`: ")
                        + exc.text,
                        at="key",
                    )
                ],
            )
            self.resolved[service_id] = None
            return None
        self.resolved[service_id] = merged
        self.specs[service_id] = spec
        return merged

    def _parent(
        self, loaded: Loaded, parent_id: str, stack: tuple[str, ...]
    ) -> tuple[dict[str, Any] | None, list[Problem]]:
        cycle = self._cycle(stack[-1], parent_id)
        if cycle:
            return None, [
                Problem(
                    ("extends",),
                    "EXTENDS_CYCLE",
                    msg(
                        f"templat saling memperluas secara melingkar: {' → '.join(cycle)}",
                        f"templates extend each other in a circle: {' → '.join(cycle)}",
                    ),
                )
            ]
        if parent_id not in self.loaded:
            if parent_id in self.resolved:  # known but broken
                return None, [
                    Problem(
                        ("extends",),
                        "UNKNOWN_TEMPLATE",
                        msg(
                            f"templat `{parent_id}` mengandung kesalahan; perbaiki dulu",
                            f"template `{parent_id}` has errors; fix it first",
                        ),
                    )
                ]
            from difflib import get_close_matches

            close = get_close_matches(parent_id, sorted(self.loaded), n=1)
            hint = did_you_mean(close[0] if close else None)
            return None, [
                Problem(
                    ("extends",),
                    "UNKNOWN_TEMPLATE",
                    msg(f"tidak ada layanan `{parent_id}` di katalog", f"no service `{parent_id}` in the catalog")
                    + hint,
                )
            ]
        base = self._resolve(parent_id, stack)
        if base is None:
            return None, [
                Problem(
                    ("extends",),
                    "UNKNOWN_TEMPLATE",
                    msg(
                        f"templat `{parent_id}` mengandung kesalahan; perbaiki dulu",
                        f"template `{parent_id}` has errors; fix it first",
                    ),
                )
            ]
        return base, []

    def _cycle(self, service_id: str, parent_id: str) -> list[str]:
        """The circle of `extends` from ``service_id`` back to itself, if there is one."""
        chain = [service_id, parent_id]
        while chain[-1] in self.loaded and chain[-1] != service_id:
            following = self.loaded[chain[-1]].tree.get("extends")
            if not following or following in chain[1:]:
                return []  # the chain ends, or circles without this service: reported on those
            chain.append(following)
        return chain if chain[-1] == service_id else []

    def _report(self, loaded: Loaded, problems: list[Problem]) -> None:
        self.errors.extend(locate(loaded, problems))


# `regions/<kab/kota code>/`: the folder the repository files a region's services in (docs/catalog.md)
_REGION_FOLDER = re.compile(r"[0-9]{2}\.[0-9]{2}")


def region_folder_problems(file: str, data: Mapping[str, Any]) -> Iterator[Problem]:
    """A file under `regions/<code>/` whose `region:` names another kabupaten/kota (REGION_FOLDER_MISMATCH).

    Why `region` is the one that is right and the folder the one to move:
    nothing but this check reads the folder. Where a service is offered,
    which variant a citizen files, which admin may propose it and where `mpp
    definitions export` writes it all come from `region` (a proposal or a
    published version has no folder at all), so a file in regions/73.06/
    declaring 73.12 is Soppeng's service misfiled, and Gowa's reviewers would
    look for it in the wrong place. The remedy names both values, because
    the author may equally have copied the file and forgotten `region`.
    """
    region = data.get("region")
    folders = Path(file).parts[:-1]
    pairs = zip(folders, folders[1:], strict=False)  # each folder with the one inside it
    codes = [code for name, code in pairs if name == "regions" and _REGION_FOLDER.fullmatch(code)]
    if not codes or not isinstance(region, str) or region == codes[-1]:
        return
    folder = codes[-1]
    yield Problem(
        ("region",),
        "REGION_FOLDER_MISMATCH",
        msg(
            f'berkas ini ada di folder `regions/{folder}/` tetapi menyatakan `region: "{region}"`; `region` yang '
            f"menentukan di mana layanan ditawarkan: pindahkan berkas ke `regions/{region}/`, atau bila layanan "
            f'ini untuk {folder}, tulis `region: "{folder}"`',
            f'this file is in the folder `regions/{folder}/` but declares `region: "{region}"`; `region` decides '
            f"where the service is offered: move the file to `regions/{region}/`, or, if the service is for "
            f'{folder}, write `region: "{folder}"`',
        ),
    )


def locate(loaded: Loaded, problems: Iterable[Problem]) -> list[DefinitionError]:
    """Turn path-based problems into errors with line and column."""
    problems = list(problems)
    if not problems:
        return []
    locator = loaded.locator()
    located = []
    for problem in problems:
        line, col = locator.locate(problem.path, problem.at, problem.offset)
        message = problem.message
        if WRITTEN_OPEN in message.id:  # show the value as written, not as YAML read it
            message = fill_written(message, locator.written(problem.path))
        located.append(DefinitionError(loaded.file, line, col, problem.code, message, problem.severity, problem.path))
    return located


# --- reference data ---------------------------------------------------------------


def load_codelists(folder: Path) -> tuple[dict[str, dict[str, Any]], list[DefinitionError]]:
    """Code lists by name (`codelists/agama`) → {code: text}; a list with problems is left out."""
    lists: dict[str, dict[str, Any]] = {}
    errors: list[DefinitionError] = []
    if not folder.is_dir():
        return lists, errors
    for path in yaml_files(folder):
        loaded = load_file(path, display_name(path))
        if not loaded.ok:
            errors.extend(loaded.errors)
            continue
        errors.extend(locate(loaded, rejoin_split_texts(loaded.tree)))
        problems = list(shape_problems(loaded.tree, "codelist"))
        name = loaded.tree.get("codelist")
        if isinstance(name, str) and name != path.stem:
            problems.append(
                Problem(
                    ("codelist",),
                    "BAD_VALUE",
                    msg(
                        f"daftar kode `{name}` ada di berkas `{path.name}`; definisi "
                        f"menemukannya lewat nama berkas, jadi tulis `codelist: {path.stem}`",
                        f"the code list `{name}` is in the file `{path.name}`; definitions "
                        f"find it by the file name, so write `codelist: {path.stem}`",
                    ),
                )
            )
        errors.extend(locate(loaded, problems))
        if not problems:
            lists[f"codelists/{path.stem}"] = {str(code): text for code, text in loaded.tree["items"].items()}
    return lists, errors


def load_regencies(root: Path) -> frozenset[str] | None:
    path = root / "reference" / "wilayah.csv"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8", newline="") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle) if row.get("level") == "regency")


def _with_reference(context: CheckContext, codelists: Mapping[str, Any], root: Path | None) -> CheckContext:
    regencies = load_regencies(root) if root else None
    return replace(
        context,
        codelists=frozenset(codelists) | context.codelists,
        codelist_codes={**context.codelist_codes, **{name: frozenset(items) for name, items in codelists.items()}},
        regencies=regencies if regencies is not None else context.regencies,
    )


# --- warm start cache ---------------------------------------------------------------


_CODE = tuple(sorted(Path(__file__).parent.glob("*.py"))) + tuple(
    sorted((Path(__file__).parent.parent / "expressions").glob("*.py"))
)


def _code_stamp() -> str:
    """The checker's code files as they are on disk now (names, sizes, modification times)."""
    stamps = []
    for path in _CODE:
        stat = path.stat()
        stamps.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(stamps)


# The checker this process runs, as it was on disk when the process imported it. Why not read the files at
# each build: a server started before the code changed built the catalog with its old code and cached that
# verdict under the new code's key, and every later process read the old verdict (a valid file refused).
_LOADED_CODE = _code_stamp()


def _cache_key(files: list[Path], context: CheckContext, root: Path | None, refuse_loosening: bool = True) -> str:
    """Everything a compiled catalog depends on: the checker's code, the plugins, every file read."""
    digest = hashlib.sha256(f"{__version__}:{refuse_loosening}".encode())
    digest.update(_LOADED_CODE.encode())  # a changed checker must not serve an old verdict
    digest.update(repr(sorted((k, sorted(v.attributes)) for k, v in context.sources.items())).encode())
    digest.update(
        repr((sorted(context.providers), sorted(context.complaint_channels), sorted(context.notify_channels))).encode()
    )
    digest.update(repr((sorted(context.codelists), sorted(context.regencies or ()))).encode())
    digest.update(repr(sorted(context.issuers)).encode())
    reference = (yaml_files(root / "codelists") if root else []) + issuer_files(root)
    if root and (root / "reference" / "wilayah.csv").is_file():
        reference.append(root / "reference" / "wilayah.csv")
    for path in sorted(files) + sorted(reference):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:  # reported as FILE_UNREADABLE by the build itself
            digest.update(f"unreadable:{exc.errno}".encode())
    return digest.hexdigest()


def _read_cache(folder: Path, key: str) -> Catalog | None:
    path = folder / f"catalog-{key[:32]}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def _write_cache(folder: Path, key: str, catalog: Catalog) -> None:
    if _code_stamp() != _LOADED_CODE:  # this process runs code older than the disk's: its verdict is not shared
        log.info("the definition checker changed on disk since this process started; the cache is not written")
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("catalog-*.pickle"):
            old.unlink(missing_ok=True)
        temporary = folder / f".catalog-{key[:32]}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(folder / f"catalog-{key[:32]}.pickle")
    except (OSError, TypeError, pickle.PicklingError) as exc:
        log.warning("cannot write the definition cache in %s: %s", folder, exc)
