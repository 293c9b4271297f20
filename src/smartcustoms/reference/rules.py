"""What the validation rules need to know of the reference data, as plain sets."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DeclarationTypeInfo:
    code: str
    direction: str  # "import" | "export"
    name_en: str
    name_vi: str
    required_fields: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReferenceCatalog:
    """An immutable snapshot of the code lists, cheap to consult on every validation."""

    hs6: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    currencies: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    locations: frozenset[str] = frozenset()
    offices: frozenset[str] = frozenset()
    incoterms: frozenset[str] = frozenset()
    transport_modes: frozenset[str] = frozenset()
    declaration_types: dict[str, DeclarationTypeInfo] = field(default_factory=dict)
    # National 8-digit lines; empty until a tariff schedule is loaded.
    national_lines: frozenset[str] = frozenset()

    def is_known_hs8(self, code: str) -> bool:
        """An 8-digit code is acceptable if it is a national line, or, before any
        national nomenclature is loaded, if it sits under a known HS6."""
        if self.national_lines:
            return code in self.national_lines
        return code[:6] in self.hs6
