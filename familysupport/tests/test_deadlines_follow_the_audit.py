"""The stored deadlines are written by `audit.record` (familysupport.deadlines.refresh), so they see
a service's step only if the service writes nothing after its audit record. Read every service
(ast, nothing imported): after its last audit record, no save, update, create or delete; and
every audit record of a service names its family (`refresh` stores that family's rows)."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# What writes a row: model and queryset methods, and the transition helper (it saves).
WRITES = {
    "save",
    "update",
    "create",
    "bulk_create",
    "bulk_update",
    "delete",
    "get_or_create",
    "update_or_create",
}
WRITE_FUNCTIONS = {"move"}
RECORDS = {"record", "save_changes"}
# Writes after the record that no deadline reads, each with the reason.
ALLOWED = {
    ("assistants/services/plans.py", "work_plan_save"): "the plan's goals, saved with the plan's version",
    ("assistants/services/plans.py", "plan_goal_update"): "a goal of the plan, saved with the plan's version",
    (
        "assistants/services/plans.py",
        "plan_goal_remove",
    ): "a goal of the plan, removed with the plan's version",
    ("familysupport/services.py", "two_factor_remove"): "a user's authenticator device, no family's",
}


def service_modules() -> list[Path]:
    found = [*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py")]
    return sorted(path for path in found if ".venv" not in path.parts and path.name != "__init__.py")


def _called(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return ""


def writes_after_the_last_record(function: ast.FunctionDef) -> list[int]:
    """Lines of `function` that write after its last audit record (none when it records nothing)."""
    calls = sorted(
        (node for node in ast.walk(function) if isinstance(node, ast.Call)),
        key=lambda n: (n.lineno, n.col_offset),
    )
    records = [call.lineno for call in calls if _called(call) in RECORDS]
    if not records:
        return []
    return [
        call.lineno
        for call in calls
        if call.lineno > max(records) and (_called(call) in WRITES or _called(call) in WRITE_FUNCTIONS)
    ]


def test_there_are_services_to_read():
    assert len(service_modules()) >= 6


def test_every_service_writes_its_audit_record_after_its_last_write():
    late = []
    for path in service_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and (str(path.relative_to(ROOT)), node.name) not in ALLOWED:
                late += [
                    f"{path.relative_to(ROOT)}:{line} ({node.name})"
                    for line in writes_after_the_last_record(node)
                ]
    assert late == []


# The services whose audit records name no family: none of them changes what a deadline reads.
NO_FAMILY = {
    ("assistants/services/lifecycle.py", "assistant_profile_update"),  # an assistant's cap
    ("familysupport/services.py", "two_factor_setup_start"),
    ("familysupport/services.py", "two_factor_confirm"),
    ("familysupport/services.py", "two_factor_remove"),
    ("familysupport/services.py", "two_factor_verify"),
    ("retention/services.py", "disposal_propose"),  # a protocol; the families keep their dates
    ("retention/services.py", "protocol_approve"),
    ("retention/services.py", "protocol_carry_out"),
    # The centre's directory of institutions: no family's data.
    ("institutions/services.py", "institution_add"),
    ("institutions/services.py", "institution_update"),
    ("institutions/services.py", "institution_deactivate"),
}


def test_every_service_names_the_family_its_audit_record_is_about():
    unnamed = []
    for path in service_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or (str(path.relative_to(ROOT)), node.name) in NO_FAMILY:
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _called(call) in RECORDS:
                    named = {keyword.arg for keyword in call.keywords}
                    if "family_id" not in named and None not in named:  # None: **details passed on
                        unnamed.append(f"{path.relative_to(ROOT)}:{call.lineno} ({node.name})")
    assert unnamed == []
