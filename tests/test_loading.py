"""Loading articles: formats, metadata precedence, bad input as per-file errors."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.io.loading import article_id, load_articles, normalise

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def only_error(errors):
    assert len(errors) == 1, errors
    assert errors[0].stage == "load"
    assert "\n" not in errors[0].message
    return errors[0]


def test_seeds_load_sorted_with_content_ids():
    articles, errors = load_articles([SEEDS])
    assert errors == []
    assert [Path(a.path).name[:3] for a in articles] == ["000", "001", "002", "003"]
    for a in articles:
        raw = normalise(Path(a.path).read_text(encoding="utf-8"))
        assert a.text == raw
        assert a.id == article_id(raw) and len(a.id) == 16
    by = {Path(a.path).name[:3]: a for a in articles}
    assert by["002"].published.value == date(2019, 8, 30)
    assert by["002"].published.origin == "inferred"
    assert "August 30, 2019" in by["002"].published.evidence.text
    assert by["003"].outlet.value == "Business Insider" and by["003"].outlet.origin == "inferred"
    assert by["001"].title.value is None and by["001"].title.origin == "unknown"
    assert by["000"].year_frame.value == 2024


def test_normalise_newlines_and_nfc():
    assert normalise("Cafe\u0301\r\nline\rend") == "Caf\u00e9\nline\nend"


def test_markdown_front_matter_wins_over_inference(tmp_path):
    md = "---\ntitle: Given Title\noutlet: The Paper\ndate: 2024-10-20\n---\nInferred Headline Would Be This\n\nWASHINGTON (Reuters) - Body, 2019.\n"
    (a,), errors = load_articles([write(tmp_path / "a.md", md)])
    assert errors == []
    assert a.text.startswith("Inferred Headline Would Be This")
    assert (a.title.value, a.title.origin) == ("Given Title", "metadata")
    assert (a.outlet.value, a.outlet.origin) == ("The Paper", "metadata")
    assert (a.published.value, a.published.origin) == (date(2024, 10, 20), "metadata")
    assert (a.year_frame.value, a.year_frame.origin) == (2024, "metadata")


def test_html_text_and_meta_tags(tmp_path):
    html = """<html><head><title>Page - Site</title>
    <meta property="og:title" content="OG Title"><meta property="og:site_name" content="Reuters">
    <meta property="article:published_time" content="2024-10-21T08:00:00Z"><style>p {color: red}</style></head>
    <body><nav>Home | World</nav><article><h1>Big headline</h1><p>First <b>bold</b>
    sentence.</p><script>var x = 1;</script><p>Second &amp; last.</p></article></body></html>"""
    (a,), errors = load_articles([write(tmp_path / "page.html", html)])
    assert errors == []
    assert a.text == "Big headline\nFirst bold sentence.\nSecond & last."
    assert (a.title.value, a.outlet.value, a.published.value) == ("OG Title", "Reuters", date(2024, 10, 21))
    assert {a.title.origin, a.outlet.origin, a.published.origin} == {"metadata"}


def test_html_time_element_and_title_tag(tmp_path):
    html = "<html><head><title>Tag Title</title></head><body><p>Text one.</p><time datetime='2023-05-02'>May 2</time></body></html>"
    (a,), _ = load_articles([write(tmp_path / "p.htm", html)])
    assert a.title.value == "Tag Title"
    assert a.published.value == date(2023, 5, 2)
    assert a.outlet.origin == "unknown"


def test_json_object_list_and_keys(tmp_path):
    one = write(tmp_path / "one.json", json.dumps({"text": "Alpha text.", "title": "A", "source": {"name": "NewsAPI Outlet"}}))
    many = write(tmp_path / "many.json", json.dumps([{"body": "Beta text.", "date": "October 3, 2024"}, {"content": "Gamma."}, {"x": 1}]))
    articles, errors = load_articles([one, many])
    assert [a.path for a in articles] == [str(one), f"{many}#1", f"{many}#2"]
    assert articles[0].outlet.value == "NewsAPI Outlet" and articles[0].title.value == "A"
    assert articles[1].published.value == date(2024, 10, 3)
    assert only_error(errors).path == f"{many}#3"


def test_jsonl_each_line_an_article_bad_line_an_error(tmp_path):
    lines = ['{"text": "First article.", "outlet": "O1"}', "", "{not json", '{"text": "Third article."}']
    f = write(tmp_path / "feed.jsonl", "\n".join(lines))
    articles, errors = load_articles([f])
    assert [a.path for a in articles] == [f"{f}#1", f"{f}#4"]
    assert articles[0].outlet.value == "O1"
    err = only_error(errors)
    assert err.path == f"{f}#3" and err.message.startswith("invalid JSON")


def test_directory_recursive_sorted_skips_hidden_sidecars_and_other_files(tmp_path):
    write(tmp_path / "b" / "z.txt", "Zed article text.")
    write(tmp_path / "a.txt", "A article text.")
    write(tmp_path / "a.txt.meta.yaml", "outlet: Side Outlet\npublished: 2024-01-02\n")
    write(tmp_path / ".hidden" / "h.txt", "hidden")
    write(tmp_path / ".dot.txt", "hidden too")
    write(tmp_path / "notes.csv", "x,y")
    write(tmp_path / "c.json.meta.json", '{"title": "x"}')
    articles, errors = load_articles([tmp_path])
    assert errors == []
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in articles] == ["a.txt", "b/z.txt"]
    assert (articles[0].outlet.value, articles[0].outlet.origin) == ("Side Outlet", "metadata")
    assert articles[0].published.value == date(2024, 1, 2)


@pytest.mark.parametrize("ext", ["csv", "json", "jsonl"])
def test_metadata_sidecar_by_basename_path_or_id(tmp_path, ext):
    a = write(tmp_path / "a.txt", "Some article text about 2019.")
    b = write(tmp_path / "b.txt", "Another article\r\ntext.")  # the id is of the normalised text
    rows = [
        {"path": "a.txt", "title": "Sidecar A", "outlet": "Outlet A", "published": "2024-10-20"},
        {"id": article_id("Another article\ntext."), "title": "Sidecar B", "outlet": "", "published": ""},
    ]
    if ext == "csv":
        body = "path,id,title,outlet,published\n" + "\n".join(
            f"{r.get('path', '')},{r.get('id', '')},{r['title']},{r['outlet']},{r['published']}" for r in rows
        )
    elif ext == "json":
        body = json.dumps(rows)
    else:
        body = "\n".join(json.dumps(r) for r in rows)
    side = write(tmp_path / f"meta.{ext}", body)
    (first, second), errors = load_articles([a, b], metadata=side)
    assert errors == []
    assert (first.title.value, first.title.origin, first.outlet.value) == ("Sidecar A", "metadata", "Outlet A")
    assert (first.published.value, first.year_frame.value) == (date(2024, 10, 20), 2024)
    assert (second.title.value, second.title.origin) == ("Sidecar B", "metadata")
    assert second.outlet.origin == "unknown"  # empty values are not given


def test_metadata_sidecar_wins_over_front_matter_and_skipped_in_directory(tmp_path):
    write(tmp_path / "x.md", "---\ntitle: From Front Matter\n---\nBody text.\n")
    side = write(tmp_path / "meta.json", json.dumps({"x.md": {"title": "From Sidecar"}}))
    (a,), errors = load_articles([tmp_path], metadata=side)
    assert errors == []
    assert a.title.value == "From Sidecar"


def test_bad_metadata_sidecar_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="metadata file"):
        load_articles([SEEDS], metadata=write(tmp_path / "m.json", "{broken"))
    with pytest.raises(InputError, match="unsupported format"):
        load_articles([SEEDS], metadata=write(tmp_path / "m.txt", "x"))


def test_unparsable_given_date_is_noted_and_article_kept(tmp_path):
    f = write(tmp_path / "a.md", "---\ndate: sometime soon\n---\nText of it.\n")
    (a,), errors = load_articles([f])
    assert a.published.origin == "unknown"
    assert "not a complete date" in only_error(errors).message


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("bin.txt", b"PK\x03\x04\x00\x00binary", "binary file"),
        ("bad.json", b"{not json", "invalid JSON"),
        ("notext.json", b'{"title": "x"}', "no 'text'"),
        ("doc.pdf", b"%PDF-1.4", "unsupported format"),
        ("bad.md", b"---\ntitle: [x\n---\nBody.\n", "bad YAML front matter: did not find expected"),
        ("only-front-matter.md", b"---\ntitle: T\n---\n", "no article text"),
    ],
)
def test_bad_files_become_one_line_errors(tmp_path, name, data, message):
    f = write(tmp_path / name, data)
    articles, errors = load_articles([f])
    assert articles == []
    err = only_error(errors)
    assert err.path == str(f) and message in err.message


def test_bad_per_file_sidecar_is_that_files_error(tmp_path):
    f = write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "a.txt.meta.json", "[1, 2]")
    articles, errors = load_articles([f])
    assert articles == [] and only_error(errors).message == "sidecar a.txt.meta.json: expected a mapping of metadata keys"


def test_missing_path_is_an_error(tmp_path):
    articles, errors = load_articles([tmp_path / "nope.txt"])
    assert articles == [] and only_error(errors).message == "no such file or directory"


def test_5mb_file_rejected_with_clear_message(tmp_path):
    big = write(tmp_path / "big.txt", b"word " * 1_000_000)
    articles, errors = load_articles([big])
    assert articles == []
    assert only_error(errors).message.startswith("file is 5.0 MB, over the 2 MB limit")


def test_size_limit_configurable(tmp_path, monkeypatch):
    f = write(tmp_path / "a.txt", "x" * 300)
    assert load_articles([f], max_bytes=100)[0] == []
    monkeypatch.setenv("CHECKER_MAX_BYTES", "100")
    assert "0.0001 MB limit" in load_articles([f])[1][0].message
    assert len(load_articles([f], max_bytes=1000)[0]) == 1


def test_bad_file_does_not_lose_good_ones(tmp_path):
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, tmp_path / seed.name)
    write(tmp_path / "zz_bad.txt", b"\xff\xfe\x00\x00")
    articles, errors = load_articles([tmp_path])
    assert len(articles) == 2
    assert only_error(errors).path.endswith("zz_bad.txt")


def test_duplicate_content_kept_once_and_noted(tmp_path):
    a = write(tmp_path / "a.txt", "Same text.\n")
    b = write(tmp_path / "b.txt", "Same text.\r\n")  # same after normalising
    articles, errors = load_articles([a, b, a])  # the same path twice is silently one file
    assert [x.path for x in articles] == [str(a)]
    err = only_error(errors)
    assert err.path == str(b) and err.message.startswith(f"duplicate of {a}")


# ---- encodings, front matter in .txt, TSV, JSON-LD, stdin, skipped files, long texts ----------


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_windows_and_latin1_text_decoded_with_a_note(tmp_path, encoding):
    text = "Caf\u00e9 owners were na\u00efve, the mayor said."
    if encoding == "cp1252":
        text += " \u201cNo,\u201d he said \u2014 it\u2019s over."
    f = write(tmp_path / "a.txt", text.encode(encoding))
    (a,), errors = load_articles([f])
    assert errors == [] and a.text == text
    (note,) = a.notes
    assert note.startswith("not UTF-8 (byte 0x") and "decoded as cp1252" in note


def test_utf8_article_has_no_note(tmp_path):
    (a,), _ = load_articles([write(tmp_path / "a.txt", "Caf\u00e9 text here.")])
    assert a.notes == []


def test_txt_front_matter_read_like_markdown(tmp_path):
    f = write(tmp_path / "a.txt", "---\ntitle: Given\noutlet: The Paper\npublished: 2024-10-20\n---\nBody text here.\n")
    (a,), errors = load_articles([f])
    assert errors == [] and a.text == "Body text here."
    assert (a.title.value, a.outlet.value, a.published.value) == ("Given", "The Paper", date(2024, 10, 20))
    assert a.metadata_from == {"title": "front matter", "outlet": "front matter", "published": "front matter"}


def test_txt_starting_with_a_rule_stays_text(tmp_path):
    f = write(tmp_path / "a.txt", "---\nJust a rule, then prose.\n---\nMore prose.\n")
    (a,), errors = load_articles([f])
    assert errors == [] and a.text.startswith("---\nJust a rule")


def test_tsv_metadata_sidecar(tmp_path):
    f = write(tmp_path / "a.txt", "Some article text.")
    side = write(tmp_path / "meta.tsv", "path\ttitle\toutlet\tpublished\na.txt\tTab, Title\tThe Outlet\t2024-10-20\n")
    (a,), errors = load_articles([f], metadata=side)
    assert errors == []
    assert (a.title.value, a.outlet.value, a.published.value) == ("Tab, Title", "The Outlet", date(2024, 10, 20))
    assert a.metadata_from["title"] == "--metadata meta.tsv"


def test_html_json_ld_news_article_wins_over_meta_tags(tmp_path):
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {"@type": ["NewsArticle"], "headline": "LD headline", "datePublished": "2024-10-21T08:00:00-04:00",
         "publisher": {"@type": "Organization", "name": "The LD Times"}, "author": [{"name": "A. Writer"}]}]}
    html = (f'<html><head><meta property="og:title" content="OG Title"><script type="application/ld+json">{json.dumps(ld)}'
            '</script><script type="application/ld+json">{broken</script></head><body><article><p>Body text.</p></article></body></html>')
    (a,), errors = load_articles([write(tmp_path / "p.html", html)])
    assert errors == [] and a.text == "Body text."
    assert (a.title.value, a.outlet.value, a.published.value) == ("LD headline", "The LD Times", date(2024, 10, 21))
    assert set(a.metadata_from.values()) == {"HTML JSON-LD NewsArticle"}


def test_html_without_json_ld_says_where_meta_came_from(tmp_path):
    html = '<html><head><title>T</title><meta property="og:site_name" content="Reuters"></head><body><p>Body.</p></body></html>'
    (a,), _ = load_articles([write(tmp_path / "p.html", html)])
    assert a.metadata_from == {"title": "HTML <title>", "outlet": "HTML og:site_name"}


def test_stdin_text_and_jsonl():
    import io

    from checker.io.loading import STDIN, load

    one = load(["-"], stdin=io.BytesIO(b"An article read from standard input."))
    assert [a.path for a in one.articles] == [STDIN] and one.errors == []
    lines = b'{"text": "First article.", "outlet": "A"}\n{"text": "Second article."}\n'
    many = load(["-"], stdin=io.BytesIO(lines), stdin_format="jsonl")
    assert [a.path for a in many.articles] == [f"{STDIN}#1", f"{STDIN}#2"] and many.articles[0].outlet.value == "A"
    empty = load(["-"], stdin=io.BytesIO(b""))
    assert empty.articles == [] and empty.errors[0].message == "empty standard input"


def test_skipped_files_are_listed_with_the_reason(tmp_path):
    from checker.io.loading import load

    write(tmp_path / "a.txt", "Article text.")
    write(tmp_path / "a.txt.meta.yaml", "title: T\n")
    write(tmp_path / ".hidden.txt", "Hidden.")
    write(tmp_path / ".git" / "x.txt", "Inside a hidden folder.")
    write(tmp_path / "sub" / "doc.pdf", b"%PDF-1.4")
    loaded = load([tmp_path])
    assert [a.path for a in loaded.articles] == [str(tmp_path / "a.txt")]
    assert [(s.path, s.reason.split(" (")[0]) for s in loaded.skipped] == [
        (str(tmp_path / ".git") + "/", "hidden directory"),
        (str(tmp_path / ".hidden.txt"), "hidden file"),
        (str(tmp_path / "sub" / "doc.pdf"), "unsupported extension '.pdf'"),
    ]


def test_text_longer_than_spacy_max_length_checked_in_pieces(tmp_path, monkeypatch):
    from checker.extract.nlp import load_nlp
    from checker.extract.offline import OfflineEngine
    from checker.io import loading

    paragraph = (SEEDS / "000_42b4f9efee81d31f.txt").read_text(encoding="utf-8").strip()
    text = "\n\n".join(f"{paragraph} ({n})" for n in range(4))
    monkeypatch.setattr(loading, "PIECE_CHARS", len(paragraph) + 200)
    monkeypatch.setattr(load_nlp(), "max_length", len(paragraph) + 200)  # what raised E088 is now the limit
    monkeypatch.setenv("CHECKER_MAX_BYTES", str(10 * len(text)))
    articles, errors = load_articles([write(tmp_path / "long.txt", text)])
    assert errors == [] and len(articles) == 4
    assert "".join(a.text for a in articles) == normalise(text)
    assert [a.path for a in articles] == [f"{tmp_path / 'long.txt'}#part{n}" for n in range(1, 5)]
    assert articles[1].notes[0].startswith("piece 2 of 4 of a ")
    assert articles[1].year_frame.value == articles[0].year_frame.value
    engine = OfflineEngine()
    assert all(engine.extract(a) for a in articles)  # parsed without spaCy's E088
