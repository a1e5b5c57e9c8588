"""The approval workflow compiled from a service's `steps`, and its SLA calendar.

Pure: no database here. `framework.services.applications` applies the rules to stored
applications; `framework.services.deadlines` runs the deadline auto-actions.
"""

from __future__ import annotations

from framework.workflow.machine import FINAL_STATES, Move, Workflow, compile_workflow

__all__ = ["FINAL_STATES", "Move", "Workflow", "compile_workflow"]
