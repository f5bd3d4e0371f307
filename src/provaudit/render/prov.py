"""W3C PROV-JSON (``reports/prov.json``): the report's provenance graph for provenance tools.

The graph, in PROV terms:

- every source is an entity (``provaudit:source/ID``), attributed to its outlet (an agent,
  ``prov:Organization``) where the outlet is known;
- the primary document ("memo") is an entity; each outlet a source names is an agent, and its
  reporting an entity attributed to it; a primary-source outlet's reporting ``hadPrimarySource``
  the document; each attribution makes the naming source ``wasDerivedFrom`` that reporting;
- each quote cluster is an entity (the quotation); each occurrence makes its source
  ``wasQuotedFrom`` it; each reused passage is an entity both sources are ``wasDerivedFrom``
  (the report does not know which copied which);
- the audit is an activity that used every source, associated with provaudit (a software agent,
  with its version) and generating the report, with its parameters as attributes.

``wasQuotedFrom`` and ``hadPrimarySource`` are written as PROV-JSON writes them:
``wasDerivedFrom`` entries typed ``prov:Quotation`` and ``prov:PrimarySource``. No time is
recorded: the output is byte-deterministic.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..text import outlet_slug

NAMESPACE = "urn:provaudit:"


def _qname(value: str) -> dict[str, str]:
    """A PROV-JSON typed literal holding a qualified name (how ``prov:type`` values are written)."""
    return {"$": value, "type": "xsd:QName"}


def _local(text: str) -> str:
    """A string usable in the local part of a qualified name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


class _Graph:
    """PROV-JSON sections filled in a fixed order, relation ids numbered per kind."""

    def __init__(self) -> None:
        self.sections: dict[str, dict[str, dict[str, Any]]] = {
            "entity": {},
            "agent": {},
            "activity": {},
            "wasGeneratedBy": {},
            "used": {},
            "wasAssociatedWith": {},
            "wasAttributedTo": {},
            "wasDerivedFrom": {},
        }
        self.counters: dict[str, int] = {}

    def node(self, section: str, ident: str, attributes: dict[str, Any]) -> str:
        self.sections[section].setdefault(ident, attributes)
        return ident

    def relation(self, section: str, prefix: str, attributes: dict[str, Any]) -> None:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        self.sections[section][f"_:{prefix}{self.counters[prefix]}"] = attributes

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"prefix": {"provaudit": NAMESPACE}}
        out.update({k: v for k, v in self.sections.items() if v})
        return out


def _span(item: dict[str, Any]) -> dict[str, Any]:
    return {"provaudit:start": item["start"], "provaudit:end": item["end"]}


def prov_document(report: dict[str, Any]) -> dict[str, Any]:
    """The PROV-JSON document (as a dict) for ``report``: the audit (an activity of the tool)
    generating the report, the sources it used, the outlets and the primary document, the
    quotations and the passages sources share. Nodes and relations are numbered in that order."""
    g = _Graph()
    audit = _audit(g, report)
    source_ids = _sources(g, report, audit)
    _outlets(g, report.get("provenance") or {}, source_ids)
    _quotations(g, report.get("quote_clusters", []), source_ids)
    _reused_passages(g, report.get("reused_passages", []), source_ids)
    return g.to_json()


def _outlet_agent(g: _Graph, name: str, slug: str | None = None) -> str:
    return g.node(
        "agent",
        f"provaudit:outlet/{_local(slug or outlet_slug(name))}",
        {"prov:type": _qname("prov:Organization"), "prov:label": name},
    )


def _audit(g: _Graph, report: dict[str, Any]) -> str:
    """The tool, the audit it ran (with its parameters) and the report the audit generated;
    the audit's id."""
    tool = report.get("tool", {})
    corpus = report.get("corpus")
    software = g.node(
        "agent",
        "provaudit:software/provaudit",
        {
            "prov:type": _qname("prov:SoftwareAgent"),
            "prov:label": "provaudit",
            "provaudit:version": str(tool.get("version", "")),
        },
    )
    parameters: dict[str, Any] = {
        "prov:type": _qname("provaudit:Audit"),
        "prov:label": "provaudit audit",
        "provaudit:tool": str(tool.get("name", "provaudit")),
        "provaudit:version": str(tool.get("version", "")),
        "provaudit:schema_version": str(report.get("schema_version", "")),
        "provaudit:source_count": len(report.get("sources", [])),
    }
    if tool.get("rules"):
        parameters["provaudit:rules_sha256"] = str(tool["rules"])
    if corpus:
        parameters["provaudit:corpus"] = corpus["root"]
        parameters["provaudit:manifest_sha256"] = corpus["manifest_sha256"]
    audit = g.node("activity", "provaudit:audit", parameters)
    g.relation("wasAssociatedWith", "assoc", {"prov:activity": audit, "prov:agent": software})
    output = g.node(
        "entity",
        "provaudit:report",
        {
            "prov:type": _qname("provaudit:Report"),
            "prov:label": "provaudit corpus report" if corpus else "provaudit audit report",
            "provaudit:schema_version": str(report.get("schema_version", "")),
        },
    )
    g.relation("wasGeneratedBy", "gen", {"prov:entity": output, "prov:activity": audit})
    return audit


def _sources(g: _Graph, report: dict[str, Any], audit: str) -> dict[str, str]:
    """Each source as an entity the audit used, attributed to its outlet; their ids by
    source id."""
    source_ids: dict[str, str] = {}
    for source in report.get("sources", []):
        ident = f"provaudit:source/{_local(source['id'])}"
        while ident in g.sections["entity"]:
            ident += "-"
        source_ids[source["id"]] = ident
        attributes: dict[str, Any] = {
            "prov:type": _qname("provaudit:NewsSource"),
            "prov:label": source.get("title") or source["id"],
            "provaudit:id": source["id"],
            "provaudit:path": source["path"],
            "provaudit:sha256": source["sha256"],
        }
        for key in ("url", "published", "main_language"):
            if source.get(key):
                attributes[f"provaudit:{key}"] = source[key]
        kinds = sorted({d["kind"] for d in source.get("disclosures", [])})
        if kinds:
            attributes["provaudit:disclosure"] = kinds
        g.node("entity", ident, attributes)
        g.relation("used", "use", {"prov:activity": audit, "prov:entity": ident})
        if source.get("outlet"):
            g.relation(
                "wasAttributedTo",
                "attr",
                {"prov:entity": ident, "prov:agent": _outlet_agent(g, source["outlet"])},
            )
    return source_ids


def _outlets(g: _Graph, provenance: dict[str, Any], source_ids: dict[str, str]) -> None:
    """The primary document, each outlet's reporting (derived from the document where the
    outlet is a primary source), and the sources citing it."""
    document: str | None = None
    if provenance.get("primary_sources"):
        label = provenance.get("primary_document") or "primary document"
        document = g.node(
            "entity",
            f"provaudit:document/{_local(label)}",
            {"prov:type": _qname("provaudit:PrimaryDocument"), "prov:label": label},
        )
    for outlet in provenance.get("outlets", []):
        agent = _outlet_agent(g, outlet["name"], outlet["id"])
        reporting = g.node(
            "entity",
            f"provaudit:outlet/{_local(outlet['id'])}/reporting",
            {
                "prov:type": _qname("provaudit:OutletReporting"),
                "prov:label": f"reporting by {outlet['name']}",
            },
        )
        g.relation("wasAttributedTo", "attr", {"prov:entity": reporting, "prov:agent": agent})
        if outlet.get("primary") and document is not None:
            g.relation(
                "wasDerivedFrom",
                "primary",
                {
                    "prov:generatedEntity": reporting,
                    "prov:usedEntity": document,
                    "prov:type": _qname("prov:PrimarySource"),
                    "provaudit:roles": [r for r in outlet.get("roles", []) if r != "cited"],
                },
            )
        for mention in outlet.get("mentions", []):
            if mention["source"] not in source_ids:
                continue
            g.relation(
                "wasDerivedFrom",
                "cites",
                {
                    "prov:generatedEntity": source_ids[mention["source"]],
                    "prov:usedEntity": reporting,
                    "provaudit:role": mention["role"],
                    "provaudit:evidence": mention["text"],
                    **_span(mention),
                },
            )


def _quotations(g: _Graph, clusters: list[dict[str, Any]], source_ids: dict[str, str]) -> None:
    """Each quote cluster as a quotation the member sources derive from."""
    for cluster in clusters:
        members = cluster.get("members", [])
        quotation = g.node(
            "entity",
            f"provaudit:quotation/{_local(str(cluster['id']))}",
            {
                "prov:type": _qname("provaudit:Quotation"),
                "prov:value": members[0]["text"] if members else "",
                "provaudit:verdict": cluster["verdict"],
                "provaudit:similarity": cluster["similarity"],
            },
        )
        for member in members:
            if member["source"] not in source_ids:
                continue
            attributes = {
                "prov:generatedEntity": source_ids[member["source"]],
                "prov:usedEntity": quotation,
                "prov:type": _qname("prov:Quotation"),
                **_span(member),
            }
            if member.get("quote"):
                attributes["provaudit:quote"] = member["quote"]
            g.relation("wasDerivedFrom", "quote", attributes)


def _reused_passages(g: _Graph, passages: list[dict[str, Any]], source_ids: dict[str, str]) -> None:
    """Each reused passage as a shared entity both sources derive from."""
    for n, passage in enumerate(passages, 1):
        shared = g.node(
            "entity",
            f"provaudit:passage/{n}",
            {"prov:type": _qname("provaudit:SharedPassage"), "prov:value": passage["a"]["text"]},
        )
        for side in ("a", "b"):
            place = passage[side]
            if place["source"] not in source_ids:
                continue
            g.relation(
                "wasDerivedFrom",
                "reuse",
                {
                    "prov:generatedEntity": source_ids[place["source"]],
                    "prov:usedEntity": shared,
                    **_span(place),
                },
            )


def render(report: dict[str, Any]) -> str:
    """``report`` as PROV-JSON text: two-space indent, UTF-8, trailing newline."""
    return json.dumps(prov_document(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
