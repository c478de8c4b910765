"""Cross-article entity resolution: names, possessives, titles, roles by year, shared surnames."""

from checker.compare.entities import (
    Resolver,
    build_resolver,
    normalise_name,
    office_of,
    role_mentions,
    strip_title,
    title_before,
)


def test_possessives_quotes_and_articles_are_normalised():
    assert normalise_name("Biden’s") == "biden"
    assert normalise_name("Harris'") == "harris"
    assert normalise_name("‘Axios’") == "axios"
    assert normalise_name("the Philadelphia Democratic City Committee") == "philadelphia democratic city committee"


def test_titles_are_split_from_names():
    assert strip_title("president joe biden") == ("president", "joe biden")
    assert strip_title("former vice president joe biden") == ("former vice president", "joe biden")
    assert office_of("white house deputy press secretary") == "deputy press secretary"
    assert office_of("former vice president") == "former vice president"
    assert office_of("vermont senator") == "senator"


def test_title_written_before_a_name():
    text = "WASHINGTON, DC: President Joe Biden spoke. Former Vice President Joe Biden led. Is Joe Biden tired?"
    starts = [i for i in range(len(text)) if text.startswith("Joe Biden", i)]
    assert [title_before(text, s) for s in starts] == ["president", "former vice president", ""]


def test_name_variants_resolve_to_one_key():
    r = build_resolver([("Joe Biden", "Joe Biden", "a", 2024, "president"), ("Biden", "Joe Biden", "b", 2024, "")])
    for mention, article in [("Biden", "a"), ("Biden’s", "b"), ("Joe Biden", "c"), ("President Joe Biden", "c"), ("Biden", "c")]:
        assert r.resolve(mention, article, 2024) == "joe biden", mention


def test_people_sharing_a_surname_stay_apart():
    r = Resolver()
    r.add("Joe Biden", "a", 2024)
    r.add("Hunter Biden", "b", 2024)
    assert r.resolve("Hunter Biden", "b") != r.resolve("Joe Biden", "a")
    assert r.resolve("Biden", "a") == "joe biden"  # its own article has one Biden
    assert r.resolve("Biden", "c") == "biden?"  # elsewhere it is ambiguous
    assert r.is_person("hunter biden") and r.is_person("biden?")


def test_the_president_is_resolved_by_year():
    r = build_resolver([("Joe Biden", "Joe Biden", "a", 2024, "president")])
    assert r.resolve("the president", "x", 2024) == "joe biden"
    assert r.resolve("the president", "x", 2019) == ""  # no president known for 2019
    assert r.resolve_role("former president", 2024) is None


def test_role_mentions_skip_titles_and_former_holders():
    text = "how the president can help; the former president spoke; the vice president’s team; the 81-year-old President and"
    assert [role for _, _, role in role_mentions(text)] == ["president", "vice president", "president"]
    assert role_mentions("the President Joe Biden") == []


def test_two_people_with_one_surname_never_merge_across_articles():
    r = build_resolver([("Bill Clinton", "Bill Clinton", "a", 2016, "former president"),
                        ("Hillary Clinton", "Hillary Clinton", "a", 2016, ""),
                        ("Clinton", "Clinton", "b", 2016, ""),
                        ("Hunter Biden", "Hunter Biden", "c", 2020, ""), ("Joe Biden", "Joe Biden", "d", 2020, "")])
    assert r.resolve("Hillary Clinton", "b", 2016) == "hillary clinton"
    assert r.resolve("Clinton", "b", 2016) == "clinton?"  # two Clintons known, none in article b
    assert r.resolve("Biden", "c", 2020) == "hunter biden"  # the only Biden of article c
    assert r.resolve("Biden", "e", 2020) == "biden?"
    assert r.resolve_role("former president", 2016) is None
