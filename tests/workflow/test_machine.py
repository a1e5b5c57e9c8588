"""The rule book compiled from steps: (state, action) → target and role."""

from __future__ import annotations

from framework.workflow import compile_workflow
from framework.workflow.machine import CITIZEN, SYSTEM


def test_states_follow_the_steps(spec):
    assert spec.states == (
        "draft",
        "submitted",
        "verifikasi",
        "keputusan",
        "returned",
        "approved",
        "issued",
        "rejected",
        "withdrawn",
    )


def test_every_move_of_the_test_service(spec):
    flow = compile_workflow(spec)
    table = {(m.state, m.action, m.target, m.role) for m in flow.moves.values()}
    assert table == {
        ("verifikasi", "approve", "keputusan", "operator_dpmptsp"),
        ("verifikasi", "return", "returned", "operator_dpmptsp"),
        ("verifikasi", "reject", "rejected", "operator_dpmptsp"),
        ("verifikasi", "withdraw", "withdrawn", CITIZEN),
        ("keputusan", "approve", "approved", "kadis"),
        ("keputusan", "reject", "rejected", "kadis"),
        ("keputusan", "approve", "approved", SYSTEM),  # on_deadline: approve
        ("keputusan", "withdraw", "withdrawn", CITIZEN),
        ("returned", "withdraw", "withdrawn", CITIZEN),
        ("returned", "resubmit", "", CITIZEN),
        ("approved", "issue", "issued", SYSTEM),
    }
    assert flow.first_state == "verifikasi"
    assert flow.move("keputusan", "return") is None  # not in that step's actions
