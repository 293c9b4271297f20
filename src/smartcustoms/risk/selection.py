"""Channel selection at registration: the step that refuses debtors and selects a channel
for every declaration, scoring it with the rules in force and the active model."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db import carried, database_key
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    StepOutcome,
)
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import Event
from smartcustoms.risk import repository, training
from smartcustoms.risk.messages import field_error, texts
from smartcustoms.risk.model_files import LoadedModels
from smartcustoms.risk.policy import current_policy
from smartcustoms.risk.rule_admin import rule_of
from smartcustoms.risk.rules import (
    OVERDUE_BLOCK_DAYS,
    Channel,
    ChannelDecision,
    DeclarationFacts,
    ItemFacts,
    SelectivityPolicy,
    discrepancies_in,
    facts_to_json,
    is_new_trader,
    priority_in_force,
    select_channel,
)
from smartcustoms.risk.selection_cache import SelectionInputs, risk_caches

VndRate = Callable[[Session, str, date], Decimal | None]


def build_facts(
    context: RegistrationContext,
    *,
    importer_tax_code: str | None,
    declarant: str | None,
    new_trader: bool,
    priority: bool,
    vnd_rate: Decimal | None,
) -> DeclarationFacts:
    content: DeclarationContent = context.content
    return DeclarationFacts(
        declaration_id=context.declaration_id,
        type_code=content.type_code or "",
        direction=context.direction,
        office_code=content.office_code or "",
        enterprise_id=context.enterprise_id,
        importer_tax_code=importer_tax_code,
        declarant=declarant,
        invoice_currency=content.invoice_currency,
        incoterms=content.incoterms,
        transport_mode=content.transport_mode,
        country_of_export=content.country_of_export,
        items=tuple(
            ItemFacts(
                line_no=index + 1,
                hs_code=item.hs_code or "",
                origin_country=item.origin_country,
                quantity=item.quantity,
                unit=item.unit,
                unit_price=item.unit_price,
                net_weight=item.net_weight,
            )
            for index, item in enumerate(content.items)
        ),
        new_trader=new_trader,
        priority=priority,
        vnd_rate=vnd_rate,
        discrepancies=discrepancies_in(outcome.summary for outcome in context.earlier),
    )


def _refuse_for_debt(session: Session, enterprise_id: int, today: date) -> None:
    cutoff = today - timedelta(days=OVERDUE_BLOCK_DAYS)
    overdue = repository.unsettled_due_before(session, enterprise_id, cutoff)
    if not overdue:
        return
    total = sum((d.amount_vnd for d in overdue), Decimal(0))
    oldest = overdue[0].due_date.isoformat()
    params = {"days": OVERDUE_BLOCK_DAYS, "total": total, "oldest": oldest}
    message_en, message_vi = texts("tax_debt_overdue", **params)
    raise RegistrationRefused(
        message_en=message_en,
        message_vi=message_vi,
        reasons=[field_error("enterprise_id", "tax_debt_overdue", **params)],
    )


def history_cap(policy: SelectivityPolicy) -> int:
    """How many earlier decisions must be counted to tell whether a trader is new."""
    return max(0, math.ceil(policy.new_trader_history))


def _inputs_for(
    session: Session, database: str, fingerprint: tuple[object, ...]
) -> SelectionInputs:
    """The inputs of this fingerprint, read again only when it changes."""
    caches = risk_caches(session)
    key = (database, *fingerprint)
    inputs = caches.inputs.get(key)
    if inputs is None:
        inputs = SelectionInputs(
            policy=current_policy(session),
            rules=tuple(rule_of(r) for r in repository.rules(session, active_only=True)),
            model=training.active_model(session),
        )
        caches.inputs.put(key, inputs)
    caches.latest.put(database, inputs)
    return inputs


def _importer_tax_code(context: RegistrationContext) -> str | None:
    """The enterprise's tax code, as the declarations domain passed it from identity.

    An actor made without identity's reads (a script's, a test's) carries none: identity is
    asked then, which also refuses an enterprise that does not exist.
    """
    if context.enterprise_tax_code is not None:
        return context.enterprise_tax_code
    return identity.get_organisation(context.session, context.enterprise_id).tax_code


@dataclass(frozen=True)
class ChannelSelectionStep:
    """The registration step that refuses debtors and selects every declaration's channel.

    It reads the enterprise's standing and the selection inputs' fingerprint in one query,
    and writes the decision with one insert (plus the outbox event).
    """

    models_dir: Path
    vnd_rate: VndRate | None = None
    name: str = "risk"

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        session = context.session
        today = customs_date(context.at)
        enterprise_id = context.enterprise_id
        importer_tax_code = _importer_tax_code(context)
        database = database_key(session)
        previous = risk_caches(session).latest.get(database)
        cap = history_cap(previous.policy if previous is not None else SelectivityPolicy())
        if session.autoflush:
            session.flush()  # the query below is plain SQL: flush as an ORM query would
        standing = repository.registration_read(
            session,
            enterprise_id=enterprise_id,
            history_cap=cap,
            overdue_before=today - timedelta(days=OVERDUE_BLOCK_DAYS),
        )
        if standing.overdue_debt:
            _refuse_for_debt(session, enterprise_id, today)
        inputs = _inputs_for(session, database, standing.inputs_key)
        policy = inputs.policy
        earlier = standing.earlier_decisions
        if earlier >= cap and history_cap(policy) > cap:  # the policy changed: count further
            earlier = repository.earlier_decisions(
                session, enterprise_id, limit=history_cap(policy)
            )
        currency = context.content.invoice_currency
        rate = self.vnd_rate(session, currency, today) if self.vnd_rate and currency else None
        facts = build_facts(
            context,
            importer_tax_code=importer_tax_code,
            declarant=context.declarant_username,
            new_trader=is_new_trader(earlier, policy),
            priority=priority_in_force(standing.priority, standing.priority_valid_until, today),
            vnd_rate=Decimal(1) if currency == "VND" else rate,
        )
        decision, model_version_id = decide(
            facts=facts,
            inputs=inputs,
            models_dir=self.models_dir,
            models=carried(session, LoadedModels),
            at=context.at,
        )

        def record(batch: InsertBatch) -> tuple[Event, ...]:
            decision_id = store_decision(
                batch, facts, decision, model_version_id=model_version_id, at=context.at
            )
            if context.supersedes_id is not None:
                repository.close_pending(session, context.supersedes_id)
            audit.add_entries(
                batch,
                [
                    audit.Entry(
                        action="risk.channel_selected",
                        object_type="declaration",
                        object_id=str(context.declaration_id),
                        at=context.at,
                        actor_id=context.declarant_id,
                        on_behalf_of=facts.enterprise_id,
                        details={
                            "decision_id": decision_id,
                            "channel": str(decision.channel),
                            "model_version_id": model_version_id,
                            "randomly_selected": decision.randomly_selected,
                        },
                    )
                ],
            )
            return (
                Event(
                    topic="risk.channel_selected",
                    aggregate_type="risk_decision",
                    aggregate_id=decision_id,
                    payload={
                        "declaration_id": context.declaration_id,
                        "channel": str(decision.channel),
                        "office_code": facts.office_code,
                        "enterprise_id": facts.enterprise_id,
                        "model_version_id": model_version_id,
                        "randomly_selected": decision.randomly_selected,
                    },
                ),
            )

        return StepOutcome("risk", {"channel": str(decision.channel)}, record=record)


def close_inspection_of_cancelled(session: Session, declaration_id: int) -> None:
    """A cancelled declaration's goods are not released: its yellow or red check leaves the
    officers' worklists (the decision stays, closed, for the record)."""
    repository.close_pending(session, declaration_id)


def decide(
    *,
    facts: DeclarationFacts,
    inputs: SelectionInputs,
    models_dir: Path,
    models: LoadedModels,
    at: datetime,
) -> tuple[ChannelDecision, int | None]:
    """Score the facts with the rules in force and the active model: the decision, and the
    model version that scored it.

    The model's explanation (its top features) is computed for yellow and red decisions,
    which officers check; a green one is explained when an officer opens it.
    """
    scoring = training.score_lazily(
        facts, version=inputs.model, models_dir=models_dir, models=models, at=at
    )
    decision = select_channel(
        facts,
        inputs.rules,
        policy=inputs.policy,
        model=None if scoring is None else scoring.score,
        on=customs_date(at),
    )
    if scoring is not None and decision.channel != Channel.GREEN:
        decision = decision.with_top_features(scoring.top_features())
    return decision, None if scoring is None else scoring.score.version_id


def store_decision(
    batch: InsertBatch,
    facts: DeclarationFacts,
    decision: ChannelDecision,
    *,
    model_version_id: int | None,
    at: datetime,
) -> int:
    """Add a channel decision to the batch that writes it; its id."""
    return repository.add_decision(
        batch,
        {
            "declaration_id": facts.declaration_id,
            "enterprise_id": facts.enterprise_id,
            "office_code": facts.office_code,
            "channel": str(decision.channel),
            "state": "closed" if decision.channel == Channel.GREEN else "pending",
            "score": decision.score,
            "rule_points": decision.rule_points,
            "model_points": decision.model_points,
            "profile_points": decision.profile_points,
            "model_version_id": model_version_id,
            "random_draw": decision.random_draw,
            "randomly_selected": decision.randomly_selected,
            "facts": facts_to_json(facts),
            "explanation": decision.explanation(),
            "decided_at": at,
        },
    )
