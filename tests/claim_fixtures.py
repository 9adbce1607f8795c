"""One claim stated by several outlets, built from sentences a test writes: each text is sentence
1 of its own article (after a one-word lede), and all of them make one claim cluster."""

from __future__ import annotations

from analysis.model import ArticleText, ClusterDraft, ClusterMember, SentenceSpan


def one_claim(
    *texts: str, sources: tuple[str, ...] = (), extra: str = ""
) -> tuple[list[ArticleText], dict[int, list[SentenceSpan]], list[ClusterDraft]]:
    """(articles, sentences, clusters) of the texts; `sources` names the outlets (else "Outlet
    N"); `extra` is appended to the first article, in no sentence any claim holds."""
    articles = [
        ArticleText(
            i,
            sources[i - 1] if sources else f"Outlet {i}",
            "Lede. " + t + (" " + extra if extra and i == 1 else ""),
        )
        for i, t in enumerate(texts, start=1)
    ]
    sentences = {a.article_id: [SentenceSpan(0, 0, 5, "Lede."), SentenceSpan(1, 6, 6 + len(t), t)]
                 for a, t in zip(articles, texts, strict=True)}  # fmt: skip
    cluster = ClusterDraft("c", tuple(ClusterMember(a.article_id, 1, 0.9) for a in articles))
    return articles, sentences, [cluster]
