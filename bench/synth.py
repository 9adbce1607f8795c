"""SYNTHETIC corpora for speed and memory only: many "outlets" retelling stories built from the
sentences of the BBC and ECB+ articles in ../shared/bench-data.

There are about 3,200 unique real articles there; the scaling targets speak of 20,000. Real
coverage of one story by several outlets shares claims, names and figures, with some outlets
dropping paragraphs, spelling a name differently or giving another figure; a corpus of unrelated
articles would make alignment and the contradiction detector look cheaper than they are. So each
synthetic story takes one real article as its seed and tells it through 3 to 8 outlets:

- names varied per story: every run of capitalised words is mapped to a name drawn from the other
  articles (so a seed reused for a second story does not repeat its names, and a claim recurs
  across the story's outlets, not across stories);
- figures varied per story: every number except years is scaled by one factor per story;
- per outlet: paragraphs kept with probability 0.85 (the lead always), now and then a name spelled
  another way or a figure changed (a planted disagreement), one or two paragraphs of an unrelated
  article (claims no one else makes), a publication date within three days; a fifth of the outlets
  are marked machine-translated.

Nothing here is a quality benchmark: the text is recombined, not written. Results are labelled
"synthetic" wherever they are reported. The corpus is written as JSON lines to a scratch folder
(never into the project: the BBC articles are for research use only) and deleted by the caller.

Run: `.venv/bin/python -m bench.synth 20000 /tmp/synth-20000` writes the files and prints counts.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench._data import BenchDataMissing, bench_dir, bench_file

OUTLETS_PER_STORY = (3, 8)
KEEP_PARAGRAPH = 0.85
RESPELL_NAME = 0.05  # per name and outlet
CHANGE_FIGURE = 0.03  # per figure and outlet
TRANSLATED_OUTLETS = 0.2
OUTLETS = 500  # fixed, so a smaller corpus is a prefix of a larger one with the same seed
ARTICLES_PER_FILE = 1000
START = date(2025, 1, 1)

_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|[A-Z]\.))*\s+[A-Z][a-z]{2,}\b")
_FIGURE = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True, slots=True)
class Seed:
    """One real article: a title and its paragraphs."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SynthArticle:
    story: int
    source: str
    title: str
    text: str
    published: str
    translated: bool

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "translated": self.translated,
        }


def load_seeds() -> list[Seed]:
    """BBC articles (title line, paragraphs) and ECB+ documents (sentences as paragraphs)."""
    seeds: list[Seed] = []
    root = bench_dir("bbc-news-2225") / "bbc"
    for path in sorted(root.glob("*/*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="latin-1").splitlines()]
        paragraphs = tuple(ln for ln in lines[1:] if ln)
        if lines and paragraphs:
            seeds.append(Seed(lines[0], paragraphs))
    try:
        ecb = bench_file("ecbplus", "ecbplus_documents_derived.jsonl")
    except BenchDataMissing:
        ecb = None
    if ecb is not None:
        for line in ecb.read_text(encoding="utf-8").splitlines():
            sentences = json.loads(line)["sentences"]
            if len(sentences) > 2:
                seeds.append(Seed(sentences[0], tuple(sentences[1:])))
    if not seeds:
        raise BenchDataMissing(f"no articles under {root}")
    return seeds


def name_pool(seeds: Sequence[Seed]) -> list[str]:
    """Every distinct multi-word capitalised name in the seeds, in a fixed order."""
    found: dict[str, None] = {}
    for seed in seeds:
        for paragraph in seed.paragraphs:
            for m in _NAME.finditer(paragraph):
                found.setdefault(" ".join(m.group().split()), None)
    return list(found)


def respell(name: str, rng: random.Random) -> str:
    """Another spelling of `name`, as a careless or transliterating outlet writes it: one letter of
    its last word doubled, dropped or swapped for a neighbour vowel."""
    words = name.split()
    last = words[-1]
    i = rng.randrange(1, len(last))
    how = rng.choice(("double", "drop", "vowel"))
    if how == "double":
        last = last[:i] + last[i] + last[i:]
    elif how == "drop" and len(last) > 3:
        last = last[:i] + last[i + 1 :]
    else:
        vowels = "aeiou"
        last = last[:i] + (rng.choice(vowels) if last[i] in vowels else last[i]) + last[i + 1 :]
    return " ".join([*words[:-1], last])


def _scaled(figure: str, factor: float) -> str:
    if _YEAR.match(figure):
        return figure
    value = float(figure.replace(",", ""))
    if "." in figure:
        return f"{value * factor:.{len(figure.split('.')[1])}f}"
    scaled = max(1, round(value * factor))
    return f"{scaled:,}" if "," in figure else str(scaled)


@dataclass(slots=True)
class _Story:
    names: dict[str, str]
    factor: float
    published: date


def _retell(text: str, story: _Story, rng: random.Random) -> str:
    """`text` with the story's names and figures, and this outlet's occasional deviations."""

    def name(m: re.Match[str]) -> str:
        key = " ".join(m.group().split())
        new = story.names.get(key, key)
        return respell(new, rng) if rng.random() < RESPELL_NAME else new

    def figure(m: re.Match[str]) -> str:
        factor = story.factor
        if rng.random() < CHANGE_FIGURE:
            factor *= rng.choice((0.5, 0.8, 1.25, 2.0))
        return _scaled(m.group(), factor)

    return _FIGURE.sub(figure, _NAME.sub(name, text))


def generate(n_articles: int, seed: int = 20000) -> Iterator[SynthArticle]:
    """`n_articles` synthetic articles in story order (deterministic for a given `seed`; a
    smaller corpus is a prefix of a larger one, up to the cut through its last story)."""
    seeds = load_seeds()
    pool = name_pool(seeds)
    rng = random.Random(seed)
    order = list(range(len(seeds)))
    outlets = [f"Synthetic Wire {i:03d}" for i in range(OUTLETS)]
    translated = set(rng.sample(outlets, int(len(outlets) * TRANSLATED_OUTLETS)))
    made = story_id = 0
    while made < n_articles:
        if story_id % len(seeds) == 0:
            rng.shuffle(order)
        base = seeds[order[story_id % len(seeds)]]
        names = sorted({" ".join(m.group().split()) for p in base.paragraphs for m in
                        _NAME.finditer(p)})  # fmt: skip
        story = _Story(
            names={n: rng.choice(pool) for n in names},
            factor=rng.uniform(0.5, 2.0),
            published=START + timedelta(days=rng.randrange(365)),
        )
        k = min(rng.randint(*OUTLETS_PER_STORY), n_articles - made)
        for source in rng.sample(outlets, k):
            paragraphs = [base.paragraphs[0]] + [
                p for p in base.paragraphs[1:] if rng.random() < KEEP_PARAGRAPH
            ]
            other = seeds[rng.randrange(len(seeds))]
            for p in rng.sample(other.paragraphs, min(len(other.paragraphs), rng.randint(1, 2))):
                paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), p)
            text = "\n\n".join(_retell(p, story, rng) for p in paragraphs)
            yield SynthArticle(
                story=story_id,
                source=source,
                title=_retell(base.title, story, rng),
                text=text,
                published=(story.published + timedelta(days=rng.randrange(3))).isoformat(),
                translated=source in translated,
            )
            made += 1
        story_id += 1


def write_corpus(n_articles: int, folder: Path, seed: int = 20000) -> list[Path]:
    """The corpus as JSON-lines files of up to ARTICLES_PER_FILE articles each in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    batch: list[str] = []

    def flush() -> None:
        path = folder / f"synthetic-{len(paths):03d}.jsonl"
        path.write_text("\n".join(batch) + "\n", encoding="utf-8")
        paths.append(path)
        batch.clear()

    for article in generate(n_articles, seed):
        batch.append(json.dumps(article.as_json(), ensure_ascii=False))
        if len(batch) == ARTICLES_PER_FILE:
            flush()
    if batch:
        flush()
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=20000)
    args = parser.parse_args(argv)
    try:
        paths = write_corpus(args.articles, args.folder, args.seed)
    except BenchDataMissing as exc:
        print(f"skipped: {exc}")
        return 0
    print(f"wrote {args.articles} synthetic articles in {len(paths)} files to {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
