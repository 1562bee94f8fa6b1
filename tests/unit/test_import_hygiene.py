"""The walls between layers, checked in a fresh interpreter by what lands in sys.modules.

The store, domain and transfer code never pull in textual; the app, its screens
and widgets and the command line never pull in SQLModel/SQLAlchemy at import
time, so the first frame doesn't wait for them.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import netjournal


def modules_under(*packages: str) -> list[str]:
    found = []
    for package in packages:
        found.append(f"netjournal.{package}")
        path = [str(p) for p in netjournal.__path__]
        sub = [f"{path[0]}/{package}"]
        found += [f"netjournal.{package}.{m.name}" for m in pkgutil.iter_modules(sub) if not m.ispkg]
    return sorted(found)


def loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


CORE = [*modules_under("store", "domain", "transfer"), "netjournal.errors"]
FRONT = [
    "netjournal.app",
    "netjournal.cli",
    "netjournal.runner",
    "netjournal.commands",
    *modules_under("screens", "widgets"),
]


def test_the_module_lists_are_real():
    assert {"netjournal.store.queries", "netjournal.store.engine", "netjournal.domain.dates"} <= set(CORE)
    assert {"netjournal.app", "netjournal.runner", "netjournal.screens.events"} <= set(FRONT)


def test_core_never_imports_textual():
    loaded = loaded_after_import(CORE)
    assert "sqlmodel" in loaded  # the store really was imported
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_domain_never_imports_the_database():
    loaded = loaded_after_import(modules_under("domain"))
    assert "netjournal" in loaded
    assert not {"textual", "sqlmodel", "sqlalchemy"} & loaded


@pytest.mark.parametrize("module", ["netjournal.app", "netjournal.cli", "netjournal.runner"])
def test_start_up_does_not_wait_for_the_database_layer(module):
    loaded = loaded_after_import([module])
    assert not {"sqlmodel", "sqlalchemy"} & loaded


def test_no_screen_or_widget_imports_the_database_layer():
    loaded = loaded_after_import(FRONT)
    assert "textual" in loaded  # the screens really were imported
    assert not {"sqlmodel", "sqlalchemy"} & loaded


def test_the_cli_does_not_import_textual_just_to_parse_arguments():
    loaded = loaded_after_import(["netjournal.cli"])
    assert "textual" not in loaded
