"""Sub-sentence claim units (analysis.claim_units): where a sentence splits, and that units always
partition it exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claim_units import claim_texts, has_figure, has_verb, split_units

PIECES = st.sampled_from(
    [
        "The plant", "which employs 3,000 people", "will close in May", "and", "while", "who",
        "said", "according to the police", "; ", ", ", " ", "\u201c", "\u201d", "\"", "five",
        "children were hurt", "he said", "Officials", "because", "the talks failed", ".", "  ",
        "\n", "\u2014", "it plans to", "whose", "after", "sales resumed", "with 40 people on board",
        "killing", "carrying about 12 tourists", "operated by Kessler Lines", "(", ")", "and",
        "announced the minister", "Mk-12", "12", ", resulting in the loss of",
        "ultimately leading to", ", leaving", "that engulfed a depot in Lesk", "rose to 14",
        "the fact that", "people died", "and 23 were injured", "While", "When", "With", "After",
        "costing millions",
    ]
)  # fmt: skip


def _covered(text: str) -> list[int]:
    spans = sorted(s for u in split_units(text) for s in u.spans)
    return [k for s, e in spans for k in range(s, e)]


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join) | st.text(max_size=80))
def test_units_partition_the_sentence_exactly(text: str) -> None:
    units = split_units(text)
    if not text.strip():
        assert units == ()
        return
    assert _covered(text) == list(range(len(text)))  # every character once, nothing outside
    for unit in units:
        assert unit.text.strip()  # never empty
        pieces = [" ".join(text[s:e].split()) for s, e in unit.spans]
        assert unit.text == " ".join(p for p in pieces if p)  # offsets exact
    assert [u.start for u in units] == sorted(u.start for u in units)


def test_coordinated_clauses_with_their_own_verbs_split() -> None:
    texts = [u.text for u in split_units("Five people were killed; dozens were injured.")]
    assert texts == ["Five people were killed;", "dozens were injured."]
    units = split_units("The firm halted sales in April, while rivals gained ground in China.")
    assert [u.text for u in units][1] == "while rivals gained ground in China."


def test_a_clause_without_a_verb_stays_with_its_neighbour() -> None:
    text = "The bus was carrying 40 tourists, and five children."
    assert [u.text for u in split_units(text)] == [text]
    assert len(split_units("He was born in 1950 and grew up in a small town.")) == 1


def test_a_relative_clause_is_a_unit_and_the_main_clause_closes_around_it() -> None:
    units = split_units("The plant, which employs 3,000 people, will close in May.")
    kinds = {u.kind: u.text for u in units}
    assert kinds["relative"] == "which employs 3,000 people,"
    assert kinds["clause"] == "The plant, will close in May."
    main = next(u for u in units if u.kind == "clause")
    assert len(main.spans) == 2


def test_reporting_frames_are_peeled_off() -> None:
    units = split_units("The ministry said on Monday that exports fell by 7 percent.")
    assert [u.kind for u in units] == ["attribution", "clause"]
    assert claim_texts("Exports fell by 7 percent in March, according to the ministry.") == (
        "Exports fell by 7 percent in March,",
    )
    assert claim_texts('"Exports will recover," the minister said.') == ('"Exports will recover,"',)


def test_a_plain_sentence_is_its_own_only_unit() -> None:
    assert claim_texts("Rain is expected tomorrow.") == ("Rain is expected tomorrow.",)
    assert claim_texts("   ") == ()


def test_verbs_are_told_from_participles_after_a_determiner() -> None:
    assert has_verb("the company expanded its plant")
    assert not has_verb("the injured passengers")
    assert has_verb("which employs many people")
    assert not has_verb("five children")


def test_a_leading_according_to_is_an_attribution_not_a_unit() -> None:
    units = split_units("According to the ministry, 40 people were on board, and the jet vanished.")
    assert [u.kind for u in units] == ["attribution", "clause", "clause"]
    assert claim_texts("According to early data, all those on board were killed.") == (
        "all those on board were killed.",
    )
    # a relative clause right after it keeps the frame in the sentence
    assert "attribution" not in {
        u.kind for u in split_units("According to Reuters, which cited officials, it crashed.")
    }


def test_according_to_with_a_relative_clause_that_only_reports_is_one_frame() -> None:
    text = "According to Deputy Mayor Ada Voss, who confirmed the report, the dam broke at 4:10."
    units = split_units(text)
    assert [(u.kind, u.text) for u in units] == [
        ("attribution", "According to Deputy Mayor Ada Voss, who confirmed the report,"),
        ("clause", "the dam broke at 4:10."),
    ]
    assert claim_texts(text) == ("the dam broke at 4:10.",)
    # a relative clause that states what the speaker did is no frame: it stays a unit
    kinds = [
        u.kind
        for u in split_units("According to the pilot, who fled the cabin, the jet hit a pylon.")
    ]
    assert "attribution" not in kinds and "relative" in kinds


def test_a_list_joined_by_and_is_not_cut_into_clauses() -> None:
    assert claim_texts(
        "The firm sold chips, phones, and laptops, and the union said it would strike."
    ) == (
        "The firm sold chips, phones, and laptops,",
        "and the union said it would strike.",
    )
    assert claim_texts("Police arrested two men, and the mayor said the town was safe.") == (
        "Police arrested two men,",
        "and the mayor said the town was safe.",
    )


def test_a_colon_between_two_clauses_cuts_them_but_a_clock_time_does_not() -> None:
    assert claim_texts(
        "The storm hit the coast at night: the river flooded two villages nearby."
    ) == (
        "The storm hit the coast at night:",
        "the river flooded two villages nearby.",
    )
    assert len(claim_texts("At 4:10 p.m. the blaze began in the boiler room of the depot.")) == 1


def test_a_reporting_verb_with_a_plain_object_is_no_attribution_frame() -> None:
    text = "The ministry confirmed the discovery, while the agency said the site is 15 km away."
    assert claim_texts(text)[0] == "The ministry confirmed the discovery,"
    assert claim_texts("The mayor said the bridge will reopen on Monday.") == (
        "the bridge will reopen on Monday.",
    )


def test_a_count_phrase_without_a_verb_is_a_unit_and_its_clause_closes_around_it() -> None:
    units = split_units("A ferry with 120 people on board sank off the coast near Varnholt.")
    kinds = {u.kind: u.text for u in units}
    assert kinds["relative"] == "with 120 people on board"
    assert kinds["clause"] == "A ferry sank off the coast near Varnholt."
    # an aside in brackets or between dashes stays inside the count phrase
    text = "A coach with 52 people on board (48 pupils, 4 teachers) overturned near Lesk."
    assert claim_texts(text)[1] == "with 52 people on board (48 pupils, 4 teachers)"
    text = "A coach with 52 people on board\u2014including 4 teachers\u2014overturned near Lesk."
    assert claim_texts(text)[1] == "with 52 people on board\u2014including 4 teachers\u2014"


def test_a_count_after_a_comma_is_a_unit_but_another_participle_phrase_is_not() -> None:
    text = "A gas blast hit a market in Dunmere on Friday, killing 12 people and injuring 30."
    assert claim_texts(text) == (
        "A gas blast hit a market in Dunmere on Friday,",
        "killing 12 people and injuring 30.",
    )
    text = "The ferry, operated by a small firm from Kessington, sank in the storm."
    assert claim_texts(text) == (text,)


def test_a_result_tail_after_a_comma_is_a_clause_of_its_own() -> None:
    """What the main clause's event caused, counted (a toll, homes evacuated), is a claim other
    outlets state on its own; the main clause keeps the event and its date."""
    text = "The roof of the old depot in Varnholt collapsed on Friday, resulting in the death of 7."
    assert claim_texts(text) == (
        "The roof of the old depot in Varnholt collapsed on Friday,",
        "resulting in the death of 7.",
    )
    text = "The blaze began in a workshop, prompting the evacuation of 40 homes, police said."
    assert claim_texts(text) == (
        "The blaze began in a workshop,",
        "prompting the evacuation of 40 homes,",
    )
    text = "Floods cut the valley road, ultimately bringing the toll to 14."
    assert [u.kind for u in split_units(text)] == ["clause", "clause"]
    assert split_units(text)[1].text == "ultimately bringing the toll to 14."


def test_a_short_or_uncounted_result_tail_or_one_after_no_clause_stays_put() -> None:
    for text in (
        "A bomb went off near the station, causing panic.",  # two words
        "The blaze began in a workshop, prompting the evacuation of the street.",  # no figure
        "A terrible night in Lesk, resulting in the loss of four homes.",  # no verb before it
        "Ministers met the unions on Monday without resulting in any deal.",  # no comma
    ):
        assert claim_texts(text) == (text,), text


def test_a_relative_clause_without_a_comma_in_the_subject_is_cut_out() -> None:
    """In "The toll from a blast that wrecked X rose to 12" the toll and the event are two
    claims; the relative clause ends before the main clause's verb, or at a comma a clause
    follows."""
    text = "The death toll from a gas blast that wrecked a market in Dunmere rose to 12 on Sunday."
    assert claim_texts(text) == (
        "The death toll from a gas blast rose to 12 on Sunday.",
        "that wrecked a market in Dunmere",
    )
    text = "In a flood that swept through the lower town of Lesk overnight, 9 people were killed."
    assert claim_texts(text) == (
        "In a flood 9 people were killed.",
        "that swept through the lower town of Lesk overnight,",
    )
    # a participle after a noun inside it is no main verb; the last "-ed" word is
    text = "The storm that hit the old harbour located in Lesk destroyed forty fishing boats."
    assert claim_texts(text)[1] == "that hit the old harbour located in Lesk"


def test_no_subject_relative_clause_is_cut_after_a_verb_a_function_word_or_a_short_one() -> None:
    for text in (
        "Police arrested a man who had attacked a guard at the station.",  # after the verb
        "The fact that the mayor resigned in May surprised nobody in the town.",  # no verb next
        "The bridge that fell was old and badly kept.",  # three words
        "So that was the plan the council agreed on Monday.",  # a function word before it
    ):
        assert claim_texts(text) == (text,), text


def test_a_toll_and_the_injured_joined_by_and_are_two_clauses() -> None:
    """The dead and the injured are two counts a story revises apart; other counts joined by
    "and" are one account and stay whole, as does a range."""
    text = "At least 23 people died and 40 others were injured when the ferry capsized."
    assert claim_texts(text) == (
        "At least 23 people died",
        "and 40 others were injured when the ferry capsized.",
    )
    text = "In Lesk, nine people were killed and 14 injured in the blast."
    assert claim_texts(text) == ("In Lesk, nine people were killed", "and 14 injured in the blast.")
    for text in (
        "Of the 20 miners, 15 were trapped and five managed to escape on their own.",
        "Between 10 and 20 people were hurt in the crash.",
        "He was sentenced to 5 years and 3 months in prison.",
    ):
        assert claim_texts(text) == (text,), text


def test_count_qualifiers_are_read_alike_after_and_and_in_a_count_phrase() -> None:
    """One list of qualifiers between a count's lead word and its figure serves both cuts."""
    text = "At least 23 people died and up to 40 others were injured in the blast."
    assert claim_texts(text) == (
        "At least 23 people died",
        "and up to 40 others were injured in the blast.",
    )
    text = "A barge with another 30 people on board ran aground near Lesk."
    assert claim_texts(text) == (
        "A barge ran aground near Lesk.",
        "with another 30 people on board",
    )


def test_a_count_phrase_too_short_or_the_clause_verb_stays_in_its_clause() -> None:
    for text in (
        "A van with 3 people crashed into a wall.",  # four words
        "The bus was carrying 40 tourists when it left the road.",  # the clause's own verb
    ):
        assert len(claim_texts(text)) == 1, text


def test_a_comma_in_a_figure_is_kept_but_a_line_of_statistics_is_no_unit() -> None:
    text = "The ship with 1,200 people on board sank in the storm."
    assert claim_texts(text) == ("The ship sank in the storm.", "with 1,200 people on board")
    text = "The striker ended the season with 31 goals and 12 assists in 38 games."
    assert claim_texts(text) == (text,)


def test_a_clause_opening_after_a_phrase_is_a_unit_of_its_own() -> None:
    text = (
        "Rescuers lost contact with a trawler carrying about 30 crew in the north, "
        "and a search began at dawn."
    )
    assert claim_texts(text) == (
        "Rescuers lost contact with a trawler",
        "carrying about 30 crew in the north,",
        "and a search began at dawn.",
    )


def test_a_fronted_subordinate_clause_is_a_unit_of_its_own() -> None:
    """A clause before the main clause states a fact of its own; a reporting frame after it is
    peeled off as one at the start of the sentence is."""
    text = "While the cause remains unknown, officials confirmed that the blaze was contained."
    assert [(u.kind, u.text) for u in split_units(text)] == [
        ("fronted", "While the cause remains unknown,"),
        ("attribution", "officials confirmed that"),
        ("clause", "the blaze was contained."),
    ]
    text = "When rescuers arrived at the depot, the roof had already fallen in."
    assert claim_texts(text) == (
        "When rescuers arrived at the depot,",
        "the roof had already fallen in.",
    )
    # a word that only opens clauses needs no verb has_verb knows ("continue")
    text = "Although talks between the two unions continue, the strike began on Monday."
    assert claim_texts(text)[0] == "Although talks between the two unions continue,"
    # a count or an absolute participle after a fronted "with"; a long event phrase after "after"
    text = "With 40 people on board the old ferry, the crew radioed for help at dawn."
    assert claim_texts(text)[0] == "With 40 people on board the old ferry,"
    text = "With prices rising across the whole region, the bank raised its rate again."
    assert claim_texts(text)[0] == "With prices rising across the whole region,"
    text = "After the sudden collapse of the talks in Varn, the union called a strike."
    assert claim_texts(text) == (
        "After the sudden collapse of the talks in Varn,",
        "the union called a strike.",
    )


def test_no_fronted_unit_without_a_clause_or_a_main_clause_after_it() -> None:
    for text in (
        "After the storm, the ferry sank near the harbour.",  # a short phrase
        "As of Monday, 14 people had been found.",  # no verb: no clause
        "When in doubt, the crew waits for the pilot.",  # too short
        "With the mayor, the minister visited the depot.",  # neither a count nor a participle
        "While the fire spread through the hall, at night.",  # no main clause follows
    ):
        assert all(u.kind != "fronted" for u in split_units(text)), text
    # a comma before a relative clause does not end it
    text = "When the old roof gave way, which nobody expected, nine pupils were inside."
    units = split_units(text)
    assert units[0].kind == "fronted" and units[0].text.endswith("nobody expected,")


def test_a_comma_inside_brackets_does_not_end_a_fronted_clause() -> None:
    text = "When the roof (built in 1962, then patched) gave way, nine pupils were inside."
    assert claim_texts(text)[0] == "When the roof (built in 1962, then patched) gave way,"


def _open_commas_by_depth(text: str, start: int, hi: int) -> list[int]:
    """The rule as first written: a bracket count from `start` for every comma."""

    def depth(at: int) -> int:
        d = 0
        for ch in text[start:at]:
            d = d + 1 if ch in "([" else d - 1 if ch in ")]" and d else d
        return d

    return [k for k in range(start, hi - 1)
            if text[k] == "," and text[k + 1].isspace() and depth(k) == 0]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab ,()[]", max_size=40), st.integers(0, 5))
def test_open_commas_in_one_pass_equal_a_bracket_count_per_comma(text: str, start: int) -> None:
    from analysis.claim_units import _open_commas

    start = min(start, len(text))
    assert _open_commas(text, start, len(text)) == _open_commas_by_depth(text, start, len(text))


def test_a_result_tail_counted_by_a_magnitude_is_a_clause_of_its_own() -> None:
    text = "Regulators halted sales of the drug in May, costing the maker millions in revenue."
    assert claim_texts(text) == (
        "Regulators halted sales of the drug in May,",
        "costing the maker millions in revenue.",
    )


def test_two_clauses_joined_by_a_comma_alone_are_two_units() -> None:
    """A comma splice states two claims; a comma before an appositive, a participle, a verbless
    phrase, a closing reporting frame or after a subordinate clause inside a clause is none."""
    text = "Nine people died in the blast at the depot, the inquiry is under way."
    assert claim_texts(text) == (
        "Nine people died in the blast at the depot,",
        "the inquiry is under way.",
    )
    text = "All 20 crew had been found by noon, among whom three were taken to hospital."
    assert [(u.kind, u.text) for u in split_units(text)] == [
        ("clause", "All 20 crew had been found by noon,"),
        ("relative", "among whom three were taken to hospital."),
    ]
    for text in (
        "The ferry sank in the storm on Monday, 15 km from the harbour.",
        "The ferry sank in the storm, a spokesman for the coast guard told reporters.",
        "Ilse Varga, the ferry's owner, was questioned by the police.",
        "Officials have argued for years that if the dam fails, the valley will flood.",
    ):
        assert len(claim_texts(text)) == 1, text


def test_a_count_of_few_words_is_still_clustered_as_a_unit() -> None:
    """A unit shorter than MIN_UNIT_WORDS is compared only inside its sentence unless it counts:
    "and 40 others hurt" is a claim of its own."""
    from analysis.unit_match import clustered_units

    assert clustered_units("Nine people lost their lives and 40 others hurt.") == (
        "Nine people lost their lives",
        "and 40 others hurt.",
    )
    assert has_figure("and 40 others hurt") and has_figure("twelve were hurt")
    assert not has_figure("the B52 bomber") and not has_figure("an Mk-12 rifle")


def test_a_model_code_does_not_read_as_an_article() -> None:
    assert has_verb("A Tu-154 disappeared from radar")
    assert not has_verb("An injured passenger")


SUBJECTS = st.sampled_from(["A ferry", "The old bus", "A small cargo plane", "Their coach"])
COUNTS = st.sampled_from(["12", "about 40", "at least 7", "nearly thirty", "1,200", "five"])
NOUNS = st.sampled_from(["people on board", "passengers and crew", "pupils from Lesk", "tourists"])
ASIDES = st.sampled_from(
    ["", " (8 of them children)", "\u2014including 3 guides\u2014", ", all adults,"]
)
VERBS = st.sampled_from(
    ["sank near the harbour.", "crashed on Monday.", "was found in the hills.", "left at dawn."]
)


@settings(max_examples=200, deadline=None)
@given(SUBJECTS, COUNTS, NOUNS, ASIDES, VERBS)
def test_a_count_phrase_unit_maps_back_to_the_text_and_leaves_its_clause_a_verb(
    subject: str, count: str, noun: str, aside: str, verb: str
) -> None:
    text = f"{subject} with {count} {noun}{aside} {verb}"
    units = split_units(text)
    assert _covered(text) == list(range(len(text)))
    phrase = next((u for u in units if u.text.startswith("with ")), None)
    if len(f"with {count} {noun}".split()) < 5:
        assert phrase is None or len(phrase.text.split()) >= 5
        return
    assert phrase is not None and phrase.kind == "relative"
    start, end = phrase.spans[0]
    assert text[start:end].strip().startswith(f"with {count} {noun}")
    main = next(u for u in units if u.kind == "clause")
    assert has_verb(main.text) and main.text.startswith(subject)
    assert verb in main.text
