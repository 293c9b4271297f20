"""ISO 20022 messages as XML, validated against the official schemas shipped in `xsd/`.

Both sides of the bank link use it: the sandbox bank writes camt.053 statements and camt.054
notifications, the bank adapter reads them. A message is plain nested data (dicts, lists,
Decimals, as `xmlschema` maps XML elements) going in and out; every write and every read is
checked against the schema, so a document the other side cannot read is never sent, and a
document that does not follow the standard is refused before anything reads its figures.
Where the schemas come from: `xsd/SOURCE.md`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

import xmlschema

CAMT053: Final = "camt.053.001.08"  # bank-to-customer statement (end of day)
CAMT054: Final = "camt.054.001.08"  # bank-to-customer debit/credit notification
MESSAGES: Final = (CAMT053, CAMT054)
XSD_DIR = Path(__file__).parent / "xsd"


class MessageInvalid(Exception):
    """A document that is not well-formed, or does not follow its message's schema."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(f"not a valid {message} document: {detail}")
        self.message = message
        self.detail = detail


def namespace(message: str) -> str:
    return f"urn:iso:std:iso:20022:tech:xsd:{message}"


@cache
def schema(message: str) -> xmlschema.XMLSchema:
    """The message's schema, built once per process (about a second each).

    Not an app cache (docs/architecture.md, Caches): bounded by `MESSAGES`, the schemas
    shipped in the package, and never stale, as those files change only with the code."""
    if message not in MESSAGES:
        raise ValueError(f"no schema shipped for {message}")
    return xmlschema.XMLSchema(XSD_DIR / f"{message}.xsd")


def to_xml(message: str, document: Mapping[str, Any]) -> bytes:
    """The document (the content of <Document>) as UTF-8 XML; ValueError if it breaks the schema.

    Written by us, so a violation is our fault (a programming error), not the input's.
    """
    data = {"@xmlns": namespace(message), **document}
    try:
        element = schema(message).encode(data)
    except xmlschema.XMLSchemaValidationError as error:
        raise ValueError(f"{message} document breaks its schema: {error.reason}") from error
    if not isinstance(element, ElementTree.Element):  # strict validation returns the element
        raise TypeError(f"xmlschema gave {type(element).__name__}, not an element")
    text = xmlschema.etree_tostring(
        element, namespaces={"": namespace(message)}, xml_declaration=True, encoding="utf-8"
    )
    return text if isinstance(text, bytes) else text.encode()


def from_xml(message: str, xml: bytes) -> dict[str, Any]:
    """The content of <Document>, checked against the schema; MessageInvalid if it is not one.

    Amounts come back as Decimal, dates and times as the text the document holds. Entities and
    references to other files are not resolved (the XML comes from outside).
    """
    if not xml.lstrip().startswith(b"<"):
        # xmlschema would take other bytes for a file name or a URL.
        raise MessageInvalid(message, "not an XML document")
    try:
        # defuse="always": parsed with a parser that refuses DTDs and entities (billion laughs),
        # allow="none": no file or URL the document names is ever opened.
        resource = xmlschema.XMLResource(xml, allow="none", defuse="always")
        decoded = schema(message).to_dict(resource, validation="strict")
    except xmlschema.XMLSchemaValidationError as error:
        raise MessageInvalid(message, str(error.reason)) from error
    except (xmlschema.XMLResourceError, xmlschema.XMLSchemaException, SyntaxError) as error:
        raise MessageInvalid(message, str(error)) from error
    if not isinstance(decoded, dict):
        raise MessageInvalid(message, "the document has no content")
    return decoded
