"""Replays of real traffic recorded from an OpenAI-compatible server (scripts/record_cassettes.sh).

The endpoint (base URL, model) is read back from each cassette, so cassettes recorded
against OpenAI replay the same way. A request that differs from the recorded one (prompt,
sentence splitting or cue hints changed) is a cassette miss: re-record.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
from pydantic import BaseModel

from checker.llm.cache import Cache
from checker.errors import ModelError
from checker.llm.gateway import Gateway
from checker.extract.llm import ClaimsAnswer, LLMEngine, chunk_sentences
from checker.models import HedgingLevel
from checker.extract.nlp import analyse
from checker.llm.prompting import data_tag, load_prompt

PROMPTS = Path(__file__).parent / "prompts"
SENTENCE = "Harris’ campaign team was even reportedly taken by surprise when Biden made a solo appearance in Pittsburgh."


class Label(BaseModel):
    level: HedgingLevel
    cue: str | None


def bodies(cassette) -> list[tuple[dict, dict]]:
    """(request body, response body) of each interaction of the live cassette (recording or replaying)."""
    out = []
    for request, response in cassette.data:
        raw = response["body"]["string"]
        out.append((json.loads(request.body), json.loads(raw.decode() if isinstance(raw, bytes) else raw)))
    return out


def answered_claims(pairs: list[tuple[dict, dict]]) -> list[dict]:
    out = []
    for _, response in pairs:
        message = response["choices"][0]["message"]
        calls = message.get("tool_calls") or []
        raw = calls[0]["function"]["arguments"] if calls else message["content"]
        try:  # only answers that validated were used; the others were re-asked
            out += [c.model_dump() for c in ClaimsAnswer.model_validate_json(raw).claims]
        except ValueError:
            pass
    return out


def engine_for(endpoint, cache=None) -> LLMEngine:
    base_url, model = endpoint
    return LLMEngine(Gateway(model, base_url=base_url, cache=cache, attempts=1))


@pytest.mark.vcr
@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_extract_seed(index, seeds, endpoint, vcr):
    article = seeds[index]
    engine = engine_for(endpoint)
    try:
        claims = engine.extract(article)
    except ModelError as exc:
        if "did not fit the schema" not in str(exc):
            pytest.fail(f"cassette miss ({exc}); re-record with scripts/record_cassettes.sh")
        # the toy model failed validation on every try: bounded re-asks, then a per-article error
        pairs = bodies(vcr)
        assert len(pairs) == 3 and all(len(req["messages"]) == 2 + 2 * n for n, (req, _) in enumerate(pairs))
        assert not answered_claims(pairs) and "\n" not in str(exc)
        return
    text = article.text
    chunks = chunk_sentences(analyse(article).sentences)
    pairs = bodies(vcr)
    first_tries = [req for req, _ in pairs if len(req["messages"]) == 2]
    assert len(first_tries) == len(chunks)  # one call per chunk, never per sentence; the rest are re-asks
    assert engine.usage.calls == len(pairs) <= len(chunks) * 3
    assert engine.usage.prompt_tokens == sum(resp["usage"]["prompt_tokens"] for _, resp in pairs)
    for c in claims:
        for span in (c.evidence, c.content, c.cue, c.speaker.span, c.time.span if c.time else None):
            if span is not None:
                assert text[span.start:span.end] == span.text, (c.id, span)
        assert c.article_id == article.id and c.id.startswith(article.id)
    answered = answered_claims(pairs)
    assert len(claims) + engine.dropped_ungrounded <= len(answered)
    analysis = analyse(article)
    contents = {c.content.text for c in claims}
    for a in answered:  # a verbatim quote with a verb is never lost
        q = a["quote"].strip()
        if len(q.split()) >= 3 and q in text:
            start = text.index(q)
            has_verb = any(t.pos_ in ("VERB", "AUX") for t in analysis.tokens(start, start + len(q)))
            assert q in contents or not has_verb, q
    assert engine.prompts()[0].id == "extract_claims"


@pytest.mark.vcr(record_mode="none")  # replays what test_extract_seed[0] recorded
@pytest.mark.default_cassette("test_extract_seed[0]")
def test_cached_rerun_makes_no_calls(seeds, endpoint, tmp_path):
    first = engine_for(endpoint, Cache(tmp_path / "c"))
    claims = first.extract(seeds[0])
    assert first.usage.calls >= 1
    again = engine_for(endpoint, Cache(tmp_path / "c"))
    assert again.extract(seeds[0]) == claims
    assert again.usage.calls == 0 and again.usage.cached_calls == len(first.gateway.log)  # one hit per chunk


def label(endpoint, mode: str) -> tuple[Gateway, Label]:
    base_url, model = endpoint
    gw = Gateway(model, base_url=base_url, mode=mode, attempts=3, sleep=lambda s: None)
    return gw, gw.structured(load_prompt("hedge_label", PROMPTS), {"tag": data_tag(SENTENCE), "sentence": SENTENCE}, Label)


@pytest.mark.vcr
@pytest.mark.parametrize("mode", ["tools", "json"])
def test_label_modes(mode, endpoint, vcr):
    """A validated answer, or (toy model) ModelError after exactly 1 + max_reasks requests."""
    try:
        gw, answer = label(endpoint, mode)
    except ModelError as exc:
        pairs = bodies(vcr)
        assert "did not fit the schema" in str(exc) and "\n" not in str(exc)
        assert len(pairs) == 3  # first try + 2 re-asks, then it stops
        first = len(pairs[0][0]["messages"])
        for req, _ in pairs[1:]:  # each re-ask carries the previous answer and its validation error
            assert len(req["messages"]) > first and "validation error" in json.dumps(req["messages"][-1]).lower()
    else:
        pairs = bodies(vcr)
        assert isinstance(answer, Label) and gw.usage.calls == len(pairs)
        assert gw.usage.prompt_tokens == sum(resp["usage"]["prompt_tokens"] for _, resp in pairs)
    body = bodies(vcr)[0][0]
    if mode == "tools":
        assert body["tool_choice"]["function"]["name"] == "Label"
    else:
        assert body["response_format"] == {"type": "json_object"}


@pytest.mark.vcr
def test_json_schema_mode_rejected_by_llama_cpp_server(endpoint, vcr):
    """llama_cpp.server rejects response_format json_schema (0.3.36: HTTP 500 wrapping a request
    validation error; older notes say 422): not retried, one request, one-line error with a hint."""
    if urlparse(endpoint[0]).hostname not in ("127.0.0.1", "localhost"):
        pytest.skip("specific to the local llama_cpp.server")
    with pytest.raises(ModelError, match=r"HTTP (422|500).*CHECKER_MODE=json") as err:
        label(endpoint, "json_schema")
    assert "\n" not in str(err.value)
    [(request, response)] = bodies(vcr)
    assert request["response_format"]["type"] == "json_schema" and response  # the server's 422 body
