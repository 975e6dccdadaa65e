"""The stand-in's Workflow Builder steps (Slack's custom functions): a step started in a workflow
(`start_step`, which makes the `function_executed` event Slack sends) and its end, `functions.completeSuccess`
or `functions.completeError`, as Slack answers them. A step ends once: a second end is
`execution_not_in_running_state`; an id Slack never gave is `function_execution_not_found`; outputs that do
not match the step's `output_parameters` in manifest.json (a required one missing, an undeclared one, a value
of the wrong type) are `parameter_validation_failed`, and a violation, since Slack would drop them."""

from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sandbox.workspaces import Workspaces

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.json"
FUNCTION_METHODS = {"functions.completeSuccess", "functions.completeError"}
_IDS = {
    "slack#/types/user_id": re.compile(r"^[UW][A-Z0-9]{2,}$"),
    "slack#/types/channel_id": re.compile(r"^[CGD][A-Z0-9]{2,}$"),
    "slack#/types/date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}


def definitions(path: Path = MANIFEST) -> dict[str, dict]:
    """The steps manifest.json declares, by callback id."""
    return json.loads(path.read_text()).get("functions", {})


def output_problems(definition: dict, outputs: object) -> list[str]:
    """What Slack would refuse in a step's outputs (empty: none)."""
    if not isinstance(outputs, dict):
        return ["outputs must be an object"]
    declared = definition.get("output_parameters", {})
    properties, required = declared.get("properties", {}), declared.get("required", [])
    problems = [f"missing required output {name}" for name in required if outputs.get(name) in (None, "")]
    for name, value in outputs.items():
        if name not in properties:
            problems.append(f"undeclared output {name}")
        elif not _typed(properties[name]["type"], value):
            problems.append(f"output {name} is not a {properties[name]['type']}: {value!r}")
    return problems


def _typed(kind: str, value: object) -> bool:
    if kind in ("integer", "slack#/types/timestamp"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in _IDS:
        return isinstance(value, str) and bool(_IDS[kind].match(value))
    return isinstance(value, str)


@dataclass
class Execution:
    id: str
    callback_id: str
    team: str
    token: str  # the just-in-time token the event carries, for this execution's calls
    state: str = "running"  # then completed or failed, once
    outputs: dict = field(default_factory=dict)
    error: str | None = None


class FunctionsState(Protocol):
    """What the steps read of the stand-in's state (StandInState)."""

    executions: dict[str, Execution]
    violations: list[str]
    workspaces: Workspaces


class FunctionsStandIn:
    """Mixed into SlackStandIn, whose `state` and `_cond` it uses."""

    state: FunctionsState
    _cond: threading.Condition
    _executions = itertools.count(1)

    def start_step(
        self, callback_id: str, inputs: dict[str, Any], *, team: str, workflow: str = "Wf0CONCERTO"
    ) -> dict[str, Any]:
        """A workflow reaches one of the app's steps: the `function_executed` event Slack sends for it."""
        definition = definitions()[callback_id]  # a step the manifest does not declare never runs
        number = next(self._executions)
        execution = Execution(f"Fx{number:010d}", callback_id, team, f"xwfp-{team}-{number:08d}")
        with self._cond:
            self.state.executions[execution.id] = execution
            if team in self.state.workspaces.teams:  # installed through OAuth: its token works there
                self.state.workspaces.teams[team].tokens.add(execution.token)
        return {
            "type": "function_executed",
            "function": {
                "id": f"Fn{number:010d}",
                "callback_id": callback_id,
                "title": definition["title"],
                "type": "app",
                "input_parameters": [
                    {"name": name, **spec} for name, spec in definition["input_parameters"]["properties"].items()
                ],
                "output_parameters": [
                    {"name": name, **spec} for name, spec in definition["output_parameters"]["properties"].items()
                ],
                "app_id": "A0CONCERTO",
            },
            "inputs": inputs,
            "function_execution_id": execution.id,
            "workflow_execution_id": f"{workflow}{number:06d}",
            "event_ts": f"{1_700_000_000 + number}.000100",
            "bot_access_token": execution.token,
        }

    def execution(self, execution_id: str) -> Execution:
        with self._cond:
            return self.state.executions[execution_id]

    def _functions_completeSuccess(self, args: dict) -> dict:
        return self._end(args, "completed")

    def _functions_completeError(self, args: dict) -> dict:
        return self._end(args, "failed")

    def _end(self, args: dict, state: str) -> dict:
        outputs = args.get("outputs", {})
        if isinstance(outputs, str):  # form-encoded: a JSON string
            outputs = json.loads(outputs)
        with self._cond:
            execution = self.state.executions.get(str(args.get("function_execution_id", "")))
            if execution is None:
                return {"ok": False, "error": "function_execution_not_found"}
            if execution.state != "running":
                return {"ok": False, "error": "execution_not_in_running_state"}
            if state == "failed":
                if not str(args.get("error") or "").strip():
                    self.state.violations.append("functions.completeError: an empty error")
                    return {"ok": False, "error": "invalid_arguments"}
                execution.state, execution.error = state, str(args["error"])
                return {"ok": True}
            problems = output_problems(definitions()[execution.callback_id], outputs)
            if problems:
                self.state.violations.extend(f"functions.completeSuccess: {p}" for p in problems)
                return {"ok": False, "error": "parameter_validation_failed", "errors": problems}
            execution.state, execution.outputs = state, outputs
            return {"ok": True}
