"""Gateway and engine logic against the mock model (tests/conftest.py; no HTTP, no sockets)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest
from pydantic import BaseModel

from checker.errors import ConfigError, ModelError
from checker.extract.chunks import ClaimsAnswer, chunk_sentences
from checker.extract.llm import LLMEngine
from checker.extract.nlp import analyse
from checker.llm.cache import Cache
from checker.llm.endpoint import pick_mode, resolve
from checker.llm.gateway import Gateway
from checker.llm.prompting import load_prompt
from checker.models import Article, HedgingLevel

URL = "http://127.0.0.1:9/v1"
PROMPTS = Path(__file__).parent / "prompts"


class Label(BaseModel):
    level: HedgingLevel
    cue: str | None


def label_json(level="reported", cue="reportedly") -> str:
    return json.dumps({"level": level, "cue": cue})


def gateway(mock, sleeps=None, **kw) -> Gateway:
    if sleeps is not None:
        kw["sleep"] = sleeps.append
    return mock.gateway(**kw)


def ask(gw: Gateway, sentence="He reportedly left."):
    return gw.structured(load_prompt("hedge_label", PROMPTS), {"tag": "t0", "sentence": sentence}, Label)


def test_structured_returns_model_and_counts_tokens(mock_model):
    ep = mock_model.enqueue(mock_model.completion(arguments=label_json(), prompt_tokens=50, completion_tokens=7))
    gw = gateway(ep)
    assert ask(gw) == Label(level="reported", cue="reportedly")
    assert (gw.usage.calls, gw.usage.prompt_tokens, gw.usage.completion_tokens) == (1, 50, 7)
    assert gw.log[-1].requests == 1 and gw.log[-1].prompt_tokens == 50
    body = ep.requests[0]
    assert body["tool_choice"]["function"]["name"] == "Label" and body["temperature"] == 0
    assert "He reportedly left." in body["messages"][1]["content"]
    assert [p.id for p in gw.prompts()] == ["hedge_label"]


def test_reask_on_invalid_json_then_success(mock_model):
    ep = mock_model.enqueue(mock_model.completion(arguments="{not json"), mock_model.completion(arguments=label_json("hedged", "may")))
    gw = gateway(ep)
    assert ask(gw).level == "hedged"
    assert len(ep.requests) == 2 and gw.usage.calls == 2
    reask = json.dumps(ep.requests[1]["messages"])
    assert "Validation Error" in reask and "fix the errors" in reask


def test_reasks_are_bounded(mock_model):
    ep = mock_model.enqueue(*[mock_model.completion(arguments=json.dumps({"level": "sure"}))] * 3)
    gw = gateway(ep, max_reasks=2, attempts=1)
    with pytest.raises(ModelError, match="did not fit the schema"):
        ask(gw)
    assert len(ep.requests) == 3 and gw.usage.calls == 3 and gw.usage.failed_calls == 1


def test_a_bad_answer_after_its_reasks_gets_one_fresh_sampled_conversation(mock_model):
    bad = mock_model.completion(arguments=json.dumps({"level": "sure"}))
    ep = mock_model.enqueue(bad, bad, bad, mock_model.completion(arguments=label_json()))
    gw = gateway(ep, [], max_reasks=2)
    assert ask(gw).level == "reported"
    assert [len(b["messages"]) for b in ep.requests] == [2, 4, 6, 2]  # the fourth starts afresh
    assert [b["temperature"] for b in ep.requests] == [0, 0, 0, 0.7]
    assert (gw.usage.calls, gw.usage.failed_calls, gw.usage.retries, gw.usage.reasks) == (4, 1, 1, 2)
    ep = mock_model.enqueue(*[bad] * 7)
    before = len(ep.requests)
    with pytest.raises(ModelError, match="did not fit the schema"):
        ask(gateway(ep, [], max_reasks=2))  # only one fresh conversation, however many attempts are left
    assert len(ep.requests) - before == 6


def test_429_then_success_honours_retry_after(mock_model):
    limited = (429, {"error": {"message": "slow down", "type": "rate_limit", "code": "rate_limit_exceeded"}},
               {"retry-after": "1.5"})
    ep = mock_model.enqueue(limited, mock_model.completion(arguments=label_json()))
    sleeps: list[float] = []
    gw = gateway(ep, sleeps)
    assert ask(gw).level == "reported"
    assert len(ep.requests) == 2 and sleeps == [1.5]
    assert gw.log[-1].tries == 2 and gw.usage.calls == 1


def test_429_insufficient_quota_is_not_retried(mock_model):
    ep = mock_model.enqueue((429, {"error": {"message": "quota", "type": "insufficient_quota", "code": "insufficient_quota"}}))
    sleeps: list[float] = []
    with pytest.raises(ModelError, match="insufficient_quota"):
        ask(gateway(ep, sleeps))
    assert len(ep.requests) == 1 and sleeps == []


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_fail_fast(mock_model, status):
    ep = mock_model.enqueue((status, {"error": {"message": "no", "type": "invalid_request_error", "code": None}}))
    sleeps: list[float] = []
    with pytest.raises(ModelError) as err:
        ask(gateway(ep, sleeps, mode="tools"))
    assert len(ep.requests) == 1 and sleeps == []
    msg = str(err.value)
    assert "\n" not in msg and ("401" in msg if status == 401 else str(status) in msg)


def test_401_message_names_the_key_settings(mock_model):
    ep = mock_model.enqueue((401, {"error": {"message": "Incorrect API key", "type": "invalid_request_error"}}))
    with pytest.raises(ModelError, match="authentication failed.*CHECKER_API_KEY"):
        ask(gateway(ep))


def test_5xx_retried_until_attempts_run_out(mock_model):
    ep = mock_model.enqueue(*[(503, {"error": {"message": "busy"}})] * 3)
    sleeps: list[float] = []
    with pytest.raises(ModelError, match="HTTP 503.*after 3 tries"):
        ask(gateway(ep, sleeps, attempts=3))
    assert len(ep.requests) == 3 and len(sleeps) == 2


def test_connection_error_retried_then_success(mock_model):
    ep = mock_model.enqueue(httpx2.ConnectError("refused"), mock_model.completion(arguments=label_json()))
    assert ask(gateway(ep)).level == "reported"
    assert len(ep.requests) == 2


def test_connection_error_gives_one_line_and_is_not_retried_per_article(mock_model):
    ep = mock_model.enqueue(*[httpx2.ConnectError("refused")] * 2)
    gw = gateway(ep, attempts=2)
    with pytest.raises(ModelError, match=r"cannot connect .*after 2 tries$"):
        ask(gw)
    with pytest.raises(ModelError, match=r"^not checked: gave up on the model endpoint: .*cannot connect .*after 2 tries$"):
        ask(gw, "Another sentence.")
    assert len(ep.requests) == 2 and gw.control.stopped


def test_auto_tools_falls_back_to_json_once(mock_model, tmp_path):
    ep = mock_model.enqueue((400, {"error": {"message": "tools not supported"}}), mock_model.completion(content=label_json()))
    gw = gateway(ep, cache=Cache(tmp_path / "c"))
    assert ask(gw).cue == "reportedly"
    assert "tools" in ep.requests[0] and ep.requests[1]["response_format"] == {"type": "json_object"}
    assert gw.mode == "json" and gw.mode_fallback.startswith("tools -> json: ") and "tools not supported" in gw.mode_fallback
    assert gw.usage.failed_calls == 1 and gw.usage.calls == 1
    again = gateway(ep, cache=Cache(tmp_path / "c"))  # a rerun after the fallback: the same key, no request
    assert ask(again).cue == "reportedly" and again.usage.calls == 0 and len(ep.requests) == 2


@pytest.mark.parametrize("message", ["Invalid value for 'temperature'", "messages: field required", "context length exceeded"])
def test_an_arbitrary_400_does_not_switch_the_mode(mock_model, message):
    ep = mock_model.enqueue((400, {"error": {"message": message}}))
    gw = gateway(ep)
    with pytest.raises(ModelError, match="HTTP 400"):
        ask(gw)
    assert gw.mode == "tools" and gw.mode_fallback is None and len(ep.requests) == 1


@pytest.mark.parametrize("message", ["tools param requires --jinja flag",
                                     '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
                                     "registry.ollama.ai/library/gemma:2b does not support tools",
                                     "Tool calling is not supported by this model"])
def test_servers_without_tools_are_recognised(mock_model, message):
    ep = mock_model.enqueue((400, {"error": {"message": message}}), mock_model.completion(content=label_json()))
    gw = gateway(ep)
    assert ask(gw).level == "reported" and gw.mode == "json"


def test_cache_hit_makes_no_call(mock_model, tmp_path):
    ep = mock_model.enqueue(mock_model.completion(arguments=label_json(), prompt_tokens=40))
    first = gateway(ep, cache=Cache(tmp_path / "c"))
    answer = ask(first)
    again = gateway(ep, cache=Cache(tmp_path / "c"))  # the queue is empty: a request would fail
    assert ask(again) == answer
    assert again.usage.calls == 0 and again.usage.cached_calls == 1 and again.usage.prompt_tokens == 0
    assert len(ep.requests) == 1
    ep.enqueue(mock_model.completion(arguments=label_json("denied", "denied")))
    assert ask(gateway(ep, cache=Cache(tmp_path / "c")), "She denied it.").level == "denied"  # other input: a miss, one call
    assert len(ep.requests) == 2 and not ep.queue


def test_no_cache_always_calls(mock_model, tmp_path):
    ep = mock_model.enqueue(mock_model.completion(arguments=label_json()), mock_model.completion(arguments=label_json()))
    gw = gateway(ep, cache=Cache(tmp_path / "c", enabled=False))
    ask(gw), ask(gw)
    assert len(ep.requests) == 2 and gw.usage.cached_calls == 0


# ---- configuration -------------------------------------------------------------------

def test_pick_mode_per_endpoint(monkeypatch):
    assert pick_mode("https://api.openai.com/v1")[0] == "tools"
    assert pick_mode("http://127.0.0.1:8765/v1")[0] == "tools"
    assert pick_mode("http://localhost:11434/v1")[0] == "json_schema"
    assert pick_mode("http://127.0.0.1:8765/v1", "JSON")[0] == "json"
    monkeypatch.setenv("CHECKER_MODE", "md_json")
    assert pick_mode("https://api.openai.com/v1") == ("md_json", "set explicitly")
    with pytest.raises(ConfigError, match="unknown mode"):
        pick_mode(URL, "xml")


def test_resolve_config_errors(monkeypatch):
    with pytest.raises(ConfigError, match="no model configured"):
        resolve()
    with pytest.raises(ConfigError, match="no API key for OpenAI"):
        resolve("gpt-4o-mini")
    with pytest.raises(ConfigError, match="bad base URL"):
        resolve("m", base_url="127.0.0.1:8765")
    monkeypatch.setenv("CHECKER_MODEL", "envmodel")
    monkeypatch.setenv("CHECKER_BASE_URL", "http://127.0.0.1:8000/v1/")
    ep = resolve()
    assert (ep.model, ep.base_url, ep.mode) == ("envmodel", "http://127.0.0.1:8000/v1", "tools")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert resolve("gpt", base_url="https://api.openai.com/v1").api_key == "sk-test"


# ---- the engine on a fake ------------------------------------------------------------

ARTICLE_TEXT = (
    "The council approved the budget on Monday. "
    "Mayor Ann Lee said the new bridge will reopen in May. "
    "Critics reportedly fear the costs will double."
)


def article(text=ARTICLE_TEXT) -> Article:
    return Article(id="a1", text=text)


def claim(sid, quote, statement="s", speaker=("Ann Lee", "person"), cue=None, hedging="reported", time=None):
    return {"sentence_id": sid, "quote": quote, "statement": statement,
            "speaker": {"name": speaker[0], "kind": speaker[1]}, "via": [], "cue": cue, "hedging": hedging,
            "quote_kind": "indirect", "time": time, "reason": "checkable"}


def test_ungrounded_claims_dropped_and_counted(mock_model):
    answer = {"claims": [
        claim(2, "the new bridge will reopen in May", "The new bridge will reopen in May.", cue="said", time="in May"),
        claim(1, "the council rejected every budget since 2019", "The council rejected budgets."),  # not in text
        claim(3, "Critics", "Critics exist."),  # too short to be a claim's words
    ]}
    ep = mock_model.enqueue(mock_model.completion(arguments=json.dumps(answer)))
    engine = LLMEngine(gateway(ep))
    claims = engine.extract(article())
    text = ARTICLE_TEXT
    assert len(claims) == 1 and engine.dropped_ungrounded == 2
    c = claims[0]
    for span in (c.evidence, c.content, c.cue, c.speaker.span):
        assert text[span.start:span.end] == span.text
    assert c.evidence.text == "Mayor Ann Lee said the new bridge will reopen in May."
    assert c.content.text == "the new bridge will reopen in May" and c.cue.text == "said"
    assert c.time.expression == "in May" and text[c.time.span.start:c.time.span.end] == "in May"
    assert engine.usage.calls == 1 and engine.prompts()[0].id == "extract_claims"
    user = ep.requests[0]["messages"][1]["content"]
    assert "[S2] Mayor Ann Lee said the new bridge will reopen in May." in user
    assert "<<HINTS" not in user  # the rules found only what the sentences say outright


def test_hints_carry_resolved_speakers_and_chains_only(mock_model):
    text = "Ann Lee spoke on Monday. She said the bridge will reopen. An aide told Axios that costs rose. Bo Li said no."
    ep = mock_model.enqueue(mock_model.completion(arguments=json.dumps({"claims": []})))
    LLMEngine(gateway(ep)).extract(article(text))
    user = ep.requests[0]["messages"][1]["content"]
    hints = user[user.index("<<HINTS "):user.index("<<END HINTS ")]
    assert 'S2: Ann Lee (person) "said"' in hints and 'S3: An aide (anonymous) <- Axios "told"' in hints
    assert "S4" not in hints and "[S4] Bo Li said no." in user


def test_wrong_sentence_id_and_curly_quotes_repaired(mock_model):
    text = "Officials met. Bates said “we are in close touch” with aides."
    answer = {"claims": [claim(1, '"we are in close touch"', "Bates said they are in close touch.",
                               speaker=("Bates", "person"), cue="said", hedging="asserted")]}
    engine = LLMEngine(gateway(mock_model.enqueue(mock_model.completion(arguments=json.dumps(answer)))))
    [c] = engine.extract(article(text))
    assert c.content.text == "we are in close touch" and text[c.content.start:c.content.end] == c.content.text
    assert c.evidence.start == text.index("Bates")
    assert "repaired:sentence_id" in c.flags and "repaired:content" in c.flags
    assert any(f.startswith("hedging_conflict:asserted_but_attributed") for f in c.flags)


def test_hallucinated_time_and_statement_repaired(mock_model):
    answer = {"claims": [claim(3, "Critics reportedly fear the costs will double", "The pandemic ended the world.",
                               speaker=("author", "author"), hedging="asserted", time="October 20, 2023")]}
    engine = LLMEngine(gateway(mock_model.enqueue(mock_model.completion(arguments=json.dumps(answer)))))
    [c] = engine.extract(article())
    assert c.time is None and "dropped:time" in c.flags
    assert c.statement == "Critics reportedly fear the costs will double" and "repaired:statement" in c.flags
    assert "hedging_conflict:asserted_but_hedged_cue:reportedly" in c.flags
    assert c.speaker.kind == "author" and c.source == []


def test_speaker_not_in_article_and_verbless_quote_dropped(mock_model):
    answer = {"claims": [
        claim(2, "the new bridge will reopen in May", speaker=("Axios", "outlet"), cue="said"),
        claim(1, "The council approved the budget on Monday", speaker=("author", "author"), hedging="asserted"),
        claim(2, "Mayor Ann Lee", speaker=("Ann Lee", "person")),  # three words, no verb: not a claim
    ]}
    engine = LLMEngine(gateway(mock_model.enqueue(mock_model.completion(arguments=json.dumps(answer)))))
    first, second = engine.extract(article())
    assert engine.dropped_ungrounded == 1
    assert first.content.text.startswith("The council") and first.speaker.kind == "author" and first.flags == []
    assert second.speaker.kind == "author" and second.source == [] and "dropped:speaker" in second.flags


def test_repeats_merged_cue_outside_evidence_dropped_speaker_checked_against_rules(mock_model):
    answer = {"claims": [
        claim(2, "the new bridge will reopen in May", speaker=("Critics", "anonymous"), cue="approved", time=","),
        claim(2, "new bridge will reopen in", speaker=("Ann Lee", "person"), cue="said"),  # same claim again
    ]}
    engine = LLMEngine(gateway(mock_model.enqueue(mock_model.completion(arguments=json.dumps(answer)))))
    [c] = engine.extract(article())
    assert c.cue is None and c.time is None and {"dropped:cue", "dropped:time"} <= set(c.flags)
    assert "speaker_differs_from_rules:Ann Lee" in c.flags  # the rules found Ann Lee "said" in that sentence


def test_model_failure_is_a_per_article_error(mock_model):
    from checker.pipeline import check_articles

    ok = {"claims": [claim(2, "the new bridge will reopen in May")]}
    ep = mock_model.enqueue((400, {"error": {"message": "bad request"}}), mock_model.completion(arguments=json.dumps(ok)))
    engine = LLMEngine(gateway(ep, concurrency=1))
    other = Article(id="a2", path="b.txt", text=ARTICLE_TEXT + " ")
    report = check_articles([Article(id="a1", path="a.txt", text=ARTICLE_TEXT), other], engine, "test",
                            compare_articles=False)
    assert [e.article_id for e in report.errors] == ["a1"] and "400" in report.errors[0].message
    assert [c.article_id for c in report.claims] == ["a2"]
    assert report.meta.usage.calls == 1 and report.meta.prompts[0].id == "extract_claims"


def test_long_article_one_call_per_chunk_with_overlap(mock_model):
    text = " ".join(f"Sentence number {i} says the count was {i * 7} units." for i in range(60))
    sents = analyse(article(text)).sentences
    chunks = chunk_sentences(sents, max_chars=800, overlap=1)
    assert len(chunks) > 2 and len(chunks) < len(sents)
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert a[-1] == b[0]  # one sentence of overlap
    assert sorted({i for c in chunks for i in c}) == list(range(len(sents)))
    ep = mock_model.enqueue(*[mock_model.completion(arguments=json.dumps({"claims": []}))] * len(chunks))
    engine = LLMEngine(gateway(ep), max_chars=800)
    assert engine.extract(article(text)) == []
    assert engine.usage.calls == len(chunks) == len(ep.requests)


def test_response_model_has_no_unanchored_patterns():
    """llama.cpp falls back to free JSON on a schema it cannot convert (e.g. unanchored pattern)."""
    schema = json.dumps(ClaimsAnswer.model_json_schema())
    assert '"pattern"' not in schema and '"format"' not in schema


def test_500_wrapping_a_request_validation_error_is_not_retried(mock_model):
    body = {"error": {"message": "1 validation error:\n {'type': 'literal_error', 'loc': ('body', 'response_format', "
                                 "'type'), 'msg': \"Input should be 'text' or 'json_object'\"}",
                      "type": "internal_server_error"}}
    ep = mock_model.enqueue((500, body))
    sleeps: list[float] = []
    with pytest.raises(ModelError, match=r"HTTP 500.*CHECKER_MODE=json"):
        ask(gateway(ep, sleeps, mode="json_schema"))
    assert len(ep.requests) == 1 and sleeps == []


def test_chosen_quotes_are_listed_in_the_schema_and_a_quote_outside_them_is_reasked(mock_model):
    """With choose_quotes the answer schema enumerates the chunk's sentences and attribution
    contents (a grammar-enforcing server cannot stray); an answer outside them is re-asked."""
    outside = {"claims": [claim(2, "the bridge reopened early", cue="said")]}
    inside = {"claims": [claim(2, "the new bridge will reopen in May", cue="said")]}
    ep = mock_model.enqueue(mock_model.completion(arguments=json.dumps(outside)),
                            mock_model.completion(arguments=json.dumps(inside)))
    engine = LLMEngine(gateway(ep), choose_quotes=True)
    [c] = engine.extract(article())
    schema = ep.requests[0]["tools"][0]["function"]["parameters"]["$defs"]["ClaimAnswer"]["properties"]
    assert schema["sentence_id"]["enum"] == [1, 2, 3]
    assert schema["quote"]["enum"] == ["The council approved the budget on Monday.",
                                       "Mayor Ann Lee said the new bridge will reopen in May.",
                                       "Critics reportedly fear the costs will double.",
                                       "the new bridge will reopen in May", "the costs will double"]
    assert "quote" in ep.requests[1]["messages"][-1]["content"] and engine.usage.reasks == 1
    assert c.content.text == "the new bridge will reopen in May" and c.flags == []
    plain = mock_model.enqueue(mock_model.completion(arguments=json.dumps(inside)))
    LLMEngine(gateway(plain)).extract(article())  # off by default: the plain schema, free quotes
    assert "enum" not in plain.requests[-1]["tools"][0]["function"]["parameters"]["$defs"]["ClaimAnswer"]["properties"]["quote"]


def test_text_with_a_straight_quote_or_backslash_is_not_offered_as_a_quote():
    """llama-cpp-python 0.3 turns such enum strings into a grammar it cannot parse (the server crashes)."""
    from checker.extract.attribution import find_attributions
    from checker.extract.chunks import quote_choices

    text = 'The mayor said "the bridge will reopen" soon. The council approved the budget on Monday. A path C:\\x was cited.'
    analysis = analyse(Article(id="q", text=text))
    choices = quote_choices(analysis, [0, 1, 2], find_attributions(analysis))
    assert choices == ["The council approved the budget on Monday."]


def test_what_a_source_did_is_not_offered_as_the_words_of_a_claim():
    """An act reported of its source ("declined an invitation") is an attribution record, not a
    claim: its object is not a quote choice, as it is no hint either; a statement's content is."""
    from checker.extract.attribution import find_attributions
    from checker.extract.chunks import quote_choices

    for text, offered in (
        ("Senator Mark Hale declined an invitation to testify before the committee on Tuesday.", []),
        ("Senator Mark Hale said the committee would meet again on Tuesday.", ["the committee would meet again on Tuesday"]),
    ):
        analysis = analyse(Article(id="q", text=text))
        attributions = find_attributions(analysis)
        assert [a.claim for a in attributions] == [bool(offered)]
        assert quote_choices(analysis, [0], attributions) == [text, *offered]
