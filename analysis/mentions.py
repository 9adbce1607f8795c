"""People, organisations and places named in an article, found by capitalisation and local cues.

A statistical tagger was measured and lost (FINDINGS.md: spaCy sm person recall 0.81, "AI" tagged as
a place), so names are capitalised spans: runs of capitalised tokens, joined across "of"/"for"/"and"
only when an organisation head word asks for it ("Bank of Korea"), with titles split off ("CEO",
"Secretary of Commerce") and possessives stripped. A span is kept only when something says what it
is — a bundled list (places, organisations, given names, family names written first), a suffix
("Committee", "Valley"), a title, a role noun ("internet pioneer ..."), an appositive (", the chief
...", ", who", ", 49,"), "X administration", or another mention of the same name in the article.
Unexplained capitalised words ("Launched", "Boxing Day", "HTML") are dropped, and so is a lone
"X said": in news it is a company about as often as a person. Precision comes first.
Demonyms ("Chinese", "U.S.-made") are dropped too; `country_of` maps them to a country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from analysis.clock import ZONE_ABBREVIATIONS
from analysis.model import EntityKind, Mention, SentenceSpan
from analysis.word_frequency import zipf as _zipf

DATA = Path(__file__).resolve().parent / "data"


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}(?:[-‑][A-Za-z]+)*"  # U.S., D.C., U.S.-made
    r"|[A-Z]\.(?=[ \t][A-Z])"  # a middle initial: "J."
    r"|[^\W\d_](?:[\w&]|['’](?=[^\W\d_])|[-‑](?=\w))*"  # words, with inner ' - &
    r"|\d+(?:[.,]\d+)*\w*"  # numbers and model numbers: break name runs
    r"|&"
)
_PLAIN_GAP = re.compile(r"[ \t\u00a0]+")
_OPENERS = set('“"‘«(「[:;–—/•*')
_ABBREV = _words(
    "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Capt Sgt Adm Rev Hon St Jr Sr Inc Corp Co Ltd Mt Ft "
    "Const Det Supt Insp Cpl Pvt "
    "Bros"
)
_TITLE_CORE = _words(
    "Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sen Sen. Senator Rep Rep. "
    "Representative Congressman Congresswoman Gov Gov. Governor Gen. Lt. Col. Colonel Capt. "
    "Captain Sgt. Adm. Admiral Hon. Rev. Sir Dame Lord Lady President President-elect Minister "
    "Secretary Secretary-General Chancellor Premier Mayor Chairman Chairwoman Chair Chairperson "
    "CEO CFO COO CTO CIO Chief Director Commissioner Ambassador Envoy King Queen Prince Princess "
    "Emperor Pope Cardinal Bishop Judge Justice Speaker Leader Spokesman Spokeswoman "
    "Spokesperson Founder Co-founder Cofounder Czar Attorney Surgeon Officer Detective Sheriff "
    "Inspector Coach Sergeant Lieutenant Trooper Agent Undersheriff Constable Superintendent "
    "Marshal Sheriff Const Const. Councilman Councilwoman Councillor Councilor Assemblyman "
    "Assemblywoman Alderman Advocate Rabbi Imam Reverend Pastor Sheikh Emir Ayatollah"
)
_TITLE_MOD = _words(
    "Vice Prime Deputy Acting Former Executive Senior First Crown Majority Minority Assistant "
    "Associate Managing Interim Incoming Outgoing Foreign Defense Defence Commerce Treasury "
    "Finance Trade Industry Energy Health Homeland Security Interior Labor Labour Transportation "
    "Transport Education Agriculture Economy Economic Science Technology Unification Culture "
    "Environment Home Digital AI Policy Press Communications Budget National House Senate State "
    "Attorney Solicitor Surgeon General Inspector Officer Operating Financial Technical "
    "Information Product Strategy Investment Operations Justice Affairs Foreign Public City "
    "County"
)
_ORG_SUFFIX = _words(
    "Inc Inc. Corp Corp. Corporation Co Co. Ltd Ltd. LLC PLC plc AG GmbH Group Holdings Ministry "
    "Committee Council Commission University College Institute Agency Bank Times Post Journal "
    "News Herald Daily Tribune Gazette Telegraph Forum Foundation Association Federation Union "
    "Party Fund Court Department Office Bureau Administration Authority Board Service Society "
    "Center Centre Laboratory Laboratories Labs Lab Technologies Systems Electronics Motors Motor "
    "Industries Airlines Airways Partners Capital Ventures Securities Exchange Assembly Parliament "
    "Congress Senate Cabinet Police Army Navy Command Network Media Studios Pharmaceuticals "
    "Telecom Semiconductor Semiconductors Chemical Chemicals Steel Alliance Coalition "
    "Organization Organisation Academy School Institution Trust Bancorp Insurance Broadcasting "
    "Entertainment Robotics Dynamics Aerospace Secretariat Consortium Magazine Club Advisors "
    "Advisers Associates Brothers Survey Solutions Services Energy Energies Power Materials "
    "Logistics Resources Enterprises Investments Financial Software Networks Communications "
    "Biotech Therapeutics Pharma Mining Petroleum Shipping Automotive Foods Brands Stores "
    "Sciences Devices Instruments Batteries Battery Semiconductors"
)
_ORG_HEAD = _words(
    "Ministry Department Office Bureau Bank University College Institute Council Committee "
    "Commission Board Agency Authority Association Federation Union Society Academy "
    "Administration Court House Chamber Fund Foundation Center Centre School Museum Party "
    "League Organization Organisation Corporation Secretariat Senate Congress Parliament"
)
_PLACE_HEAD = _words(
    "Republic Kingdom Emirate Gulf Sea Bay Strait Isle Cape Mount Lake Port Province "
    "Prefecture County City State States"
)
_PLACE_SUFFIX = _words(
    "Valley Sea Ocean River Lake Mountains Mountain Island Islands Peninsula Strait Gulf Bay "
    "Coast Province Prefecture County City Street Avenue Road Square Resort Airport Harbor "
    "Harbour Palace Bridge Canal Desert Region District Village Beach Hills Heights Plaza "
    "Stadium Arena Blvd Blvd. Ave Ave. Rd Rd. Boulevard"
)
_DOMAIN = _words(
    "Science Sciences Technology Trade Industry Energy Commerce Affairs Security Development "
    "Research Education Health Human Services Finance Economy Planning Resources Culture Sports "
    "Tourism Communications Information Labor Labour Employment Welfare Environment Transport "
    "Transportation Infrastructure Defense Defence Justice Innovation Policy Family Fisheries "
    "Oceans Agriculture Food Rural Land Forestry Startups Gender Equality Veterans Safety Climate "
    "Digital Strategy Interior Statistics Medicine Engineering Arts Letters Mines Investment "
    "Promotion International National Public Foreign Home Federal Technologies"
)
_PARTICLES = _words("van von der den de du da di del della dos das ter bin ibn al el la le")
_CONNECTORS = _PARTICLES | {"of", "for", "on", "and", "the", "&"}
_COMMON_ACRONYMS = _words(
    "AI GPU GPUs CPU CPUs TPU NPU HBM DRAM NAND SSD PC PCs TV IT EV EVs IPO IPOs GDP API APIs LLM "
    "LLMs AGI ML VR AR XR IoT USB OS UI PR HR R&D Q&A FAQ OK AM PM ET EST PST GMT UTC KST CST "
    "ID PDF URL ESG ETF ETFs M&A SaaS CEO CFO COO CTO CIO VP SVP EVP"
)
_MONTHS = _words(
    "January February March April May June July August September October November December "
    "Jan Feb Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_CALENDAR = _MONTHS | _WEEKDAYS | _words("Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun")


def calendar_or_acronym(word: str) -> bool:
    """A month, a weekday or their abbreviation, or an acronym everyone uses that names
    nothing (a time zone, "CEO", "GDP"): capitalised, but never a name."""
    return word in _CALENDAR or word in _COMMON_ACRONYMS or word.casefold() in ZONE_ABBREVIATIONS


_ADJ_TAILS = _words(
    "made based led owned backed born funded listed style era related focused centric specific "
    "friendly linked bound controlled affiliated sponsored produced designed built inspired "
    "level wide run operated compatible like type class grade only free heavy dependent "
    "centered centred oriented aligned allied"
)
_STOP = _words(
    "a an the this that these those it its he she they we i you his her their our my your "
    "but and or so yet if when while after before since because although though however "
    "meanwhile also still then there here in on at to for from by with as of about into over "
    "not no nothing many much more most some several all both each every other such one two "
    "what which who whom whose where why how"
)
_ROLE_NOUNS = _words(
    "president vice-president president-elect ceo cfo cto coo founder co-founder cofounder "
    "chairman chairwoman chair secretary minister senator lawmaker congressman congresswoman "
    "representative governor mayor spokesperson spokesman spokeswoman adviser advisor aide "
    "analyst economist investor billionaire entrepreneur pioneer titan tycoon mogul magnate "
    "executive official diplomat ambassador envoy professor researcher scientist engineer "
    "journalist reporter columnist author writer director manager head leader boss chief judge "
    "lawyer attorney prosecutor candidate nominee counterpart predecessor successor colleague "
    "actor actress singer artist player coach premier king queen prince princess pope general "
    "commander strategist consultant donor activist whistleblower czar tsar champion quarterback "
    "receiver striker goalkeeper pitcher midfielder defender rookie teammate boxer fighter runner "
    "swimmer golfer driver star veteran producer comedian rapper musician guitarist chef designer "
    "photographer detective sheriff deputy trooper agent inspector sergeant captain lieutenant "
    "commissioner suspect victim defendant witness resident neighbor neighbour student teacher "
    "doctor nurse surgeon patient wife husband son daughter mother father brother sister grandson "
    "granddaughter grandmother grandfather uncle aunt nephew niece cousin girlfriend boyfriend "
    "fiancé fiancée widow widower spouse"
)
_ORG_DESCRIPTORS = _words(
    "startup start-up company firm giant chipmaker automaker carmaker manufacturer conglomerate "
    "retailer lender bank insurer carrier broadcaster newspaper outlet agency regulator ministry "
    "subsidiary affiliate supplier foundry airline publisher chaebol unicorn developer-maker "
    "maker"
)
_SPEECH = _words(
    "said says told stated added noted wrote argued explained claimed insisted warned asked "
    "answered replied tweeted recalled acknowledged admitted emphasized emphasised "
    "stressed urged testified remarked commented"
)
_AFTER_PERSON = _words("administration government cabinet campaign presidency era camp")
_KIN = _words(
    "wife husband son daughter mother father brother sister grandson granddaughter grandmother "
    "grandfather girlfriend boyfriend fiancé fiancée widow widower spouse partner friend"
)
_THING_SUFFIX = _words(
    "Award Awards Prize Cup Trophy Medal Festival Games Olympics Championship Championships Series "
    "Show Act Bill Law Treaty Accord Agreement Day Week Year Project Initiative Program Programme "
    "Plan Index Report Summit Conference Expo Fair Tour"
)
_INNER_CAP = re.compile(r"^(?!Mc|Mac|O'|O’|De|Di|Da|La|Le|Van|Von|Du)[A-Z]?[a-z]+[A-Z]")
_AFTER_LEADER = _words("administration presidency era")
_ARTICLES = _words("the a an this that these those")
_NOT_NAMES = _words(
    "Democrat Democrats Republican Republicans Independent Independents Conservative "
    "Conservatives Liberal Liberals Christian Christians Muslim Muslims Catholic Catholics Jew "
    "Jews Protestant Protestants Buddhist Buddhists Hindu Hindus Sunni Shia Communist Communists "
    "Socialist Socialists God Internet Web Labour Tory Tories Greens Liberal-Democrat"
)
_LOCATIVE = _words("in at from to near outside inside across")
_POSSESSIVE_NAMES = _words("people's moody's mcdonald's lowe's macy's children's women's")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str  # without a possessive "'s"
    poss: bool
    initial: bool  # starts a sentence, a quotation, a parenthesis or a clause after ":" or a dash

    @property
    def letters(self) -> str:
        return "".join(c for c in self.text if c.isalpha())

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper() and not any(c.isdigit() for c in self.text)

    @property
    def acronym(self) -> bool:
        letters = self.letters
        return len(letters) >= 2 and letters.isupper()


@dataclass(slots=True)
class _Cand:
    sent: int
    toks: list[_Tok]
    kind: EntityKind | None = None
    cue: str = ""
    defines: _Cand | None = None  # the span an acronym in parentheses abbreviates
    name: str = field(default="")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    places: dict[str, str]  # casefolded name -> type
    countries: dict[str, str]  # casefolded place or demonym -> canonical country
    orgs: frozenset[str]
    first_names: frozenset[str]
    surnames: frozenset[str]

    def known(self, key: str) -> EntityKind | None:
        place_type = self.places.get(key)
        if place_type == "demonym":
            return None
        if place_type:
            return "place"
        return "org" if key in self.orgs else None


def _read_list(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‑", "-")).strip().casefold()


@cache
def _lexicon() -> _Lexicon:
    places: dict[str, str] = {}
    countries: dict[str, str] = {}
    for line in _read_list("places.txt"):
        name, kind, country = line.split("\t")
        places.setdefault(_key(name), kind)
        if country != "-":
            countries.setdefault(_key(name), country)
    orgs = frozenset(_key(n) for n in _read_list("mentions_orgs.txt"))
    blocked = set(places) | set(orgs) | {_key(m) for m in _MONTHS}
    firsts = frozenset(n for n in _read_list("mentions_first_names.txt") if _key(n) not in blocked)
    surnames = frozenset(_read_list("mentions_surnames.txt"))
    return _Lexicon(places, countries, orgs, firsts, surnames)


def country_of(name: str) -> str | None:
    """Canonical country of a place name or demonym ("Chinese" -> "China"), when the list knows."""
    return _lexicon().countries.get(_key(name))


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """The words of `text[start:end]` with their places (not memoised: keyed by the whole
    article text, a cache held every article's tokens for the life of the process)."""
    toks: list[_Tok] = []
    prev_end = start
    for m in _TOKEN.finditer(text, start, end):
        s, e, word = m.start(), m.end(), m.group()
        if word in _ABBREV and e < end and text[e] == ".":
            e += 1
            word += "."
        poss = False
        if (
            len(word) > 2
            and word[-2:].casefold() in ("'s", "’s")
            and _key(word) not in (_POSSESSIVE_NAMES)
        ):
            word, poss = word[:-2], True
        raw_gap = text[prev_end:s]
        gap = raw_gap.strip()
        initial = not toks or gap == "-" or "\n" in raw_gap
        if gap and gap[-1] in _OPENERS:
            # a straight quote opens a quotation only when a space stands before it
            straight = gap[-1] in "\"'"
            initial = initial or not straight or raw_gap.rstrip()[:-1][-1:].isspace()
        toks.append(_Tok(s, s + len(word), word, poss, initial))
        prev_end = e
    return toks


def _adjectival(tok: _Tok) -> bool:
    parts = re.split(r"[-‑]", tok.text)
    return len(parts) > 1 and parts[-1].islower() and parts[-1] in _ADJ_TAILS


def _nameish(tok: _Tok) -> bool:
    if not tok.cap or _adjectival(tok):
        return False
    return len(tok.letters) >= 2 or re.fullmatch(r"[A-Z]\.", tok.text) is not None


def _is_title_case(toks: list[_Tok], lex: _Lexicon) -> bool:
    """Headlines capitalise ordinary words ("Mayor Meets Farmers And Wins Support"): there
    capitalisation says nothing. A sentence dense with names ("CEO Lena Morrow met Governor
    Sam Okafor") is not one: its capitalised words are names and titles, not common words."""
    common = 0
    for t in toks[1:]:
        word = t.text
        if not t.cap or t.acronym or word in _TITLE_CORE or word in _TITLE_MOD:
            continue
        if lex.known(_key(word)) or word in lex.first_names or word in lex.surnames:
            continue
        common += _key(word) in _STOP or _zipf(_key(word)) >= 4.5
    lowers = sum(1 for t in toks if t.text[:1].islower() and t.text not in _STOP)
    return common >= 2 and lowers * 4 <= common


def _person_shaped(words: list[str], lex: _Lexicon) -> bool:
    """ "Maria Lopez", "J.D. Vance", "Ursula von der Leyen", "Park Ji-won", "Lu Weiping"."""
    names = [w for w in words if w not in _PARTICLES]
    if not 2 <= len(names) <= 3 or any(not w[:1].isupper() for w in names):
        return False
    if any(len(w) > 2 and w.isupper() and "." not in w for w in names):
        return False
    if names[-1] in _ORG_SUFFIX or names[-1] in _PLACE_SUFFIX or names[-1] in _THING_SUFFIX:
        return False
    if any(_INNER_CAP.search(w) for w in names):
        return False
    if names[0] in lex.first_names:
        return True
    if re.fullmatch(r"(?:[A-Z]\.){1,2}", names[0]) and not lex.known(_key(names[0])):
        return True
    if names[0] in lex.surnames and len(words) == len(names):
        given = names[1:]
        return (len(given) == 1 or all(len(g) <= 5 for g in given)) and all(
            not lex.known(_key(g)) and g not in lex.first_names and _zipf(_key(g)) < 4.0
            for g in given
        )
    return False


def _resolve(cands: list[_Cand]) -> None:
    """Give unexplained spans the kind another mention of the same name earned."""
    for _ in range(2):
        by_name: dict[str, Counter[EntityKind]] = {}
        surnames: set[str] = set()
        for c in cands:
            if c.kind:
                by_name.setdefault(_key(c.name), Counter())[c.kind] += 1
                if c.kind == "person" and len(c.toks) > 1:
                    surnames.add(_key(c.name.split()[-1]))
        for c in cands:  # "Phil Ford ... Ford said": the listed company yields to the person
            listed = c.cue == "list" and c.kind == "org" and len(c.toks) == 1
            if listed and not c.toks[0].acronym and _key(c.name) in surnames:
                c.kind, c.cue = None, ""
                by_name.pop(_key(c.name), None)
        for c in cands:
            if c.kind == "person" and len(c.toks) == 1:
                surnames.add(_key(c.name))
        for c in cands:
            if c.kind:
                continue
            words = [t.text for t in c.toks if t.text not in _CONNECTORS]
            acronym = any(t.acronym for t in c.toks)
            if c.defines is not None and c.defines.kind and acronym and len(words) == 1:
                c.kind, c.cue = c.defines.kind, "abbreviation"
            elif _key(c.name) in by_name:
                c.kind, c.cue = by_name[_key(c.name)].most_common(1)[0][0], "same name"
            elif not acronym and len(words) <= 3 and _key(words[-1]) in surnames:
                c.kind, c.cue = "person", "surname"


# No name runs longer than this many tokens; a longer capitalised stretch (a title-case list, a
# hostile "Ab Ab Ab ...") is read in pieces, since each run's prefixes are looked up one by one.
_MAX_CHUNK = 16


@dataclass(slots=True)
class _Reader:
    """One article: its text, the lists, and what the article itself says about its words."""

    text: str
    lex: _Lexicon
    mid_caps: set[str] = field(default_factory=set)  # capitalised where no sentence starts
    lower_words: set[str] = field(default_factory=set)

    def span(self, toks: list[_Tok], first: int, last: int) -> str:
        return self.text[toks[first].start : toks[last].end]

    def gap(self, toks: list[_Tok], j: int) -> str:
        return self.text[toks[j - 1].end : toks[j].start] if j else ""

    def common_initial(self, tok: _Tok) -> bool:
        """A capitalised sentence-initial word that is an ordinary word ("Launched", "However")."""
        word, key = tok.text, _key(tok.text)
        if word in self.mid_caps or tok.acronym or self.lex.known(key):
            return False
        if word in self.lex.first_names or word in self.lex.surnames:
            return False
        return key in _STOP or key in self.lower_words or _zipf(key) >= 4.0

    def chunks(self, toks: list[_Tok]) -> Iterable[list[int]]:
        """Maximal stretches of capitalised tokens and connectors joined by plain spaces."""
        i = 0
        while i < len(toks):
            if not _nameish(toks[i]):
                i += 1
                continue
            chunk = [i]
            j = i
            while not toks[j].poss and j + 1 < len(toks) and len(chunk) < _MAX_CHUNK:
                nxt = toks[j + 1]
                if not _PLAIN_GAP.fullmatch(self.gap(toks, j + 1)):
                    break
                if not (_nameish(nxt) or nxt.text in _CONNECTORS):
                    break
                j += 1
                chunk.append(j)
            while toks[chunk[-1]].text in _CONNECTORS:
                chunk.pop()
            yield chunk
            i = j + 1

    def runs(self, toks: list[_Tok], chunk: list[int]) -> list[list[int]]:
        """Split a chunk at connectors unless an organisation or place name spans them."""
        runs: list[list[int]] = []
        cur: list[int] = []
        joined_of = False
        k = 0
        while k < len(chunk):
            if toks[chunk[k]].text not in _CONNECTORS:
                cur.append(chunk[k])
                k += 1
                continue
            conn: list[int] = []
            while k < len(chunk) and toks[chunk[k]].text in _CONNECTORS:
                conn.append(chunk[k])
                k += 1
            right: list[int] = []
            while k + len(right) < len(chunk) and toks[chunk[k + len(right)]].text not in (
                _CONNECTORS
            ):
                right.append(chunk[k + len(right)])
            words = [toks[c].text for c in conn]
            tail = [toks[r].text for r in right]
            last = toks[cur[-1]].text if cur else ""
            join = (
                bool(cur and right)
                and self.lex.known(_key(self.span(toks, cur[0], right[-1]))) is not None
            )
            if all(w in _PARTICLES for w in words) or words[0] == "&":
                join = True
            elif words[0] in ("of", "for", "on"):
                heads = _ORG_HEAD | _PLACE_HEAD | _TITLE_CORE
                join = join or last in heads or joined_of
                joined_of = joined_of or join
            elif words == ["and"] and tail:
                short = (
                    len(cur) <= 2 and len(tail) == 2 and not joined_of
                )  # "Hill and Valley Forum"
                join = join or (short and tail[-1] in _ORG_SUFFIX)
                join = join or (joined_of and all(w in _DOMAIN for w in tail))
            if join and cur:
                cur.extend(conn)
            else:
                if cur:
                    runs.append(cur)
                cur, joined_of = [], False
        if cur:
            runs.append(cur)
        return runs

    def title_span(self, words: list[str]) -> tuple[int, int] | None:
        """Positions [a, b) of the first title phrase in `words` ("Commerce Secretary", "CEO")."""
        for core, word in enumerate(words):
            if word not in _TITLE_CORE:
                continue
            a = core
            while a > 0 and words[a - 1] in _TITLE_MOD:
                a -= 1
            while a < core and self.lex.known(_key(" ".join(words[: a + 1]))):
                a += 1  # keep a known name whole: "White House | Press Secretary"
            b = core + 1
            while b < len(words) and (
                words[b] in _TITLE_CORE or words[b] in _TITLE_MOD or words[b] in ("of", "for")
            ):
                b += 1
            while words[b - 1] in ("of", "for"):
                b -= 1
            return a, b
        return None

    def segments(self, toks: list[_Tok], run: list[int]) -> list[tuple[list[int], str]]:
        """Split a run into name segments, each marked "title" when a title stood before it."""
        whole = _key(self.span(toks, run[0], run[-1]))
        raw: list[tuple[list[int], str]] = []
        if self.lex.known(whole) or (len(run) > 1 and toks[run[-1]].text in _ORG_SUFFIX):
            raw.append((run, ""))
        else:
            cue, rest = "", run
            while rest:
                span = self.title_span([toks[r].text for r in rest])
                if span is None:
                    raw.append((rest, cue))
                    break
                a, b = span
                head = [toks[r].text for r in rest[:a]]
                if b == len(rest) and _person_shaped(
                    head + [toks[r].text for r in rest[a:]], self.lex
                ):
                    raw.append((rest, cue))  # "Martin Luther King": a surname, not a title
                    break
                if a:
                    raw.append((rest[:a], cue))
                rest, cue = rest[b:], "title"
                if rest and toks[rest[0]].text in _CONNECTORS:
                    cue = ""  # "Lord of the Rings", "Secretary of the Treasury": no name follows
        out: list[tuple[list[int], str]] = []
        for seg, cue in raw:
            if self.lex.known(_key(self.span(toks, seg[0], seg[-1]))):
                out.append((seg, cue))
                continue
            while seg and (
                toks[seg[0]].text in _MONTHS
                or toks[seg[0]].text in _WEEKDAYS
                or toks[seg[0]].text in _CONNECTORS
                or _key(toks[seg[0]].text) in _STOP
                or (toks[seg[0]].initial and not cue and self.common_initial(toks[seg[0]]))
            ):
                seg = seg[1:]
            if seg and self.lex.known(_key(self.span(toks, seg[0], seg[-1]))):
                out.append((seg, cue))
                continue
            rest = [toks[i].text for i in seg[1:]]
            if len(rest) >= 2 and toks[seg[0]].acronym and _person_shaped(rest, self.lex):
                out.append((seg[:1], ""))  # "CB Michael Lehan": a position, then the name
                seg = seg[1:]
            piece: list[int] = []
            for idx in [*seg, -1]:  # common acronyms split: "US AI" -> "US"
                if idx == -1 or toks[idx].text in _COMMON_ACRONYMS:
                    while piece and toks[piece[-1]].text in _CONNECTORS:
                        piece.pop()
                    if piece:
                        out.append((piece, cue))
                    piece = []
                elif piece or toks[idx].text not in _CONNECTORS:
                    piece.append(idx)
        return out

    def after(self, toks: list[_Tok], j: int) -> list[_Tok]:
        """Tokens after index j, skipping one parenthesis ("Ilse Varga (left), head of ...")."""
        rest = toks[j + 1 :]
        if rest and self.text[toks[j].end : rest[0].start].strip() == "(":
            for k, t in enumerate(rest):
                if self.text[t.end : t.end + 1] == ")":
                    return rest[k + 1 :]
            return []
        return rest

    def context_kind(self, toks: list[_Tok], seg: list[int]) -> tuple[EntityKind | None, str]:
        """What the words around a span say it is."""
        first, last = seg[0], seg[-1]
        words = [toks[i].text for i in seg if toks[i].text not in _CONNECTORS]
        prev = toks[first - 1].text.casefold() if first else ""
        plain_prev = bool(first) and _PLAIN_GAP.fullmatch(self.gap(toks, first)) is not None
        nxt = self.after(toks, last)
        after_gap = self.text[toks[last].end : nxt[0].start] if nxt else ""
        head = nxt[0].text.casefold() if nxt else ""
        poss = toks[last].poss
        if plain_prev and prev in _ORG_DESCRIPTORS:
            return "org", "descriptor"
        if after_gap.strip() == "," and prev in _LOCATIVE and self.lex.known(_key(head)) == "place":
            return "place", "locative"  # "in Palm Grove, Florida"
        prefixes = (" ".join(words[:n]) for n in range(1, len(words) + 1))
        if all(toks[i].acronym for i in seg) or any(
            self.lex.known(_key(p)) or _key(p) in self.lex.places for p in [*words, *prefixes]
        ):
            return None, ""  # "U.S. Geological Survey said" is not a person
        plain_next = _PLAIN_GAP.fullmatch(after_gap) is not None
        # "the Trump administration" names a person; "the Labour government" does not
        named = head in _AFTER_PERSON and len(words) <= 3 and (plain_next or poss)
        if named and (head in _AFTER_LEADER or _zipf(_key(words[-1])) < 4.0):
            return "person", "administration"
        if prev in _ARTICLES or (len(words) == 1 and (prev in _LOCATIVE or prev in ("of", "by"))):
            return None, ""  # "the Jays answered", "a new Mac Mini", "from Waitrose said"
        if plain_prev and prev in _ROLE_NOUNS:
            return "person", "role"
        if head in ("who", "whose") and after_gap.strip() in (",", "") and not poss:
            return "person", "who"
        age = nxt[0].text if nxt else ""
        aged = self.text[nxt[0].end : nxt[0].end + 1] == "," if nxt else False
        if after_gap.strip() == "," and age.isdigit() and len(age) <= 3 and aged:
            return "person", "age"  # "Comeaux, 49, was ..."
        if prev in _KIN and self.gap(toks, first).strip() == ",":
            return "person", "kin"  # "his pregnant wife, Laci,"
        if after_gap.strip() == "," and not poss:
            for t in nxt[:4]:
                if t.text.casefold() in _SPEECH:
                    break
                if t.text.casefold() in _ROLE_NOUNS or t.text in _TITLE_CORE:
                    return "person", "appositive"
        return None, ""

    def classify(self, toks: list[_Tok], seg: list[int], cue: str) -> tuple[EntityKind | None, str]:
        key = _key(self.span(toks, seg[0], seg[-1]))
        words = [toks[i].text for i in seg]
        if self.lex.places.get(key) == "demonym" or all(w in _NOT_NAMES for w in words):
            return None, "demonym"
        nxt = seg[-1] + 1
        adjectival = nxt < len(toks) and toks[nxt].text in _ADJ_TAILS
        if adjectival and self.gap(toks, nxt).strip() == "-":  # "US -based"
            return None, "adjectival"
        known = self.lex.known(key)
        if known:
            return known, "list"
        if len(words) > 1 and words[-1] in _ORG_SUFFIX:
            return "org", "suffix"
        if len(words) > 1 and words[-1] in _PLACE_SUFFIX:
            return "place", "suffix"
        if "of" in words or "for" in words:
            cut = next(i for i, w in enumerate(words) if w in ("of", "for"))
            head_kind = self.lex.known(_key(" ".join(words[:cut])))
            if words[cut - 1] in _PLACE_HEAD or head_kind == "place":
                return "place", "head"  # "Gulf of Aden", "Republic of Korea"
            if words[cut - 1] in _ORG_HEAD or head_kind == "org":
                return "org", "head"
        if cue == "title" and not all(toks[i].acronym for i in seg):
            return "person", "title"
        kind, why = self.context_kind(toks, seg)
        if kind is None and why == "" and seg[0] and _key(toks[seg[0] - 1].text) in _ARTICLES:
            return None, ""  # "the Marine Chronometer", "a new Mac Mini" name no person
        if kind is None and _person_shaped(words, self.lex):
            return "person", "shape"
        return kind, why

    def sentence_cands(self, idx: int, toks: list[_Tok]) -> list[_Cand]:
        out: list[_Cand] = []
        for chunk in self.chunks(toks):
            for run in self.runs(toks, chunk):
                for seg, cue in self.segments(toks, run):
                    kind, why = self.classify(toks, seg, cue)
                    if why in ("demonym", "adjectival"):
                        continue
                    cand = _Cand(idx, [toks[i] for i in seg], kind, why)
                    cand.name = self.span(toks, seg[0], seg[-1])
                    if out and self.text[out[-1].toks[-1].end : toks[seg[0]].start].strip() == "(":
                        cand.defines = out[-1]
                    out.append(cand)
        return out

    def headline_cands(
        self, idx: int, toks: list[_Tok], known: dict[str, EntityKind], surnames: set[str]
    ) -> list[_Cand]:
        """In a headline or caption keep only names the article or the lists vouch for."""
        out: list[_Cand] = []
        i = 0
        while i < len(toks):
            found: tuple[int, EntityKind] | None = None
            for j in range(min(len(toks), i + 8), i, -1) if _nameish(toks[i]) else ():
                inner = range(i + 1, j)
                if not _nameish(toks[j - 1]) or any(toks[k].poss for k in range(i, j - 1)):
                    continue
                if any(not _PLAIN_GAP.fullmatch(self.gap(toks, k)) for k in inner):
                    continue
                if any(not _nameish(toks[k]) and toks[k].text not in _CONNECTORS for k in inner):
                    continue
                key = _key(self.span(toks, i, j - 1))
                kind = known.get(key) or self.lex.known(key)
                words = [t.text for t in toks[i:j]]
                if kind is None and j - i == 1 and key in surnames:
                    kind = "person"
                if kind is None and _person_shaped(words, self.lex) and _zipf(key.split()[-1]) < 4:
                    kind = "person"
                if kind:
                    found = (j, kind)
                    break
            if found is None or toks[i].text in _TITLE_CORE:
                i += 1
                continue
            j, kind = found
            cand = _Cand(idx, toks[i:j], kind, "headline")
            cand.name = self.span(toks, i, j - 1)
            out.append(cand)
            i = j
        return out


def extract_mentions(text: str, sentences: list[SentenceSpan]) -> list[Mention]:
    """People, organisations and places in `text`, in order, with absolute offsets.

    Every sentence is read, residue included (a caption names people too); callers filter on
    `sentence_idx`. With no sentences the whole text is read as sentence 0. `Mention.text` is the
    name as written without title or possessive; `Mention.name` is the same with spaces collapsed.
    """
    reader = _Reader(text, _lexicon())
    spans = sentences or [SentenceSpan(0, 0, len(text), text)]
    toks_by = [(s.idx, _tokens(text, s.start, s.end)) for s in spans]
    headlines = {idx for idx, toks in toks_by if _is_title_case(toks, reader.lex)}
    for idx, toks in toks_by:
        for t in toks:
            if t.text[:1].islower():
                reader.lower_words.add(t.text.casefold())
            elif idx not in headlines and not t.initial:
                reader.mid_caps.add(t.text)
    cands = [
        c for idx, toks in toks_by if idx not in headlines for c in reader.sentence_cands(idx, toks)
    ]
    _resolve(cands)
    known = {_key(c.name): c.kind for c in cands if c.kind}
    surnames = {_key(c.name.split()[-1]) for c in cands if c.kind == "person"}
    for idx, toks in toks_by:
        if idx in headlines:
            cands.extend(reader.headline_cands(idx, toks, known, surnames))
    found = {
        (c.toks[0].start, c.toks[-1].end): Mention(
            sentence_idx=c.sent,
            start=c.toks[0].start,
            end=c.toks[-1].end,
            text=text[c.toks[0].start : c.toks[-1].end],
            name=re.sub(r"\s+", " ", c.name),
            kind=c.kind,
        )
        for c in cands
        if c.kind
    }
    return [found[k] for k in sorted(found)]
