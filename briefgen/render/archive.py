"""Archival PDF (PDF/A-3): the meeting file and its sheets embedded as the document's source
(AFRelationship /Source), XMP metadata naming the document, tagged for PDF/UA-1.

WeasyPrint writes the PDF/A-3 structure (output intent, embedded fonts, the files, the
pdfaid claim); pikepdf then completes the XMP with what WeasyPrint does not write (the
issuing body, number and symbol, date, language, the PDF/UA claim), deterministically.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from briefgen.view.model import ArchiveView, DocView

VN = dt.timezone(dt.timedelta(hours=7))  # the documents' dates are Vietnamese dates


def write_options(document: Any, doc: DocView, archive: ArchiveView) -> dict[str, Any]:
    """Set ``document``'s metadata and return the write_pdf options of the archival PDF."""
    from weasyprint import Attachment

    when = dt.datetime.combine(dt.date.fromisoformat(archive.date), dt.time(), VN)
    stamp = when.isoformat()
    meta = document.metadata
    meta.title = f"{doc.title} {doc.subject}".strip()
    meta.authors = [doc.issuer]
    meta.description = doc.subject
    meta.keywords = [number] if (number := doc.header.number.strip()) else []
    meta.created = meta.modified = stamp
    meta.lang = doc.lang
    attachments = [Attachment(filename=s.path, name=s.name, description=s.description,
                              relationship="Source", created=when, modified=when)
                   for s in archive.sources]
    return {"pdf_variant": archive.variant, "pdf_tags": True, "attachments": attachments}


PDFUA_EXTENSION = (
    b'<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    b' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    b' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    b"<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
    b"<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    b"<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
    b"<pdfaProperty:name>part</pdfaProperty:name>"
    b"<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    b"<pdfaProperty:category>internal</pdfaProperty:category>"
    b"<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to"
    b"</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property>"
    b"</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>")


def complete_xmp(pdf: bytes, doc: DocView, archive: ArchiveView) -> bytes:
    """Add to the XMP what WeasyPrint leaves out: publisher, identifier, date, language and
    the PDF/UA-1 claim; the file is saved with a content-derived /ID (reruns are identical)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:publisher"] = [doc.issuer]
            if number := doc.header.number.strip():
                xmp["dc:identifier"] = number
            xmp["dc:date"] = [archive.date]
            xmp["dc:language"] = [doc.lang]
            xmp["pdfuaid:part"] = "1"
        # PDF/A-2 and -3 accept a schema outside their predefined ones only when the XMP
        # describes it (ISO 19005-2, 6.6.2.3): pdfuaid is described here, as usual.
        packet = document.Root.Metadata.read_bytes()
        end = packet.rindex(b"</rdf:RDF>")
        document.Root.Metadata.write(packet[:end] + PDFUA_EXTENSION + packet[end:])
        _tidy_structure(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _tidy_structure(document: Any) -> None:
    """Two touches to WeasyPrint's output: each source listed once in the catalog's /AF
    (WeasyPrint lists a file from the name tree and again from its objects), and every table
    header cell scoped to its column (our templates' headers are column headers, in thead):
    /Scope is how PDF/UA checkers read the header association."""
    import pikepdf

    if "/AF" in document.Root:
        seen: dict[tuple[int, int], Any] = {}
        for spec in document.Root.AF:
            seen.setdefault(spec.objgen, spec)
        document.Root.AF = pikepdf.Array(seen.values())
    for obj in document.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH":
            attributes = obj.get("/A")
            if isinstance(attributes, pikepdf.Dictionary) and "/Scope" not in attributes:
                attributes.Scope = pikepdf.Name.Column


def embedded_files(pdf: bytes) -> dict[str, list[bytes]]:
    """The files a PDF embeds, by name, each name with every file embedded under it (more than
    one is a damaged or forged archive: briefgen names each file by its path)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name: list(contents) for name, contents in reader.attachments.items() if contents}
