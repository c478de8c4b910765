"""Cassettes carry no credentials or account identifiers."""

import re
from pathlib import Path

import yaml

CASSETTES = sorted((Path(__file__).parent / "cassettes").rglob("*.yaml"))
FORBIDDEN = re.compile(r"^\s*-?\s*['\"]?(authorization|api-key|openai-organization|openai-project|set-cookie|cookie)['\"]?\s*:",
                       re.IGNORECASE | re.MULTILINE)
SECRET = re.compile(r"(sk-[A-Za-z0-9_-]{20,}|Bearer\s+\S+|org-[A-Za-z0-9]{10,})")


def test_cassettes_exist():
    assert len(CASSETTES) >= 7


def test_no_credential_headers_in_cassettes():
    for path in CASSETTES:
        raw = path.read_text()
        assert not FORBIDDEN.search(raw), path.name
        assert not SECRET.search(raw), path.name
        for it in yaml.safe_load(raw)["interactions"]:
            names = {h.lower() for h in it["request"]["headers"]} | {h.lower() for h in it["response"]["headers"]}
            assert not names & {"authorization", "api-key", "openai-organization", "set-cookie"}, path.name
