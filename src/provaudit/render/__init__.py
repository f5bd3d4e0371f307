"""Renderings of a corpus report for people and for provenance tools."""
