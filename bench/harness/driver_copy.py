"""The driver baseline: per declaration, a copy of every row one API registration left,
written straight through psycopg / sqlite3.

The rows copied: the declaration, the rows of each table with a foreign key to it (items,
status changes, tax assessment, risk decision, ...), one level further (assessment lines),
and the outbox events about any of them. Outbox events name their row as (table name
without the final "s", id): ("declaration", 12), ("risk_decision", 7).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.types.json import Json

import smartcustoms.models  # noqa: F401  every table on Base.metadata, for the driver's copy
from harness.cpu import CpuWatch
from harness.measure import Run, Tickets, stop_if_interrupted
from harness.setup import connect
from smartcustoms.db import Base
from smartcustoms.declarations.rules import declaration_number


@dataclass
class Rows:
    """Rows of one table written by one registration, to be copied for each new one."""

    table: str
    columns: list[str]  # every column but the "id" the database assigns
    values: list[list[Any]]  # one list per row, in column order
    ids: list[int]  # the rows' own ids, to re-point children and outbox events
    parent: str | None = None  # the column pointing at the parent row
    parent_table: str = ""
    # Other columns pointing at the parent's table (payment_obligations names the
    # declaration twice: chain_id and declaration_id), re-pointed the same way.
    also_parent: list[str] = field(default_factory=list)
    children: list[Rows] = field(default_factory=list)
    needs_ids: bool = False  # other copied rows point at these: insert one by one

    def insert_sql(self, *, returning: bool) -> str:
        marks = ", ".join(["%s"] * len(self.columns))
        sql = f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks})"
        return sql + (" RETURNING id" if returning else "")


@dataclass
class Template:
    declaration: Rows
    tables: list[Rows]  # the tables pointing at the declaration, with their own children
    events: Rows
    number: str
    direction: str

    @property
    def row_count(self) -> int:
        def count(rows: Rows) -> int:
            return len(rows.values) + sum(count(child) for child in rows.children)

        return 1 + sum(count(rows) for rows in self.tables) + len(self.events.values)


class Cursor:
    """One interface over psycopg and sqlite3 cursors, with %s placeholders."""

    def __init__(self, conn: Any, backend: str) -> None:
        self.cursor, self.sqlite = conn.cursor(), backend == "sqlite"

    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self.sqlite else sql

    def _row(self, values: list[Any]) -> list[Any]:
        # psycopg returns json columns as Python objects; they go back wrapped.
        if self.sqlite:
            return values
        return [Json(v) if isinstance(v, dict | list) else v for v in values]

    def all(self, sql: str, params: list[Any]) -> list[list[Any]]:
        self.cursor.execute(self._sql(sql), params)
        return [list(row) for row in self.cursor.fetchall()]

    def one(self, sql: str, params: list[Any]) -> list[Any]:
        return self.all(sql, params)[0]

    def run(self, sql: str, values: list[Any]) -> None:
        self.cursor.execute(self._sql(sql), self._row(values))

    def insert_returning(self, sql: str, values: list[Any]) -> int:
        self.cursor.execute(self._sql(sql), self._row(values))
        return int(self.cursor.fetchone()[0])

    def insert_many(self, sql: str, rows: list[list[Any]]) -> None:
        self.cursor.executemany(self._sql(sql), [self._row(r) for r in rows])


def read_rows(cur: Cursor, table: Any, where: str, keys: list[Any]) -> Rows:
    columns = [c.name for c in table.columns if c.name != "id"]
    marks = ", ".join(["%s"] * len(keys))
    found = cur.all(
        f"SELECT id, {', '.join(columns)} FROM {table.name} WHERE {where} IN ({marks}) ORDER BY id",
        keys,
    )
    return Rows(table.name, columns, [row[1:] for row in found], [row[0] for row in found])


def read_template(backend: str, url: str) -> Template:
    """The rows of the last declaration registered through the API."""
    metadata = Base.metadata
    conn = connect(backend, url)
    try:
        cur = Cursor(conn, backend)
        declaration_id, number, direction = cur.one(
            "SELECT id, number, direction FROM declarations"
            " WHERE status IN ('registered', 'cleared')"
            " ORDER BY id DESC LIMIT 1",
            [],
        )
        declaration = read_rows(cur, metadata.tables["declarations"], "id", [declaration_id])
        declaration.values[0][declaration.columns.index("number")] = None  # taken last
        declaration.needs_ids = True
        tables: list[Rows] = []
        for level, parents in ((1, [declaration]), (2, None)):
            for parent in parents if parents is not None else list(tables):
                for table in metadata.sorted_tables:
                    if table.name in {parent.table, *(r.table for r in tables)}:
                        continue
                    pointing = sorted(
                        fk.parent.name
                        for fk in table.foreign_keys
                        if fk.column.table.name == parent.table
                    )
                    for column in pointing:
                        rows = read_rows(cur, table, column, parent.ids)
                        if not rows.values:
                            continue
                        rows.parent, rows.parent_table = column, parent.table
                        rows.also_parent = [c for c in pointing if c != column]
                        parent.needs_ids = True
                        (tables if level == 1 else parent.children).append(rows)
                        break  # read once, by the first column that finds them
        copied = {(r.table, i) for r in [declaration, *tables] for i in r.ids} | {
            (c.table, i) for r in tables for c in r.children for i in c.ids
        }
        about = sorted({str(i) for _, i in copied})
        events = read_rows(cur, metadata.tables["outbox_events"], "aggregate_id", about)
        kind, key = events.columns.index("aggregate_type"), events.columns.index("aggregate_id")
        keep = [
            (values, i)
            for values, i in zip(events.values, events.ids, strict=True)
            if (values[kind] + "s", int(values[key]) if values[key].isdigit() else -1) in copied
        ]
        events.values, events.ids = [v for v, _ in keep], [i for _, i in keep]
        for rows in [declaration, *tables, *(c for r in tables for c in r.children)]:
            rows.needs_ids = rows.needs_ids or any(
                (v[kind] + "s") == rows.table for v in events.values
            )
        return Template(declaration, tables, events, str(number), str(direction))
    finally:
        conn.close()


def copy_registration(cur: Cursor, template: Template) -> None:
    """One declaration's rows in the order registration writes them, the number last (as in
    the service)."""
    new_ids: dict[tuple[str, int], int] = {}

    def insert(rows: Rows) -> None:
        parent = rows.columns.index(rows.parent) if rows.parent else -1
        values = [list(v) for v in rows.values]
        if parent >= 0:
            others = [rows.columns.index(c) for c in rows.also_parent]
            for row in values:
                row[parent] = new_ids[(rows.parent_table, row[parent])]
                for other in others:
                    if (rows.parent_table, row[other]) in new_ids:
                        row[other] = new_ids[(rows.parent_table, row[other])]
        if rows.needs_ids:
            sql = rows.insert_sql(returning=True)
            for row, old in zip(values, rows.ids, strict=True):
                new_ids[(rows.table, old)] = cur.insert_returning(sql, row)
        else:
            cur.insert_many(rows.insert_sql(returning=False), values)
        for child in rows.children:
            insert(child)

    insert(template.declaration)
    for rows in template.tables:
        insert(rows)
    if cur.sqlite:  # as smartcustoms.declarations.repository.next_number does
        sequence = cur.one(
            "UPDATE number_sequences SET value = value + 1 WHERE name = %s RETURNING value",
            [f"declaration-{template.direction}"],
        )[0]
    else:
        sequence = cur.one(f"SELECT nextval('declaration_number_{template.direction}')", [])[0]
    number = declaration_number(direction=template.direction, sequence=int(sequence))
    events = template.events
    kind, key = events.columns.index("aggregate_type"), events.columns.index("aggregate_id")
    payload = events.columns.index("payload")
    event_rows: list[list[Any]] = []
    for values in events.values:
        row = list(values)
        row[key] = str(new_ids[(row[kind] + "s", int(row[key]))])
        row[payload] = renumbered(row[payload], template.number, number)
        event_rows.append(row)
    cur.insert_many(events.insert_sql(returning=False), event_rows)
    declaration_id = new_ids[("declarations", template.declaration.ids[0])]
    cur.run("UPDATE declarations SET number = %s WHERE id = %s", [number, declaration_id])


def renumbered(payload: Any, old: str, new: str) -> Any:
    """An event payload with the template's declaration number replaced by the new one."""
    data = json.loads(payload) if isinstance(payload, str) else payload
    if isinstance(data, dict) and data.get("number") == old:
        data = {**data, "number": new}
    return json.dumps(data) if isinstance(payload, str) else data


def driver_client(
    backend: str, conn: Any, template: Template, work: Tickets, run: Run, lock: threading.Lock
) -> None:
    while work.take() is not None:
        started = time.perf_counter()
        try:
            if backend == "sqlite":
                conn.execute("BEGIN IMMEDIATE")  # as the application's engine does
                try:
                    copy_registration(Cursor(conn, backend), template)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            else:
                with conn.transaction():
                    copy_registration(Cursor(conn, backend), template)
        except (sqlite3.Error, psycopg.Error) as error:
            with lock:
                run.fail(f"driver {type(error).__name__}", repr(error))
            continue
        with lock:
            run.done += 1
            run.latencies.append(time.perf_counter() - started)


def through_driver(
    backend: str, url: str, template: Template, *, n: int, clients: int, seconds: float
) -> Run:
    run = Run()
    work, lock = Tickets(0, n, seconds), threading.Lock()
    # Connections first, so the CPU watch sees their PostgreSQL server processes.
    conns = [connect(backend, url) for _ in range(clients)]
    watch = CpuWatch(0, url)
    try:
        threads = [
            threading.Thread(target=driver_client, args=(backend, conn, template, work, run, lock))
            for conn in conns
        ]
        with watch:
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            run.seconds = time.perf_counter() - started
    finally:
        for conn in conns:
            conn.close()
    run.cpu = watch
    stop_if_interrupted()
    return run
