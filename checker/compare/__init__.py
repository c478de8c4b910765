"""Comparing claims across articles: entities, facts, candidate pairs, judging, provenance, findings."""
