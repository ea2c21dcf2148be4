"""Cases sits under the other case apps: it imports none of them, and none imports to dodge a cycle."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ABOVE_CASES = {
    "contacts",
    "monitoring",
    "assistants",
    "supportfamilies",
    "institutions",
    "familyservices",
    "overview",
    "tools",
}
CASE_APPS = (
    "cases",
    "contacts",
    "monitoring",
    "assistants",
    "supportfamilies",
    "institutions",
    "familyservices",
)


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not {"tests", "migrations"} & set(relative.parts):
            yield relative, ast.parse(path.read_text())


def imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0:
        return [node.module]
    return []


def test_cases_imports_no_app_above_it():
    found = [
        f"{relative}:{node.lineno} {name}"
        for relative, tree in modules("cases")
        for node in ast.walk(tree)
        for name in imported(node)
        if name.split(".")[0] in ABOVE_CASES
    ]
    assert found == []


def test_no_import_inside_a_function_but_in_ready():
    """Django runs an app's ready() once its models are loaded: the one place for a late import."""
    found = []
    for app in CASE_APPS:
        for relative, tree in modules(app):
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                if relative.name == "apps.py" and function.name == "ready":
                    continue
                found += [f"{relative}:{node.lineno}" for node in ast.walk(function) if imported(node)]
    assert found == []
