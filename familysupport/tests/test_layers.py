"""The layers hold: read every module of the project (ast, nothing imported) and check its imports.

- The order: familysupport (the foundation) < cases < retention < contacts < monitoring <
  assistants < supportfamilies < team < institutions < familyservices < overview. A module
  imports the foundation and the apps below its own, never one above; nothing imports the
  overview. `tools/` (demo data, benchmark) is dev-only: it may import anything, and nothing but
  tools imports it.
- No cycle between apps (imports inside functions count: they are how a cycle hides).
- No import of a project module inside a function or method, except in an `AppConfig.ready()`
  (migrations are left out).
- Application code does not import the development packages (Faker, factory_boy, locust).

Tests are read but not held to these rules: a layer's tests may import what they need (the demo,
the apps above to build a whole case). Imports by string (settings, `include("cases.urls")` in
the root URLconf) are how Django composes the apps and are not imports here.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOUNDATION = "familysupport"
# From the bottom up; an app may import those before it.
LAYERS = (
    FOUNDATION,
    "cases",
    "retention",
    "contacts",
    "monitoring",
    "assistants",
    "supportfamilies",
    "team",
    "institutions",
    "familyservices",
    "overview",
)
TOP = "overview"
TOOLS = "tools"
APPS = (*LAYERS, TOOLS)
DEV_ONLY_PACKAGES = ("faker", "factory", "locust")


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the root: "cases/services.py"
    line: int
    module: str  # the imported module: "cases.selectors"
    statement: str  # as written: "from cases.selectors import families_visible_to"
    function: str | None  # the function or method it sits in (None: module level)
    in_ready: bool  # inside an AppConfig.ready()

    @property
    def app(self) -> str:
        return self.path.split("/")[0]

    @property
    def target_app(self) -> str:
        return self.module.split(".")[0]

    @property
    def where(self) -> str:
        inside = f"  (inside {self.function})" if self.function else ""
        return f"{self.path}:{self.line}  {self.statement}{inside}"


def is_test(path: str) -> bool:
    parts = path.split("/")
    return "tests" in parts[:-1] or parts[-1].startswith("test_") or parts[-1] == "conftest.py"


def is_application_code(path: str) -> bool:
    return not is_test(path) and path.split("/")[0] != TOOLS


def _package(path: str) -> list[str]:
    """The package that a module's relative imports start from: cases/views.py -> ["cases"]."""
    parts = path.removesuffix(".py").split("/")
    return parts[:-1]  # for a package's __init__.py, that is the package itself


def _is_app_config(node: ast.ClassDef) -> bool:
    return any(
        (isinstance(base, ast.Name) and base.id == "AppConfig")
        or (isinstance(base, ast.Attribute) and base.attr == "AppConfig")
        for base in node.bases
    )


def _imported_module(path: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = _package(path)
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(path: str, source: str) -> list[Import]:
    """Every import statement of the module at `path`, with the function it sits in, if any."""
    found: list[Import] = []

    def visit(node: ast.AST, names: list[str], in_function: bool, app_config: bool, in_ready: bool) -> None:
        function = ".".join(names) if in_function else None
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, [*names, child.name], in_function, _is_app_config(child), in_ready)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                own = child.name if not isinstance(child, ast.Lambda) else "<lambda>"
                ready = in_ready or (app_config and own == "ready")
                visit(child, [*names, own], True, False, ready)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    statement = f"import {alias.name}"
                    found.append(Import(path, child.lineno, alias.name, statement, function, in_ready))
            elif isinstance(child, ast.ImportFrom):
                imported = ", ".join(alias.name for alias in child.names)
                statement = f"from {'.' * child.level}{child.module or ''} import {imported}"
                module = _imported_module(path, child)
                found.append(Import(path, child.lineno, module, statement, function, in_ready))
            else:
                visit(child, names, in_function, app_config, in_ready)

    visit(ast.parse(source, filename=path), [], False, False, False)
    return found


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def __str__(self) -> str:
        return self.message


def _rank(app: str) -> int:
    return LAYERS.index(app)


def _layer_violation(imp: Import) -> str | None:
    app, target = imp.app, imp.target_app
    if app in (target, TOOLS):
        return None
    if target == TOOLS:
        return "imports tools/, which is dev-only"
    if target == TOP:
        return "imports the overview, which nothing imports"
    if _rank(target) > _rank(app):
        if app == FOUNDATION:
            return f"the foundation imports a case app ({target})"
        return f"{app} imports {target}, a layer above it"
    return None


def _cycles(edges: dict[tuple[str, str], list[Import]]) -> list[list[str]]:
    """The groups of apps that reach one another (strongly connected, more than one app)."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)

    def reachable(start: str) -> set[str]:
        seen, stack = set(), [start]
        while stack:
            for following in graph.get(stack.pop(), ()):
                if following not in seen:
                    seen.add(following)
                    stack.append(following)
        return seen

    reach = {app: reachable(app) for app in graph}
    groups: list[list[str]] = []
    for app in sorted(graph):
        group = sorted(other for other in reach[app] if app in reach.get(other, ()))
        if len(group) > 1 and group not in groups:
            groups.append(group)
    return groups


def check(sources: dict[str, str]) -> list[Violation]:
    """The violations of the rules above in `sources` (path relative to the root -> source)."""
    violations: list[Violation] = []
    edges: dict[tuple[str, str], list[Import]] = {}
    for path in sorted(sources):
        if "migrations" in path.split("/"):
            continue  # Django writes them; they may import what the schema needs, where it needs
        for imp in imports_of(path, sources[path]):
            if is_test(imp.path):
                continue
            top = imp.module.split(".")[0]
            if top in DEV_ONLY_PACKAGES and is_application_code(imp.path):
                violations.append(
                    Violation(
                        "dev-only", f"{imp.where}\n    application code imports {top}, a development package"
                    )
                )
            if top not in APPS:
                continue
            reason = _layer_violation(imp)
            if reason:
                violations.append(Violation("layers", f"{imp.where}\n    {reason}"))
            if imp.function and not imp.in_ready:
                violations.append(
                    Violation(
                        "function-import", f"{imp.where}\n    a project module imported inside a function"
                    )
                )
            if imp.app != imp.target_app:
                edges.setdefault((imp.app, imp.target_app), []).append(imp)
    for group in _cycles(edges):
        # With the apps in order, every cycle has an import of an app above: those close it.
        lines = [f"cycle between the apps {', '.join(group)}, closed by the imports upwards:"]
        for (source, target), found in sorted(edges.items()):
            if source in group and target in group and APPS.index(target) > APPS.index(source):
                lines.append(f"  {source} -> {target}:")
                lines += [f"    {imp.where}" for imp in found[:3]]
                if len(found) > 3:
                    lines.append(f"    ... and {len(found) - 3} more")
        violations.append(Violation("cycles", "\n".join(lines)))
    return violations


def project_sources() -> dict[str, str]:
    sources = {}
    for app in APPS:
        for file in sorted((ROOT / app).rglob("*.py")):
            sources[file.relative_to(ROOT).as_posix()] = file.read_text(encoding="utf-8")
    return sources


@pytest.fixture(scope="module")
def project_violations() -> list[Violation]:
    return check(project_sources())


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param("layers", id="no-import-of-a-layer-above"),
        pytest.param("cycles", id="no-cycle-between-apps"),
        pytest.param("function-import", id="no-import-inside-a-function"),
        pytest.param("dev-only", id="no-development-package-in-application-code"),
    ],
)
def test_the_layers_hold(project_violations, rule):
    found = [str(violation) for violation in project_violations if violation.rule == rule]
    assert not found, f"{len(found)} violation(s):\n" + "\n".join(found)


def test_the_walk_reads_every_app():
    apps = {path.split("/")[0] for path in project_sources()}
    assert apps == set(APPS)


# The checker itself, on made-up modules: it must catch what it is there to catch.


def test_checker_reports_a_cycle_between_apps():
    violations = check(
        {
            "cases/services.py": "from assistants.models import Assistant\n",
            "assistants/services.py": "from cases.models import Family\n",
        }
    )
    cycles = [violation.message for violation in violations if violation.rule == "cycles"]
    assert len(cycles) == 1
    assert "assistants, cases" in cycles[0]
    assert (
        "cases -> assistants:\n    cases/services.py:1  from assistants.models import Assistant" in cycles[0]
    )
    assert "assistants -> cases" not in cycles[0]  # the import downwards is as it should be


def test_checker_reports_a_cycle_hidden_in_a_function():
    violations = check(
        {
            "cases/services.py": "def f():\n    from assistants import services\n",
            "assistants/services.py": "from cases import services\n",
        }
    )
    assert sorted({violation.rule for violation in violations}) == ["cycles", "function-import", "layers"]


def test_checker_reports_an_import_inside_a_function():
    violations = check(
        {
            "assistants/services.py": (
                "import datetime\n\n"
                "class Service:\n"
                "    def run(self):\n"
                "        import json\n"
                "        from cases.services import family_archive\n"
            ),
        }
    )
    assert [violation.rule for violation in violations] == ["function-import"]
    assert violations[0].message.startswith(
        "assistants/services.py:6  from cases.services import family_archive  (inside Service.run)"
    )


def test_checker_reports_the_foundation_importing_a_case_app():
    violations = check({"familysupport/access.py": "from cases.selectors import families_visible_to\n"})
    assert [violation.rule for violation in violations] == ["layers"]
    assert "the foundation imports a case app (cases)" in violations[0].message
    assert (
        "familysupport/access.py:1  from cases.selectors import families_visible_to" in violations[0].message
    )


def test_checker_reports_imports_of_the_overview_and_of_tools():
    violations = check(
        {
            "supportfamilies/views.py": "import overview.dashboard\n",
            "cases/services.py": "from tools.demo import seed\n",
        }
    )
    messages = sorted(violation.message for violation in violations)
    assert len(messages) == 2
    assert "imports tools/, which is dev-only" in messages[0]
    assert "imports the overview, which nothing imports" in messages[1]


def test_checker_reads_relative_imports():
    violations = check(
        {
            "cases/views.py": "from .forms import Form\n\ndef view():\n    from .selectors import families\n",
            "familysupport/deadlines/__init__.py": "from .. import policies\n",
        }
    )
    assert [violation.message.split("\n")[0] for violation in violations] == [
        "cases/views.py:4  from .selectors import families  (inside view)"
    ]
    assert imports_of("familysupport/deadlines/__init__.py", "from .. import policies\n")[0].module == (
        "familysupport"
    )
    assert imports_of("cases/views.py", "from .selectors import x\n")[0].module == "cases.selectors"


def test_checker_reports_development_packages_in_application_code():
    violations = check(
        {
            "cases/models.py": "import faker\n",
            "overview/views.py": "from locust import HttpUser\n",
            "tools/demo/__init__.py": "from faker import Faker\n",
            "cases/tests/factories.py": "import factory\n",
        }
    )
    assert [(violation.rule, violation.message.split(":")[0]) for violation in violations] == [
        ("dev-only", "cases/models.py"),
        ("dev-only", "overview/views.py"),
    ]


def test_checker_accepts_the_allowed_imports():
    sources = {
        "cases/apps.py": (
            "from django.apps import AppConfig\n\n"
            "class CasesConfig(AppConfig):\n"
            "    def ready(self):\n"
            "        from cases import deadlines\n"
        ),
        "assistants/services.py": "from cases.services import archive\nfrom familysupport import audit\n",
        "overview/dashboard.py": "from supportfamilies.selectors import contracts\n",
        "tools/demo/__init__.py": "from overview import dashboard\nfrom cases import services\n",
        "familysupport/tests/test_x.py": "def test_it():\n    from overview import dashboard\n",
        "familysupport/migrations/0001_initial.py": "def forwards():\n    from cases import models\n",
    }
    assert check(sources) == []
