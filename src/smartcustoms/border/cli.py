"""`smartcustoms simulate border`: a day at a land border gate, with and without slot
booking, on a scratch SQLite database through the real services."""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from smartcustoms.border import service
from smartcustoms.border.rules.simulation import (
    DayFigures,
    Passage,
    figures_of,
    plan_day,
    serve,
    slot_capacity,
)
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.kit.clock import VIETNAM

simulate_app = typer.Typer(help="Simulations through the real services.", no_args_is_help=True)

COMMIT_EVERY = 200
GATE = "SIM-LAND-1"


def _scratch(
    workdir: Path, lanes: int, mean_minutes: float, at: datetime
) -> tuple[Settings, service.DaySetup]:
    """A migrated SQLite database with the reference lists, the sample tariff, the demo people,
    a land gate of `lanes` lanes and its machine account."""
    from smartcustoms.declarations import service as declarations
    from smartcustoms.demo import DEMO_PASSWORD, demo_import, seed
    from smartcustoms.identity import service as identity
    from smartcustoms.identity.rules import Role
    from smartcustoms.migrate import upgrade
    from smartcustoms.reference.service import get_catalog, load_reference
    from smartcustoms.registration import build_registration
    from smartcustoms.risk import service as risk
    from smartcustoms.tariff.importer import SAMPLE_DIR
    from smartcustoms.tariff.service import import_directory

    url = f"sqlite:///{workdir / 'border-simulation.db'}"
    settings = Settings(database_url=url, var_dir=workdir / "var", secret_key="simulation-" * 4)
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        load_reference(session)
        import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=at)
        seed(session, at=at)
        machine = identity.create_user(
            session,
            username="gate.sim-land-1",
            password=DEMO_PASSWORD,
            full_name="Simulated gate system",
            role=Role.GATE_SYSTEM,
            organisation_id=None,
            at=at,
        )
        admin = identity.find_user(session, username="admin")
        son = identity.find_user(session, username="son")
        lan = identity.find_user(session, username="lan")
        assert admin is not None
        assert son is not None
        assert lan is not None
        # Selectivity as configured, but no random sample and no new-trader points: every
        # simulated load is cleared as it registers (the gate, not customs, is simulated).
        risk.set_policy(
            session,
            actor=identity.actor_for(session, user_id=son.id),
            values={"random_rate": 0.0, "aeo_random_rate": 0.0, "new_trader_points": 0.0},
            at=at,
        )
        service.register_gate(
            session,
            actor=identity.actor_for(session, user_id=admin.id),
            gate=service.GateInput(
                code=GATE,
                name="Simulated land border gate",
                office_code="03CC",
                kind="land",
                lanes=lanes,
                slot_minutes=30,
                capacity=slot_capacity(30, mean_minutes),
                machine_username=machine.username,
            ),
            at=at,
        )
        carrier = identity.actor_for(session, user_id=lan.id)
        machine_actor = identity.actor_for(session, user_id=machine.id)
    assert carrier.organisation_id is not None
    enterprise_id = carrier.organisation_id
    registration = build_registration(settings)

    def declare(session: Session, bill: str, at: datetime) -> None:
        today = at.astimezone(VIETNAM).date()
        content = demo_import(
            today=today,
            type_code="B11",
            country_of_export="VN",
            country_of_destination="CN",
            port_of_loading="VNHPH",
            port_of_discharge="CNSZX",
            departure_date=today + timedelta(days=1),
            arrival_date=None,
            transport_document=bill,
            invoice_number=f"INV-{bill}",
        )
        declarations.file_and_submit(
            session,
            actor=carrier,
            enterprise_id=enterprise_id,
            content=replace(content),
            setup=registration,
            at=at,
        )

    tax_code = carrier.tax_code_of(enterprise_id) or ""
    return settings, service.DaySetup(
        carrier=carrier,
        consignee_tax_code=tax_code,
        machine=machine_actor,
        gate_code=GATE,
        office_code="03CC",
        models_dir=service.models_dir(settings.var_dir),
        declare=declare,
    )


def _run(
    settings: Settings, setup: service.DaySetup, passages: list[Passage], *, booking: bool
) -> tuple[Counter[str], Counter[str], int]:
    factory = make_session_factory(make_engine(settings.database_url))
    trucks = [p.truck for p in passages]
    for start in range(0, len(trucks), COMMIT_EVERY):
        with transaction(factory) as session:
            for truck in trucks[start : start + COMMIT_EVERY]:
                service.prepare_truck(session, setup, truck, booking=booking)
    arrivals: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    allowed = 0
    events = service.events_of(passages)
    for start in range(0, len(events), COMMIT_EVERY):
        with transaction(factory) as session:
            for at, out, plate in events[start : start + COMMIT_EVERY]:
                answer = service.report(session, setup, at=at, out=out, plate=plate)
                if answer.arrival is not None:
                    arrivals[answer.arrival] += 1
                elif answer.refused is not None:
                    refused[answer.refused] += 1
                else:
                    allowed += 1
    return arrivals, refused, allowed


def _print(label: str, figures: DayFigures) -> None:
    typer.echo(
        f"{label:<22} wait mean {figures.mean_wait:6.1f} min  p90 {figures.p90_wait:6.1f}  "
        f"max {figures.max_wait:6.1f}  turn p90 {figures.p90_turn:6.1f}  "
        f"over 90 min {100 * figures.over_90:5.1f} %  longest queue {figures.max_queue}"
    )


def _chart(path: Path, trucks: int, lanes: int, days: dict[str, DayFigures]) -> None:
    import plotly.graph_objects as go  # a dependency already (the tariff's roadmap chart)

    hours = [f"{h:02d}:00" for h in range(24)]
    figure = go.Figure()
    first = next(iter(days.values()))
    figure.add_bar(x=hours, y=first.arrivals_by_hour, name="arrivals without booking", opacity=0.3)
    for label, figures in days.items():
        figure.add_scatter(x=hours, y=figures.queue_by_hour, name=f"longest queue, {label}")
    figure.update_layout(
        title=f"{trucks} trucks a day, {lanes} lanes: queue by hour (Vietnam time)",
        xaxis_title="hour",
        yaxis_title="trucks",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.write_html(str(path), include_plotlyjs=True)


@simulate_app.command("border")
def simulate_border(
    trucks: Annotated[int, typer.Option(min=1, max=50_000, help="Trucks in the day")] = 1350,
    lanes: Annotated[int, typer.Option(min=1, max=50, help="Gate lanes")] = 4,
    service_minutes: Annotated[float, typer.Option(min=0.5, max=30)] = 2.5,
    seed: Annotated[int, typer.Option()] = 1,
    chart: Annotated[Path | None, typer.Option(help="Plotly HTML chart path")] = None,
    workdir: Annotated[Path | None, typer.Option(help="Scratch directory (kept)")] = None,
) -> None:
    """A day at a land border gate, without and then with slot booking: arrivals, queue
    lengths and waiting times from the queue model, every truck's manifest, declaration,
    booking, gate-in and gate-out through the real services on a scratch SQLite database."""
    base = workdir or Path(tempfile.mkdtemp(prefix="smartcustoms-border-"))
    base.mkdir(parents=True, exist_ok=True)
    day = datetime(2026, 11, 21, tzinfo=VIETNAM)
    started = time.perf_counter()
    settings, setup = _scratch(base, lanes, service_minutes, day - timedelta(days=2))
    typer.echo(f"scratch database: {settings.database_url}")
    days: dict[str, DayFigures] = {}
    for booking, label, shift in ((False, "without booking", 0), (True, "with slot booking", 1)):
        on = day + timedelta(days=shift)
        planned = plan_day(
            trucks,
            day=on,
            lanes=lanes,
            slot_minutes=30,
            mean_minutes=service_minutes,
            booking=booking,
            seed=seed,
            prefix="B" if booking else "N",
        )
        passages = serve(planned, lanes)
        arrivals, refused, allowed = _run(settings, setup, passages, booking=booking)
        days[label] = figures_of(passages, on)
        unbooked = sum(1 for p in passages if p.truck.slot is None)
        typer.echo(
            f"{label}: {len(passages)} trucks; gate-ins {sum(arrivals.values())} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(arrivals.items()))}); gate-outs "
            f"allowed {allowed}, refused {sum(refused.values())} {dict(refused)}; "
            f"unbooked {unbooked if booking else len(passages)}"
        )
    typer.echo(f"{'hour':<10}" + "".join(f"{h:>5}" for h in range(6, 24)))
    for label, figures in days.items():
        short = "" if "without" in label else " (bk)"
        for name, row in (("arrivals", figures.arrivals_by_hour), ("queue", figures.queue_by_hour)):
            typer.echo(f"{name + short:<10}" + "".join(f"{n:>5}" for n in row[6:]))
    for label, figures in days.items():
        _print(label, figures)
    path = chart or base / f"border-simulation-{trucks}.html"
    _chart(path, trucks, lanes, days)
    typer.echo(f"chart: {path}")
    typer.echo(f"took {time.perf_counter() - started:.0f} s")
