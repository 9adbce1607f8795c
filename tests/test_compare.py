"""The comparison stage on constructed reports (analysis.compare): times, weekdays, directions."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from analysis import compare
from analysis.compare import ArticleFacts, compare_articles, story_year
from analysis.contradiction import stating_members
from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.model import AlignUnit, ArticleText, ClusterDraft, ClusterMember, FlagDraft
from analysis.pipeline import extract_article
from analysis.result_codec import decode, encode
from analysis.segment import segment_with_hits
from store import Store

# a second sentence naming the story, so that the reports count as one story
STORY = "\nIt was the worst blaze since officials in Dunmore, Corvale and Norland met Halvik."


def run(*texts: str, published: list[date | None] | None = None, cluster: bool = False,
        story: str = STORY) -> list[FlagDraft]:  # fmt: skip
    arts = [
        ArticleText(
            article_id=i + 1,
            source=f"Outlet {chr(65 + i)}",
            text=t + story,
            published=(published or [None] * len(texts))[i],
        )
        for i, t in enumerate(texts)
    ]
    sentences = {a.article_id: segment_with_hits(a.text)[0] for a in arts}
    clusters = (
        [ClusterDraft("all", tuple(ClusterMember(a.article_id, 0, 1.0) for a in arts))]
        if cluster
        else []
    )
    return compare_articles(arts, sentences, {}, clusters)


def quotes(flag: FlagDraft) -> set[str]:
    assert flag.other is not None
    return {flag.side.quote, flag.other.quote}


def test_departure_times_one_digit_apart_conflict_in_either_order() -> None:
    a = "The airliner departed Dunmore at 9:14 a.m. local time, according to the airport."
    b = "At 9:18 a.m. the airliner departed from Dunmore in light rain."
    for texts in ((a, b), (b, a)):
        flags = run(*texts)
        assert len(flags) == 1 and flags[0].slot == "time"
        assert quotes(flags[0]) == {"9:14 a.m. local time", "9:18 a.m."}
        assert "4 minutes apart" in flags[0].explanation


def test_reports_of_different_stories_are_not_compared() -> None:
    assert (
        run(
            "The airliner departed Dunmore at 9:14 a.m. local time, according to the airport.",
            "At 9:18 a.m. the airliner departed from Dunmore in light rain.",
            story="",
        )
        == []
    )


def test_the_same_time_written_differently_is_no_conflict() -> None:
    assert (
        run(
            "The airliner departed Dunmore at 9:14 a.m. local time.",
            "The airliner departed Dunmore at 09:14.",
        )
        == []
    )


def test_times_of_different_events_are_not_compared() -> None:
    assert (
        run(
            "The airliner departed Dunmore at 9:14 a.m.",
            "Divers found the fuselage in the lake at 4:40 p.m.",
        )
        == []
    )


def test_times_of_two_acts_outside_one_claim_are_not_compared() -> None:
    # the blaze's time and the minute it was reported, or a witness's sighting and the crime:
    # two acts, however many words about the blaze the sentences share
    acts = [
        ("Investigators called the 3:10 a.m. blaze at the Dunmore mill suspicious.",
         "The blaze at the Dunmore mill was reported at 3:14 a.m. by a neighbour."),
        ("The theft at the Dunmore depot is said to have taken place at 2 am in the yard.",
         "A guard saw the Dunmore depot yard van at 11:41 p.m. with its lights off."),
    ]  # fmt: skip
    for a, b in acts:
        assert run(a, b) == []
    # the same act timed differently still conflicts outside a claim
    same = run(
        "The call about the blaze at the Dunmore mill came in at 3:14 a.m.",
        "The call about the Dunmore mill blaze came in at 3:10 a.m., the fire chief said.",
    )
    assert len(same) == 1 and quotes(same[0]) == {"3:14 a.m.", "3:10 a.m."}
    # inside one claim the aligner vouches for one event, verbs or not
    assert len(run(*acts[0], cluster=True)) == 1


def test_a_status_time_is_not_an_event_time() -> None:
    assert (
        run(
            "As of 6:45, divers had recovered nine of the crew from the lake.",
            "As of 9 pm, divers had recovered all ten of the crew from the lake.",
            cluster=True,
        )
        == []
    )


def test_one_local_time_with_two_utc_readings_conflicts() -> None:
    flags = run(
        "At the depot the fire started at 4:50 a.m. (02:50 GMT), a guard said.",
        "According to the brigade, the depot fire started at 4:50 a.m. (13:50 GMT).",
    )
    assert len(flags) == 1
    assert "02:50 and 13:50 UTC" in flags[0].explanation


def test_a_utc_reading_the_country_zone_rules_out_is_flagged_alone() -> None:
    flags = run("A guard in northern Greece saw the depot fire start at 4:50 a.m. (13:50 GMT).")
    assert [f.detector for f in flags] == ["compare-zone"]
    assert "UTC−9" in flags[0].explanation and "UTC+2" in flags[0].explanation
    right = "A guard in northern Greece saw the depot fire start at 4:50 a.m. (02:50 GMT)."
    assert run(right) == []


def test_the_reading_the_zone_rules_out_is_the_odd_one_out_whatever_the_order() -> None:
    right = "In northern Greece the depot fire started at 4:50 a.m. (02:50 GMT), a guard said."
    wrong = "A guard said the depot fire in northern Greece started at 4:50 a.m. (13:50 GMT)."
    for texts in ((right, wrong), (wrong, right)):
        flags = [f for f in run(*texts) if f.detector == "compare-time"]
        assert len(flags) == 1
        odd = "Outlet A" if texts[0] == wrong else "Outlet B"
        assert f"{odd} is the odd one out" in flags[0].explanation
        assert "13:50 GMT" in flags[0].side.quote


def test_undated_reports_take_the_story_year_never_the_clock() -> None:
    dated = ArticleText(1, "A", "It happened.", published=date(2019, 3, 2))
    undated = ArticleText(2, "B", "In 2016 and again in 2016 it happened; 2021 too.")
    assert story_year([dated, undated]) == 2019
    assert story_year([undated]) == 2016
    assert story_year([ArticleText(3, "C", "No year here.")]) is None


def test_possible_members_are_not_compared_as_one_claim() -> None:
    texts = [
        "The airliner departed Dunmore at 9:14 a.m. local time, according to the airport." + STORY,
        "At 9:18 a.m. the airliner departed from Dunmore in light rain." + STORY,
    ]
    arts = [ArticleText(i + 1, f"Outlet {i}", t) for i, t in enumerate(texts)]
    sentences = {a.article_id: segment_with_hits(a.text)[0] for a in arts}
    members = (ClusterMember(1, 0, 1.0), ClusterMember(2, 0, 0.4, tier="possible"))
    cluster = ClusterDraft("c", members)
    assert stating_members(cluster) == {(1, 0)}
    # still compared as two reports of one story (shared words), never as one claim
    assert len(compare_articles(arts, sentences, {}, [cluster])) == 1


def test_weekdays_of_one_event_conflict_and_the_majority_is_named() -> None:
    texts = [
        "Flooding hit the valley villages before dawn on Thursday, leaving 12 homes empty.",
        "Before dawn on Thursday, flooding hit the valley villages.",
        "The valley villages were hit by flooding before dawn on a Wednesday.",
    ]
    flags = run(*texts, cluster=True)
    assert len(flags) == 1
    assert flags[0].side.quote == "Wednesday" and flags[0].other.quote == "Thursday"
    assert "2 outlets give Thursday" in flags[0].explanation
    assert "odd one out" in flags[0].explanation


def test_a_sentence_with_two_days_agrees_with_either() -> None:
    assert (
        run(
            "Police were told of the landslide on Friday evening, though the final hiker was "
            "reached on Saturday morning.",
            "The landslide above the quarry happened on Friday evening.",
            cluster=True,
        )
        == []
    )


def test_weekdays_resolve_against_publication_dates() -> None:
    texts = [
        "The council voted the plan through on Monday in the town hall.",
        "The council voted the plan through on Monday in the town hall.",
    ]
    # two Mondays a week apart are two different days
    flags = run(*texts, published=[date(2025, 3, 4), date(2025, 3, 12)], cluster=True)
    assert len(flags) == 1 and flags[0].slot == "date"
    assert run(*texts, published=[date(2025, 3, 4), date(2025, 3, 5)], cluster=True) == []


def test_opposite_directions_from_one_town_conflict() -> None:
    flags = run(
        "The observatory stands on a ridge 85 km south of Corvale.",
        "The observatory is on a ridge roughly 85 kilometres (53 miles) northeast of the "
        "capital Corvale.",
    )
    assert len(flags) == 1 and flags[0].slot == "direction"
    assert "135 degrees" in flags[0].explanation


def test_opposite_ways_of_one_moving_thing_conflict() -> None:
    from analysis.compare import extract_directions

    flags = run(
        "A grey Varn Motors van heading north on Kestrel Street struck a cyclist near the market.",
        "A cyclist was struck near the market by a grey Varn Motors van heading south.",
    )
    assert [f.slot for f in flags] == ["direction"]
    assert quotes(flags[0]) == {"heading north", "heading south"}
    # the same way, a moving thing told by other words, or a place north of a town: no conflict
    assert run(
        "A grey Varn Motors van heading north on Kestrel Street struck a cyclist near the market.",
        "A cyclist was struck near the market by a grey Varn Motors van travelling north.",
    ) == []  # fmt: skip
    assert run(
        "A grey Varn Motors van heading north on Kestrel Street struck a cyclist near the market.",
        "Storm clouds moving south darkened the sky over Kestrel Street.",
    ) == []  # fmt: skip
    for text in ("the convoy was heading north of Corvale", "he fled to the south"):
        assert [d.kind for _, _, d in extract_directions(text)] != ["heading"], text
    (found,) = extract_directions("the southbound lanes were shut")
    assert (found[2].kind, found[2].bearing) == ("heading", 180)


def test_a_distance_in_miles_is_counted_in_km_by_the_table_of_units() -> None:
    from analysis.compare import extract_directions
    from analysis.measures import unit_of

    for text, miles in (("50 miles north of Corvale", 50.0), ("12 mi west of Varn", 12.0)):
        ((_, _, found),) = extract_directions(text)
        mile = unit_of("mile")
        assert mile is not None and found.distance_km == pytest.approx(miles * mile[1] / 1000)
    ((_, _, km),) = extract_directions("80 km north of Corvale")
    assert km.distance_km == 80.0


def test_a_capitalised_part_of_a_town_is_a_direction_unless_it_names_a_place() -> None:
    from analysis.compare import extract_directions

    (flag,) = run(
        "The gunman opened fire at a warehouse in Southwest Denver on Friday, police said.",
        "Police said the gunman opened fire at a warehouse in Northeast Denver on Friday.",
    )
    assert flag.slot == "direction" and "180 degrees" in flag.explanation
    assert run(
        "The gunman opened fire at an east Denver warehouse on Friday, police said.",
        "Police said the gunman opened fire at a west Denver warehouse on Friday.",
    )
    for text in ("in South Korea", "in West Virginia", "from the West Bank", "in Northern Ireland"):
        assert extract_directions(text) == [], text


def test_neighbouring_directions_and_other_distances_do_not_conflict() -> None:
    assert (
        run(
            "The observatory stands on a ridge 85 km north of Corvale.",
            "The observatory stands on a ridge 85 km northwest of Corvale.",
        )
        == []
    )
    assert (
        run(
            "The observatory stands on a ridge 85 km south of Corvale.",
            "The airfield stands on a ridge 12 km west of Corvale.",
        )
        == []
    )


def test_central_and_a_compass_region_conflict() -> None:
    flags = run(
        "The storm flattened an observatory in central Norland on Friday night.",
        "The storm flattened an observatory in northwestern Norland, officials said.",
    )
    assert len(flags) == 1 and "different parts of Norland" in flags[0].explanation


def test_four_among_the_fifteen_conflicts_with_four_besides_them() -> None:
    a = "Of the 23 miners cut off underground, seven got out by themselves, officials said."
    b = "In all, 23 miners were cut off underground and seven others got out after the flood."
    for texts in ((a, b), (b, a)):
        flags = run(*texts, cluster=True)
        assert len(flags) == 1 and flags[0].slot == "relation"
        assert "30 in all" in flags[0].explanation


def test_crew_among_the_passengers_conflicts_with_crew_besides_them() -> None:
    flags = run(
        "The coach carried 31 tourists, including three minors and two drivers.",
        "The coach carried 31 tourists, including 4 minors, and also two drivers.",
        cluster=True,
    )
    assert [f.slot for f in flags] == ["relation"]
    assert "33 in all" in flags[0].explanation


def test_the_same_grouping_written_twice_agrees() -> None:
    assert (
        run(
            "Seven of the 23 miners cut off got out of the shaft.",
            "Out of the 23 miners cut off in the shaft, seven got out.",
            cluster=True,
        )
        == []
    )


def test_days_and_times_shared_only_by_names_are_not_compared() -> None:
    assert (
        run(
            "The film will be shown on Halvik One at 2000 GMT on Wednesday.",
            "The match will be televised on Halvik One at 1400 GMT on Saturday.",
            cluster=True,
        )
        == []
    )


def test_halted_and_resumed_sales_of_one_named_thing_read_as_an_update() -> None:
    halt = (
        "Two weeks later, officials issued a letter to Orvex to halt sales of the K7 chips in "
        "Norland."
    )
    resume = "On Monday, Orvex said regulators will let it resume sales of its K7 chips in Norland."
    for texts in ((halt, resume), (resume, halt)):
        flags = run(*texts)
        assert len(flags) == 1 and flags[0].slot == "polarity"
        assert flags[0].evidence["reading"] == "update"
        assert "may have changed over time" in flags[0].explanation
        assert "“two weeks later”" in flags[0].explanation.casefold()
        assert "odd one out" not in flags[0].explanation


def test_possible_or_different_actions_are_not_compared() -> None:
    assert (
        run(
            "Officials may halt sales of the K7 chips in Norland, sources said.",
            "Orvex will resume sales of its K7 chips in Norland.",
        )
        == []
    )
    assert (
        run(
            "Orvex remains barred from selling its best chips to Norland.",
            "Officials decided to allow Orvex to sell chips in Norland.",
        )
        == []
    )


def test_a_day_fused_with_an_hour_is_a_translation_artifact() -> None:
    flags = run(
        "Dunmore, March 9: at about 11:09 a.m. the final climber was brought down the ridge.",
        "By 11 am on Friday, every climber on the ridge had been brought down.",
    )
    assert [f.detector for f in flags] == ["fused-day-hour"]
    assert flags[0].kind == "translation_artifact" and flags[0].side.quote == "11:09 a.m."
    assert (
        run(
            "Dunmore, March 12: at about 11:09 a.m. the final climber was brought down the ridge.",
            "By 11 am on Friday, every climber on the ridge had been brought down.",
        )
        == []
    )


def test_a_denial_in_one_claim_is_flagged_with_both_phrases() -> None:
    denied = "Rescuers did not recover the bodies of the two climbers on Sunday."
    stated = "Rescuers recovered the bodies of the two climbers in the pass."
    flags = [f for f in run(denied, stated, cluster=True) if f.detector == "compare-negation"]
    assert len(flags) == 1 and flags[0].slot == "polarity"
    assert quotes(flags[0]) == {"did not recover", "recovered"}
    assert flags[0].explanation.startswith("Outlet A says “did not recover”; Outlet B says")
    assert [f for f in run(denied, stated) if f.detector == "compare-negation"] == []


def test_blocking_on_window_words_changes_no_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real reports (the demo corpus, the dev clusters and 150 BBC articles where ../shared is
    beside the project) compared with the blocked pairs and with every pair give the same flags;
    claim clusters (sentence k of each report of one story) exercise the clustered rules."""
    shared = Path(__file__).resolve().parents[2] / "shared"
    files = list(demo_files())
    stories = [demo_files()]
    for folder in sorted((shared / "dev-clusters").glob("*/")):
        story = sorted(p for p in folder.glob("*.txt"))
        files += story
        stories.append(story)
    files += sorted((shared / "bench-data" / "bbc-news-2225" / "bbc").glob("*/*.txt"))[::15]
    store = Store.open(tmp_path / "compare.db")
    import_paths(store, files)
    results = [extract_article(row) for row in store.analysis_input()]
    articles = [r.article for r in results]
    sentences = {r.article.article_id: r.sentences for r in results}
    ids = {Path(a.path or "").name: a.id for a in store.articles()}
    clusters = []
    for story in stories:
        members = [ids[p.name] for p in story if p.name in ids]
        for k in range(5):
            clusters.append(ClusterDraft(f"s{k}", tuple(ClusterMember(m, k, 1.0) for m in members)))
    blocked = compare_articles(articles, sentences, {}, clusters)
    monkeypatch.setattr(
        compare, "window_pairs", lambda g, *_: itertools.combinations(range(len(g)), 2)
    )
    assert blocked == compare_articles(articles, sentences, {}, clusters)
    assert len(blocked) >= 3


@pytest.mark.parametrize("verb", ["capsized", "derailed", "exploded", "caught fire and sank"])
def test_the_lede_day_of_one_event_verb_conflicts_without_a_claim_cluster(verb: str) -> None:
    """Any general news event verb shared beside two days in two ledes dates one event."""
    flags = run(
        f"The Orsk ferry {verb} near the Brannock locks on Thursday night.",
        f"The Orsk ferry {verb} near the Brannock locks on Friday night.",
    )
    assert [f.slot for f in flags] == ["date"]


def test_event_days_past_the_lede_or_of_other_verbs_are_not_compared() -> None:
    """Past the lede one event verb and a few shared words are not enough: a story tells of
    several capsizes (three more shared words are: `one_act`)."""
    late = "Nobody warned the crews.\nThe pumps ran.\nThe divers rested.\nThe tide rose.\n"
    assert (
        run(
            late + "The Orsk ferry capsized near Brannock on Thursday night.",
            late + "An Orsk ferry capsized off Brannock on Friday night.",
        )
        == []
    )
    assert (
        run(
            "The Orsk ferry capsized near the Brannock locks on Thursday night.",
            "The Orsk ferry was towed to the Brannock locks on Friday night.",
        )
        == []
    )


def test_days_of_one_act_on_one_thing_conflict_outside_a_claim() -> None:
    """The same verb beside both days and three more shared words (what was acted on, by whom):
    one act, wherever the aligner put the sentences. A verb of speech, another verb, or fewer
    shared words: not compared outside a claim."""
    late = "Nobody warned the crews.\nThe pumps ran.\nThe divers rested.\nThe tide rose.\n"
    flags = run(
        late + "The Dunmore council issued revised harbour fishing quotas on Friday.",
        late + "The Dunmore council issued new harbour fishing quotas on Thursday.",
    )
    assert [f.slot for f in flags] == ["date"]
    for a, b in (
        ("The Dunmore council said on Friday that harbour fishing quotas would fall.",
         "The Dunmore council said on Thursday that harbour fishing quotas would fall."),
        ("The Dunmore council warned on Friday that harbour fishing quotas would fall.",
         "The Dunmore council warned on Thursday that harbour fishing quotas would fall."),
        ("The Dunmore council issued harbour fishing quotas on Friday.",
         "The Dunmore council published harbour fishing quotas on Thursday."),
        ("The Dunmore council issued quotas on Friday.",
         "The Dunmore council issued the quotas on Thursday."),
    ):  # fmt: skip
        assert run(late + a, late + b) == [], a


def test_days_of_two_different_verbs_are_two_events_even_in_one_claim() -> None:
    """One claim cluster, many shared words, but one day dates the crash and the other the
    charge: no conflict. The same verb beside both days still conflicts."""
    assert (
        run(
            "The van driver who crashed into the Dunmore market stall was seen on Wednesday.",
            "On Friday, prosecutors charged the van driver who crashed into the Dunmore market "
            "stall.",
            cluster=True,
        )
        == []
    )
    flags = run(
        "Prosecutors charged the Dunmore van driver with dangerous driving on Thursday.",
        "Prosecutors charged the Dunmore van driver on Friday with dangerous driving.",
        cluster=True,
    )
    assert [f.slot for f in flags] == ["date"]
    # two event verbs for one event ("killed" / "died") still date it
    flags = run(
        "A cyclist was killed on the Dunmore bypass on Tuesday near the quarry gate.",
        "A cyclist died on the Dunmore bypass on Wednesday near the quarry gate.",
        cluster=True,
    )
    assert [f.slot for f in flags] == ["date"]


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("The ferry was towed into port on Tuesday night.", "tow"),
        ("On Tuesday, rescuers found the hikers.", "found"),
        ("Fire crews fought hard through Tuesday.", "fought"),
        ("The blaze on Tuesday destroyed a barn.", "blaz"),
        ("Tuesday's vote was delayed.", None),
        ("The market was busy on Tuesday.", None),
        ("The council Tuesday approved the budget.", "approv"),
        ("The club placed Halvik on injured reserve Tuesday.", "plac"),
        ("He was hurt in the club's Tuesday night loss.", "loss"),
        ("The Tuesday vote was delayed.", "vot"),
        ("The board issued revised protected species rules Tuesday.", "issu"),
        ("A fire ripped through the chapel on Tuesday.", "ripp"),
    ],
)
def test_the_verb_a_weekday_dates(text: str, verb: str | None) -> None:
    start = text.index("Tuesday")
    assert compare.dated_verb(text, start, start + len("Tuesday")) == verb


def test_a_game_clock_is_no_time_of_day() -> None:
    assert (
        run(
            "Halvik scored the go-ahead basket for Dunmore with 4:12 left in the first half.",
            "Halvik's basket for Dunmore came with 9:40 to play in the first half.",
            cluster=True,
        )
        == []
    )


def test_a_loosely_given_time_covers_the_minutes_after_it_not_half_an_hour() -> None:
    loose = "Dispatchers took the call about the Dunmore mill fire shortly after 4:10 a.m."
    assert run(loose, "Dispatchers took the call about the Dunmore mill fire at 4:14 a.m.") == []
    flags = run(loose, "Dispatchers took the call about the Dunmore mill fire at 4:40 a.m.")
    assert [f.slot for f in flags] == ["time"]


def test_days_dating_no_verb_are_compared_only_inside_one_claim() -> None:
    texts = (
        "The Dunmore regatta was over by noon on Saturday, with the Halvik crew ahead.",
        "The Dunmore regatta was over by noon on Sunday, with the Halvik crew ahead.",
    )
    assert [f.slot for f in run(*texts, cluster=True)] == ["date"]
    assert run(*texts) == []


def test_facts_read_beforehand_and_cached_give_the_same_flags(tmp_path: Path) -> None:
    """The pipeline reads each article's facts in the extraction workers and caches them
    (`article_facts` through the result codec); the comparison then fills in the sentences'
    entities. The flags are those of reading everything in `compare_articles`."""
    store = Store.open(tmp_path / "read.db")
    import_paths(store, demo_files())
    results = [extract_article(row) for row in store.analysis_input()]
    articles = [r.article for r in results]
    sentences = {r.article.article_id: r.sentences for r in results}
    units = {}
    for r in results:
        for s in r.sentences:
            names = frozenset(m.name for m in r.mentions if m.sentence_idx == s.idx)
            units[(r.article.article_id, s.idx)] = AlignUnit(
                r.article.article_id, s.idx, s.text, r.article.source, entities=names
            )
    members = [a.article_id for a in articles]
    clusters = [
        ClusterDraft(f"s{k}", tuple(ClusterMember(m, k, 1.0) for m in members)) for k in range(5)
    ]
    read = {r.article.article_id: decode(encode(r.facts)) for r in results}
    assert all(isinstance(f, ArticleFacts) for f in read.values())
    direct = compare_articles(articles, sentences, units, clusters)
    assert compare_articles(articles, sentences, units, clusters, read) == direct
    assert any(f.names for one in read.values() for f in one.with_names(units))
    assert direct


def test_one_night_told_by_either_of_its_days_is_no_conflict() -> None:
    for night, morning in (
        ("An overnight fire Friday destroyed the Halvik chapel in Dunmore.",
         "A fire destroyed the Halvik chapel in Dunmore early Saturday."),
        ("A fire destroyed the Halvik chapel in Dunmore late Friday.",
         "A fire destroyed the Halvik chapel in Dunmore on Saturday before dawn."),
    ):  # fmt: skip
        assert run(night, morning, cluster=True) == [], night
    # "late" and "early" of a time of day only: "late-term rules" name no night
    flags = run(
        "The Dunmore council passed late-term harbour rules on Thursday, Halvik said.",
        "The Dunmore council passed late-term harbour rules on Friday, Halvik said.",
        cluster=True,
    )
    assert [f.slot for f in flags] == ["date"]
    assert run("A late-night fire on Friday destroyed the Halvik chapel in Dunmore.",
               "A fire destroyed the Halvik chapel in Dunmore early Saturday.",
               cluster=True) == []  # fmt: skip
    flags = run(
        "A fire destroyed the Halvik chapel in Dunmore on Friday afternoon.",
        "A fire destroyed the Halvik chapel in Dunmore early Saturday.",
        cluster=True,
    )
    assert [f.slot for f in flags] == ["date"]


def test_opposite_acts_on_two_things_do_not_conflict_but_on_one_thing_do() -> None:
    flags = run(
        "Kestrel won the final against Dunmore in Halvik on the night.",
        "Kestrel lost the final against Dunmore in Halvik on the night.",
        cluster=True,
    )
    assert [f.detector for f in flags] == ["compare-predicate"]
    assert (
        run(
            "A fumble by Vask of Dunmore won the game for Kestrel at Halvik.",
            "Vask of Dunmore lost a fumble at Halvik against Kestrel in the game.",
            cluster=True,
        )
        == []
    )


def test_days_of_two_counted_instances_are_not_compared() -> None:
    """ "The second aftershock" on Monday and "the earthquake" on Sunday: the story has several
    quakes, so the days are not two accounts of one; the same two days of one quake conflict."""
    assert (
        run(
            "The second aftershock shook the island of Dunmore on Monday, officials said.",
            "A strong earthquake shook the island of Dunmore on Sunday, officials said.",
            cluster=True,
        )
        == []
    )
    flags = run(
        "The earthquake shook the island of Dunmore on Monday, officials said.",
        "A strong earthquake shook the island of Dunmore on Sunday, officials said.",
        cluster=True,
    )
    assert [f.slot for f in flags] == ["date"]


def test_an_ordinal_subject_marks_the_instance_of_a_time() -> None:
    text = "The first quake, magnitude 7.6, struck at 4:43 a.m. local time."
    start = text.index("4:43")
    assert compare.instance(text, start, start + 4) == "first"
    plain = "The quake struck at 4:43 a.m. local time, for the first time in years."
    start = plain.index("4:43")
    assert compare.instance(plain, start, start + 4) is None
    part = "The champion kept his belt by stopping Halvik in the seventh round on Sunday."
    start = part.index("Sunday")
    assert compare.instance(part, start, start + 6) is None  # a part of the fight, not a fight


def test_one_act_on_two_named_objects_is_two_acts() -> None:
    """ "placed Thomas on injured reserve Wednesday" / "placed Ivory ... Tuesday": two players;
    the same player on two days conflicts, and a name after "by" is the agent, not the object."""
    assert (
        run(
            "The Dunmore club placed Pierre Thomas on injured reserve on Wednesday.",
            "The Dunmore club placed rookie Chris Ivory on injured reserve on Tuesday.",
            cluster=True,
        )
        == []
    )
    flags = run(
        "The Dunmore club placed Pierre Thomas on injured reserve on Wednesday.",
        "The Dunmore club placed Thomas on injured reserve on Tuesday.",
        cluster=True,
    )
    assert [f.slot for f in flags] == ["date"]
    text = "Both men were arrested by Halvik police on Tuesday."
    start = text.index("Tuesday")
    assert compare.dated_object(text, start, start + 7) == frozenset()
    passive = "Pierre Thomas, the club's star, was placed on injured reserve on Wednesday."
    start = passive.index("Wednesday")
    assert compare.dated_object(passive, start, start + 9) == {"pierre", "thomas"}
