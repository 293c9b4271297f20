"""API schemas of the exchange domain."""

from __future__ import annotations

from pydantic import BaseModel, Field

from smartcustoms.exchange.rules import RegistrationAnswer


class FieldErrorRead(BaseModel):
    path: str = Field(description="Where in the message: an XML element path, or TAG[position].")
    code: str
    message_en: str
    message_vi: str


class FilingRead(BaseModel):
    """What filing a declaration in a trade format came to."""

    declaration_id: int | None
    number: str | None = Field(description="The declaration number, once registered.")
    status: str = Field(description="The declaration's status (registered, rejected …).")
    channel: str | None = Field(description="green, yellow or red, once risk has chosen.")
    errors: list[FieldErrorRead] = Field(
        description="Why a registration step rejected it, placed in the message."
    )

    @classmethod
    def of(cls, answer: RegistrationAnswer) -> FilingRead:
        return cls(
            declaration_id=answer.declaration_id,
            number=answer.number,
            status=answer.status,
            channel=answer.channel,
            errors=[
                FieldErrorRead(
                    path=e.path, code=e.code, message_en=e.message_en, message_vi=e.message_vi
                )
                for e in answer.errors
            ],
        )
