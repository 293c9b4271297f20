"""Declarations as WCO Data Model XML (our schema, `xsd/declaration-1.xsd`). Pure: no I/O.

`read` takes a document from outside: parsed with entities and DTDs refused and no file or
URL opened (billion laughs, XXE), checked against the schema, then mapped to the fields of a
declaration filing (the JSON API's shape) with the line of every element kept, so that a
later error (a required field, an unknown code) is reported where the sender wrote it.
`write` is the way back; JSON -> XML -> JSON gives the same declaration.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree
from xml.parsers import expat

import xmlschema
from xmlschema.exceptions import XMLResourceForbidden

from smartcustoms.errors import FieldError
from smartcustoms.exchange.messages import field_error
from smartcustoms.exchange.rules import MessageRefused, Place, placed, refused

NAMESPACE: Final = "urn:smartcustoms:exchange:wco:declaration:1"
XSD = Path(__file__).parent / "xsd" / "declaration-1.xsd"
ROOT: Final = "Declaration"
ITEM: Final = "GovernmentAgencyGoodsItem"
GOODS: Final = ("GoodsShipment",)
PARTY: Final = "{party}"  # Exporter (of an import) or Importer (of an export)

# Field -> its element (and attribute) under <Declaration>, in the schema's order. Kinds:
# text, decimal, int; an "@name" last step is an attribute of the element before it.
HEADER: Final[tuple[tuple[str, tuple[str, ...], str], ...]] = (
    ("type_code", ("TypeCode",), "text"),
    ("office_code", ("DeclarationOfficeID",), "text"),
    ("invoice_amount", ("InvoiceAmount",), "decimal"),
    ("invoice_currency", ("InvoiceAmount", "@currencyID"), "text"),
    ("packages", ("TotalPackageQuantity",), "int"),
    ("gross_weight", ("TotalGrossMassMeasure",), "decimal"),
    ("foreign_party_name", (PARTY, "Name"), "text"),
    ("foreign_party_address", (PARTY, "Address", "Line"), "text"),
    ("foreign_party_country", (PARTY, "Address", "CountryCode"), "text"),
    ("transport_means", ("BorderTransportMeans", "Name"), "text"),
    ("transport_mode", ("BorderTransportMeans", "ModeCode"), "text"),
    ("arrival_date", (*GOODS, "Consignment", "ArrivalDate"), "text"),
    ("departure_date", (*GOODS, "Consignment", "DepartureDate"), "text"),
    ("transport_document", (*GOODS, "Consignment", "TransportContractDocument", "ID"), "text"),
    ("port_of_loading", (*GOODS, "Consignment", "LoadingLocation", "ID"), "text"),
    ("port_of_discharge", (*GOODS, "Consignment", "UnloadingLocation", "ID"), "text"),
    ("country_of_export", (*GOODS, "ExportCountry", "ID"), "text"),
    ("country_of_origin", (*GOODS, "Origin", "CountryCode"), "text"),
    ("country_of_destination", (*GOODS, "Destination", "CountryCode"), "text"),
    ("invoice_number", (*GOODS, "Invoice", "ID"), "text"),
    ("invoice_date", (*GOODS, "Invoice", "IssueDate"), "text"),
    ("incoterms", (*GOODS, "TradeTerms", "ConditionCode"), "text"),
    ("freight", (*GOODS, "CustomsValuation", "FreightChargeAmount"), "decimal"),
    ("insurance", (*GOODS, "CustomsValuation", "InsuranceAmount"), "decimal"),
    ("contract_number", (*GOODS, "Contract", "ID"), "text"),
)
# Field -> its element under <GovernmentAgencyGoodsItem>, in the schema's order.
ITEM_FIELDS: Final[tuple[tuple[str, tuple[str, ...], str], ...]] = (
    ("description", ("Commodity", "Description"), "text"),
    ("hs_code", ("Commodity", "Classification", "ID"), "text"),
    ("invoice_value", ("Commodity", "InvoiceLine", "ItemChargeAmount"), "decimal"),
    ("unit_price", ("Commodity", "InvoiceLine", "UnitPriceAmount"), "decimal"),
    ("net_weight", ("Commodity", "GoodsMeasure", "NetNetWeightMeasure"), "decimal"),
    ("quantity", ("Commodity", "GoodsMeasure", "TariffQuantity"), "decimal"),
    ("unit", ("Commodity", "GoodsMeasure", "TariffQuantity", "@unitCode"), "text"),
    ("origin_country", ("Origin", "CountryCode"), "text"),
    ("origin_proof", ("Origin", "ProofTypeCode"), "text"),
)
KILOGRAMS: Final = frozenset({"gross_weight", "net_weight"})
IN_INVOICE_CURRENCY: Final = frozenset({"freight", "insurance", "invoice_value", "unit_price"})


@cache
def schema() -> xmlschema.XMLSchema:
    """Our schema, built once per process: bounded (one file shipped in the package) and
    never stale, as the file changes only with the code (docs/architecture.md, Caches)."""
    return xmlschema.XMLSchema(XSD)


@dataclass(frozen=True)
class ReadDeclaration:
    """A document's content as a filing (DeclarationFiling's fields), and where each was."""

    data: dict[str, Any]
    declarant_tax_code: str | None
    party: str  # the foreign party's element: Exporter or Importer
    lines: dict[str, int] = field(default_factory=dict)  # element path -> line

    def place_of(self, json_path: str) -> Place:
        """Where the field at `json_path` (`items[1].hs_code`) is, or would be, in the XML:
        its element's path and line, or the line of the nearest element that is there."""
        path = element_path(json_path, party=self.party)
        probe = path.split("/@")[0]
        while probe and probe not in self.lines:
            probe = probe.rsplit("/", 1)[0]
        return Place(path, self.lines.get(probe, 0))


def element_path(json_path: str, *, party: str = "Exporter") -> str:
    """The XML path of a filing field: `items[1].hs_code` ->
    /Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity/Classification/ID."""
    head, _, rest = json_path.partition(".")
    if head.startswith("items"):
        index = head[len("items[") : -1]
        item = f"/{ROOT}/{'/'.join(GOODS)}/{ITEM}"
        if not index.isdigit():
            return item
        item += f"[{int(index) + 1}]"
        steps = {name: path for name, path, _ in ITEM_FIELDS}.get(rest)
        return item if steps is None else f"{item}/{'/'.join(steps)}"
    steps = {name: path for name, path, _ in HEADER}.get(head)
    if steps is None:
        return f"/{ROOT}"
    return f"/{ROOT}/" + "/".join(party if s == PARTY else s for s in steps)


def _element_lines(xml: bytes) -> list[int]:
    """The line of each element, in document order (a second pass over a document the safe
    parser took already: it has no DTD, so expat has nothing to expand or fetch)."""
    lines: list[int] = []
    parser = expat.ParserCreate()
    parser.StartElementHandler = lambda _name, _attrs: lines.append(parser.CurrentLineNumber)
    parser.Parse(xml, True)
    return lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _walk(element: ElementTree.Element, path: str) -> Iterator[tuple[str, ElementTree.Element]]:
    yield path, element
    counts: dict[str, int] = {}
    for child in element:
        name = _local(child.tag)
        if name == ITEM:
            counts[name] = counts.get(name, 0) + 1
            name = f"{name}[{counts[name]}]"
        yield from _walk(child, f"{path}/{name}")


def _parse(xml: bytes) -> tuple[xmlschema.XMLResource, dict[int, int]]:
    """The document, safely parsed, and the line of each element (by id)."""
    fail = _failing_at("/", 0)
    if xml.startswith(b"\xef\xbb\xbf"):
        xml = xml[3:]
    if not xml.lstrip().startswith(b"<"):  # xmlschema would take other bytes for a file name
        raise fail(field_error("/", "not_xml"))
    try:
        # defuse="always": DTDs and entities refused (billion laughs, XXE);
        # allow="none": no file or URL the document names is ever opened.
        resource = xmlschema.XMLResource(xml, allow="none", defuse="always")
    except XMLResourceForbidden as error:
        raise fail(field_error("/", "xml_forbidden", reason=str(error))) from error
    except (xmlschema.XMLResourceError, SyntaxError, ValueError) as error:
        cause = error.__cause__ if isinstance(error.__cause__, SyntaxError) else error
        line = getattr(cause, "position", (0, 0))[0] or 0
        raise _failing_at("/", line)(field_error("/", "xml_syntax", reason=str(error))) from error
    elements, lines = list(resource.root.iter()), _element_lines(xml)
    if len(elements) != len(lines):  # never seen; lines are then not known rather than wrong
        lines = [0] * len(elements)
    return resource, {id(e): line for e, line in zip(elements, lines, strict=True)}


def _failing_at(path: str, line: int) -> Any:
    def fail(error: FieldError) -> MessageRefused:
        place = Place(path, line)
        return refused("xml", [placed(error, place)], [place])

    return fail


def _check_schema(resource: xmlschema.XMLResource, lines: Mapping[int, int]) -> None:
    errors, places = [], []
    for problem in schema().iter_errors(resource):
        element = problem.elem if isinstance(problem.elem, ElementTree.Element) else None
        path = "/" + "/".join(_local(p) for p in (problem.path or "/").split("/") if p)
        place = Place(path, lines.get(id(element), 0) if element is not None else 0)
        reason = str(problem.reason or problem.message)
        errors.append(placed(field_error(path, "xml_schema", path=path, reason=reason), place))
        places.append(place)
        if len(errors) >= 50:
            break
    if errors:
        raise refused("xml", errors, places)


def read(xml: bytes) -> ReadDeclaration:
    """The declaration a document holds; MessageRefused (every fault placed) if it cannot be
    read or breaks the schema. The content's rules are checked later, by the filing."""
    resource, lines_by_id = _parse(xml)
    _check_schema(resource, lines_by_id)
    root = resource.root
    elements = dict(_walk(root, f"/{ROOT}"))
    lines = {path: lines_by_id[id(e)] for path, e in elements.items()}
    party = "Importer" if f"/{ROOT}/Importer" in elements else "Exporter"
    problems: list[tuple[FieldError, Place]] = []

    def value(prefix: str, steps: tuple[str, ...], kind: str, name: str, json_path: str) -> Any:
        *parents, last = (party if s == PARTY else s for s in steps)
        if last.startswith("@"):
            element = elements.get("/".join((prefix, *parents)))
            text = None if element is None else element.get(last[1:])
        else:
            element = elements.get("/".join((prefix, *parents, last)))
            text = None if element is None else element.text or ""
            if element is not None:
                _check_attributes(element, name, json_path)
        if text is None:
            return None
        if kind == "decimal":
            return Decimal(text.strip())
        if kind == "int":
            return int(text.strip())
        return text.strip()

    def _check_attributes(element: ElementTree.Element, name: str, json_path: str) -> None:
        unit = element.get("unitCode")
        if name in KILOGRAMS and unit not in (None, "KGM"):
            problem = field_error(json_path, "unit_not_kilograms", given=unit)
            problems.append((problem, read_so_far.place_of(json_path)))
        currency = element.get("currencyID")
        expected = invoice_currency()
        if name in IN_INVOICE_CURRENCY and currency and expected and currency != expected:
            problem = field_error(json_path, "currency_differs", given=currency, expected=expected)
            problems.append((problem, read_so_far.place_of(json_path)))

    def invoice_currency() -> str | None:
        amount = elements.get(f"/{ROOT}/InvoiceAmount")
        return None if amount is None else amount.get("currencyID")

    read_so_far = ReadDeclaration({}, None, party, lines)
    data: dict[str, Any] = {}
    for name, steps, kind in HEADER:
        data[name] = value(f"/{ROOT}", steps, kind, name, name)
    items = []
    item_paths = [p for p in elements if p.startswith(f"/{ROOT}/GoodsShipment/{ITEM}[")]
    item_prefixes = [p for p in item_paths if p.endswith("]")]
    for index, prefix in enumerate(item_prefixes):
        item = {}
        for name, steps, kind in ITEM_FIELDS:
            item[name] = value(prefix, steps, kind, name, f"items[{index}].{name}")
        items.append(item)
        sequence = elements.get(f"{prefix}/SequenceNumeric")
        if sequence is not None and int((sequence.text or "0").strip()) != index + 1:
            problem = field_error(
                f"items[{index}]", "item_out_of_sequence", position=index + 1, given=sequence.text
            )
            problems.append(
                (problem, Place(f"{prefix}/SequenceNumeric", lines[f"{prefix}/SequenceNumeric"]))
            )
    data["items"] = items
    if problems:
        raise refused(
            "xml",
            [
                placed(FieldError(p.path, e.code, e.message_en, e.message_vi), p)
                for e, p in problems
            ],
            [p for _, p in problems],
        )
    declarant = elements.get(f"/{ROOT}/Declarant/ID")
    tax_code = None if declarant is None else (declarant.text or "").strip() or None
    return ReadDeclaration(data, tax_code, party, lines)


def write(
    declaration: Mapping[str, Any],
    *,
    number: str | None = None,
    declarant_tax_code: str | None = None,
    direction: str | None = None,
) -> bytes:
    """A declaration (DeclarationRead's fields, as JSON gives them) as our XML, checked
    against the schema (a failure is ours: ValueError). The foreign party is the Importer
    of an export and the Exporter of anything else. An attribute (a currency, a unit) is
    written with its element: a draft's currency without an amount is not exported."""
    party = "Importer" if direction == "export" else "Exporter"
    root = ElementTree.Element(f"{{{NAMESPACE}}}{ROOT}")
    if number:
        _put(root, ("ID",), number)
    currency = declaration.get("invoice_currency")
    for name, steps, _kind in HEADER:
        if name == "gross_weight" and declaration.get(name) is not None:
            _put(root, steps, declaration[name], unitCode="KGM")
            continue
        if name in IN_INVOICE_CURRENCY and currency and declaration.get(name) is not None:
            _put(root, steps, declaration[name], currencyID=currency)
            continue
        if name == "foreign_party_name" and declarant_tax_code:
            _put(root, ("Declarant", "ID"), declarant_tax_code)
        steps = tuple(party if s == PARTY else s for s in steps)
        _put(root, steps, declaration.get(name))
    for line_no, item in enumerate(declaration.get("items") or (), start=1):
        element = _child(_child(root, "GoodsShipment", new=False), ITEM, new=True)
        _put(element, ("SequenceNumeric",), line_no)
        for name, steps, _kind in ITEM_FIELDS:
            extra = {"currencyID": currency} if name in IN_INVOICE_CURRENCY and currency else {}
            if name == "net_weight":
                extra = {"unitCode": "KGM"}
            if item.get(name) is not None:
                _put(element, steps, item[name], **extra)
    ElementTree.indent(root)
    text = xmlschema.etree_tostring(
        root, namespaces={"": NAMESPACE}, xml_declaration=True, encoding="utf-8"
    )
    xml = text if isinstance(text, bytes) else text.encode()
    errors = list(schema().iter_errors(ElementTree.fromstring(xml)))
    if errors:
        raise ValueError(f"the declaration breaks our schema: {errors[0].reason}")
    return xml


def _qualified(steps: tuple[str, ...]) -> str:
    return "/".join(f"{{{NAMESPACE}}}{s}" for s in steps)


def _child(parent: ElementTree.Element, name: str, *, new: bool) -> ElementTree.Element:
    if not new:
        found = parent.findall(_qualified((name,)))
        if found:
            return found[-1]
    return ElementTree.SubElement(parent, f"{{{NAMESPACE}}}{name}")


def _put(parent: ElementTree.Element, steps: tuple[str, ...], value: object, **attrs: str) -> None:
    """Set the element (or attribute) at `steps` under parent, making the elements on the
    way; nothing for a missing value. Written in the table's order, the schema's."""
    if value is None or value == "":
        return
    *parents, last = steps
    if last.startswith("@"):
        element = parent.find(_qualified(tuple(parents)))
        if element is not None:  # an attribute goes with its element
            element.set(last[1:], str(value))
        return
    for step in parents:
        parent = _child(parent, step, new=False)
    element = _child(parent, last, new=False)
    element.text = _text(value)
    for key, attr in attrs.items():
        element.set(key, attr)


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
