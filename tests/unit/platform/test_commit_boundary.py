"""A request commits in one place (deps.get_session), a command in another (db.transaction):
routes, pages and services only flush."""

from __future__ import annotations

import ast
from pathlib import Path

import smartcustoms

SOURCE = Path(smartcustoms.__file__).parent
# The units of work: the request's (deps.get_session) and the command line's (db.transaction).
UNITS_OF_WORK = {"deps.py", "db/engine.py"}


def _commits(path: Path) -> list[int]:
    """Lines that call or pass on a `.commit` (session.commit(), run(session.commit))."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "commit"
    ]


def test_no_route_page_or_service_commits() -> None:
    committers = [
        f"{path.relative_to(SOURCE)}:{line}"
        for path in sorted(SOURCE.rglob("*.py"))
        if str(path.relative_to(SOURCE)) not in UNITS_OF_WORK
        for line in _commits(path)
    ]
    assert committers == [], (
        "flush() only: the request's unit of work (deps.get_session) commits once the route "
        "or page has returned, a command's (db.transaction) once it is done"
    )


def test_the_scan_sees_a_commit_however_it_is_written(tmp_path: Path) -> None:
    module = tmp_path / "route.py"
    module.write_text(
        "def create(session):\n"
        "    session.commit()\n"
        "def other(page, run):\n"
        "    page.session.commit()\n"
        "    run(page.session.commit)\n"
        "# session.commit() in a comment is not a call\n"
    )
    assert _commits(module) == [2, 4, 5]
