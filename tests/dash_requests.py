"""Callback request bodies built as the page's renderer builds them: from what GET /_dash-layout
and GET /_dash-dependencies send, each input and state with the value the layout gives it."""

from __future__ import annotations

from typing import Any

from dashboard.web.ids import PERIOD


def component_props(layout: Any) -> dict[str, dict]:
    """Each component of a layout as /_dash-layout sends it, by its (string) id: its props."""
    found: dict[str, dict] = {}
    pending = [layout]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            props = node.get("props")
            if "namespace" in node and isinstance(props, dict):
                if isinstance(props.get("id"), str):
                    found[props["id"]] = props
                pending.extend(props.values())  # children, and components passed as props
    return found


def callback_body(dependency: dict, props: dict[str, dict], changed: str) -> dict:
    """The body of a POST /_dash-update-component for one entry of /_dash-dependencies."""
    key = dependency["output"]
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
        for part in key.strip(".").split("...")
    ]

    def values(items: list[dict]) -> list[dict]:
        return [
            {
                "id": item["id"],
                "property": item["property"],
                "value": props.get(item["id"], {}).get(item["property"]),
            }
            for item in items
        ]

    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": values(dependency["inputs"]),
        "state": values(dependency.get("state", [])),
        "changedPropIds": [changed],
    }


def view_body(layout: Any, dependencies: list[dict]) -> dict:
    """The view callback's body once the period slider is narrowed to its middle third: what the
    page sends when a reader moves the slider (and what `make bench` times)."""
    props = component_props(layout)
    view = next(
        dependency
        for dependency in dependencies
        if "figure" in dependency["output"]
        and any(i["id"] == PERIOD and i["property"] == "value" for i in dependency["inputs"])
    )
    body = callback_body(view, props, f"{PERIOD}.value")
    low, high = props[PERIOD]["min"], props[PERIOD]["max"]
    for entry in body["inputs"]:
        if entry["id"] == PERIOD:
            entry["value"] = [low + (high - low) // 3, high - (high - low) // 3]
        if entry["property"] == "search" and entry["value"] is None:
            entry["value"] = ""  # the browser's location.search of a bare URL
    return body
