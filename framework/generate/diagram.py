"""The approval workflow of each service as a Mermaid flowchart.

`submitted` → one box per step (title, officer role, SLA) → `approved` →
`issued`, with the `return` and `reject` branches and the automatic
`on_deadline` edges drawn dashed. Labels carry both languages, so one
diagram serves both published standards. Written to
``services/<id>/workflow.mmd``; GitHub and most editors render it.
"""

from __future__ import annotations

from framework.definition import Catalog
from framework.definition.model import ServiceSpec, StepSpec
from framework.generate.standard import DEADLINE_LABELS

# terminal or shared state: (Bahasa Indonesia, English, Mermaid shape)
STATES: dict[str, tuple[str, str, str]] = {
    "submitted": ("Diajukan", "Submitted", "([{}])"),
    "returned": ("Dikembalikan ke pemohon", "Returned to the applicant", "[/{}/]"),
    "approved": ("Disetujui", "Approved", "([{}])"),
    "issued": ("Diterbitkan oleh penyedia", "Issued by the provider", "[[{}]]"),
    "rejected": ("Ditolak", "Rejected", "([{}])"),
}

ACTION_LABELS: dict[str, str] = {
    "approve": "setuju / approve",
    "return": "kembalikan / return",
    "reject": "tolak / reject",
}

_ACTION_TARGET = {"return": "returned", "reject": "rejected"}


def _quote(text: str) -> str:
    """Mermaid label text: double quotes are written as an entity."""
    return '"' + text.replace('"', "#quot;") + '"'


def _node(node_id: str, text: str, shape: str) -> str:
    return f"    {node_id}{shape.format(_quote(text))}"


def _step_node(step: StepSpec) -> str:
    text = f"{step.title.id} / {step.title.en or step.title.id}<br/>{step.role} · SLA {step.sla}"
    return _node(f"step_{step.id}", text, "[{}]")


def _step_edges(step: StepSpec, following: str) -> list[str]:
    edges = []
    for action in step.actions:
        target = following if action == "approve" else _ACTION_TARGET[action]
        edges.append(f"    step_{step.id} -->|{ACTION_LABELS[action]}| {target}")
    if step.on_deadline in ("approve", "reject"):
        target = following if step.on_deadline == "approve" else "rejected"
        deadline_id, deadline_en = DEADLINE_LABELS[step.on_deadline]
        edges.append(
            f"    step_{step.id} "
            f"-.->|{_quote(f'lewat {step.sla}: {deadline_id} / after {step.sla}: {deadline_en}')}| {target}"
        )
    return edges


def workflow_diagram(spec: ServiceSpec) -> str:
    """Mermaid source of the approval workflow of ``spec``."""
    lines = ["flowchart TD"]
    lines += [_node(state, f"{text_id} / {text_en}", shape) for state, (text_id, text_en, shape) in STATES.items()]
    lines += [_step_node(step) for step in spec.steps]
    first = f"step_{spec.steps[0].id}" if spec.steps else "approved"
    lines.append(f"    submitted --> {first}")
    for number, step in enumerate(spec.steps):
        following = f"step_{spec.steps[number + 1].id}" if number + 1 < len(spec.steps) else "approved"
        lines += _step_edges(step, following)
    lines.append(f"    returned -->|diajukan ulang / resubmitted| {first}")
    lines.append(f"    approved -->|{spec.provider}| issued")
    return "\n".join(lines) + "\n"


def workflow_diagrams(catalog: Catalog) -> dict[str, str]:
    """Generator: ``services/<id>/workflow.mmd`` for every offered service."""
    return {f"services/{spec.id}/workflow.mmd": workflow_diagram(spec) for spec in catalog.offered()}
