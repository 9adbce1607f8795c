"""Whether a name word has the shape of a romanised name: pinyin, Korean, Japanese or Vietnamese.

A correct foreign name is rare in English and often missing from any gazetteer, so "rare and
unknown" alone cannot tell a translator's garble from a real person ("Daishiro Miyazaki", "Seo
Jung-won", "Zhang Fengyi"). Each romanisation has a small, closed syllable inventory, so a word
that splits entirely into syllables of one system is a plausible transliterated name; a word that
splits under none ("Sharpin", "Arfang") is not a name any romanisation produces, and is worth a
reviewer's look when it sits in a machine-translated article. The inventories are the
romanisation tables themselves (Hanyu Pinyin, Revised Romanisation with the common older
spellings, Hepburn, Vietnamese orthography), not names from any text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import product

from analysis.translit import normalise_name

__all__ = ["romanisation_of", "romanised_word"]


def _w(text: str) -> list[str]:
    return text.split()


# Hanyu Pinyin: initials × finals (a superset: a few combinations do not occur).
_PINYIN_INITIALS = _w("b p m f d t n l g k h j q x zh ch sh r z c s y w")
_PINYIN_FINALS = _w(
    "a o e i u ai ei ao ou an en ang eng ong ia ie iao iu ian in iang ing iong ua uo uai ui uan "
    "un uang ueng ue"
)
# Without an initial only a/o/e finals, and only at the start of a word: inside one, pinyin
# writes an apostrophe before them (Xi'an).
_PINYIN_BARE = _w("a o e ai ei ao ou an en ang eng er")
# Korean: Revised Romanisation plus the spellings names still use (Kee, Joon, Hyun, Sook).
_KO_ONSETS = [*_w("g k kk n d t tt r l m b p pp s ss sh j jj ch h"), ""]
_KO_VOWELS = _w("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i oo ee ou yoo yea woo")
_KO_CODAS = [*_w("k n t l m p ng"), ""]
# Japanese: Hepburn morae (long vowels come through normalise_name as plain vowels).
_JA_MORAE = _w(
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma "
    "mi mu me mo ya yu yo ra ri ru re ro wa wo ga gi gu ge go za ji zu ze zo da de do ba bi bu "
    "be bo pa pi pu pe po kya kyu kyo sha shu sho cha chu cho nya nyu nyo hya hyu hyo mya myu "
    "myo rya ryu ryo gya gyu gyo ja ju jo bya byu byo pya pyu pyo n"
)
# Vietnamese: one syllable per word.
_VI_ONSETS = [*_w("b c ch d g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"), ""]
_VI_NUCLEI = _w(
    "a e i o u y ai ao au ay eo eu ia ie iu oa oe oi ua ue ui uo uu uy uya uye uyu ieu oai oay "
    "uoi uou yeu uye ye"
)
_VI_CODAS = [*_w("c ch m n ng nh p t"), ""]
_PIECE = re.compile(r"[a-z]+")


def _joined(*parts: list[str]) -> frozenset[str]:
    return frozenset("".join(p) for p in product(*parts) if "".join(p))


@cache
def _inventories() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """System -> (syllables anywhere in a word, syllables only at its start)."""
    pinyin = _joined(_PINYIN_INITIALS, _PINYIN_FINALS) | {"nv", "lv", "nve", "lve"}
    return {
        "pinyin": (pinyin, frozenset(_PINYIN_BARE)),
        "korean": (_joined(_KO_ONSETS, _KO_VOWELS, _KO_CODAS), frozenset()),
        "japanese": (frozenset(_JA_MORAE), frozenset()),
        "vietnamese": (_joined(_VI_ONSETS, _VI_NUCLEI, _VI_CODAS), frozenset()),
    }


def _splits(piece: str, syllables: frozenset[str], first: frozenset[str], geminate: bool) -> bool:
    """Whether `piece` is a sequence of `syllables`, the first possibly one of `first`
    (Japanese also allows a doubled consonant before a mora: "Hattori", "Nakka")."""
    longest = 6
    ok = [False] * (len(piece) + 1)
    ok[0] = True
    for i in range(len(piece)):
        if not ok[i]:
            continue
        if geminate and i + 1 < len(piece) and piece[i] == piece[i + 1] and piece[i] not in "aeiou":
            ok[i + 1] = True
        for j in range(i + 1, min(len(piece), i + longest) + 1):
            if piece[i:j] in syllables or (i == 0 and piece[:j] in first):
                ok[j] = True
    return ok[len(piece)]


@lru_cache(maxsize=1 << 15)
def romanisation_of(word: str) -> str | None:
    """The first romanisation whose syllables make up every hyphen- or apostrophe-separated piece
    of `word`, or None. Vietnamese takes one syllable per piece."""
    pieces = _PIECE.findall(normalise_name(word.replace("-", " ").replace("'", " ")))
    if not pieces:
        return None
    for system, (syllables, first) in _inventories().items():
        if system == "vietnamese":
            fits = all(p in syllables for p in pieces)
        else:
            fits = all(_splits(p, syllables, first, system == "japanese") for p in pieces)
        if fits:
            return system
    return None


def romanised_word(word: str) -> bool:
    """Whether `word` splits into the syllables of some romanisation."""
    return romanisation_of(word) is not None
