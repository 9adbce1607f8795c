"""Ordered migrations. `PRAGMA user_version` is the number of migrations applied.

Append new migrations to MIGRATIONS; never edit one that has shipped. A database whose
user_version is higher than len(MIGRATIONS) was written by a newer corroborator and is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

APPLICATION_ID = 0x436F7272  # "Corr": marks a SQLite file as ours, so a foreign one is refused.


def _v1_core(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            url TEXT,
            language TEXT,
            machine_translated INTEGER NOT NULL DEFAULT 0,
            translation_of TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            title TEXT,
            url TEXT,
            published TEXT,
            path TEXT,
            file_name TEXT,
            sha256 TEXT NOT NULL UNIQUE,
            language TEXT,
            translated INTEGER NOT NULL DEFAULT 0,
            translation_note TEXT,
            encoding TEXT,
            garble REAL,
            word_count INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX articles_source ON articles(source_id);
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            residue TEXT,
            claim_key TEXT NOT NULL,
            UNIQUE(article_id, idx)
        );
        CREATE INDEX sentences_claim_key ON sentences(claim_key);
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'corpus',
            gazetteer_id TEXT,
            description TEXT,
            spellings TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            UNIQUE(entity_id, alias)
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL
        );
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE TABLE quantities (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            value REAL,
            unit TEXT NOT NULL,
            low REAL,
            high REAL,
            approximate INTEGER NOT NULL DEFAULT 0,
            iso TEXT
        );
        CREATE INDEX quantities_article ON quantities(article_id);
        CREATE TABLE clusters (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            size INTEGER NOT NULL,
            n_sources INTEGER NOT NULL,
            key TEXT NOT NULL
        );
        CREATE TABLE cluster_members (
            cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
            similarity REAL NOT NULL,
            PRIMARY KEY (cluster_id, sentence_id)
        );
        CREATE INDEX cluster_members_sentence ON cluster_members(sentence_id);
        CREATE TABLE flags (
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            detector TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sentence_idx INTEGER,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            suggestion TEXT,
            confidence REAL NOT NULL,
            explanation TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '{}',
            slot TEXT,
            other_article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
            other_sentence_idx INTEGER,
            other_start INTEGER,
            other_end INTEGER,
            other_quote TEXT,
            claim_key TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        CREATE INDEX flags_article ON flags(article_id);
        CREATE INDEX flags_kind ON flags(kind, active);
        CREATE INDEX flags_claim ON flags(claim_key);
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            target_type TEXT NOT NULL,
            target TEXT NOT NULL,
            action TEXT NOT NULL,
            decision TEXT,
            value TEXT,
            note TEXT,
            op TEXT NOT NULL DEFAULT 'do' CHECK (op IN ('do', 'undo', 'redo')),
            ref INTEGER REFERENCES reviews(id),
            batch TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX reviews_target ON reviews(target_type, target, id);
        CREATE INDEX reviews_reviewer ON reviews(reviewer, id);
        CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
        CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
        CREATE TABLE gazetteer_entries (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            kind TEXT NOT NULL DEFAULT 'person',
            description TEXT,
            wikidata TEXT,
            origin TEXT NOT NULL DEFAULT 'reviewer',
            added_at TEXT NOT NULL,
            UNIQUE(name, kind)
        );
        CREATE TABLE analysis_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            articles INTEGER,
            sentences INTEGER,
            clusters INTEGER,
            flags INTEGER,
            new_flags INTEGER,
            seconds REAL,
            notes TEXT
        );
        """
    )
    db.table("sentences").enable_fts(["text"], create_triggers=True, tokenize="porter unicode61")
    db.executescript(
        """
        CREATE VIEW flag_status AS
        SELECT f.*, COALESCE(r.decision, 'open') AS status, r.value AS correction,
               r.reviewer AS decided_by, r.at AS decided_at
        FROM flags f
        LEFT JOIN reviews r ON r.id = (
            SELECT max(id) FROM reviews
            WHERE target_type = 'flag' AND target = f.fingerprint AND action = 'status'
        );
        CREATE VIEW claim_state AS
        SELECT r.target, r.decision, r.id AS review_id, r.reviewer, r.at
        FROM reviews r
        WHERE r.target_type = 'claim' AND r.action = 'claim' AND r.id = (
            SELECT max(id) FROM reviews r2
            WHERE r2.target_type = 'claim' AND r2.target = r.target AND r2.action = 'claim'
        );
        CREATE VIEW open_flags AS
        SELECT * FROM flag_status WHERE status = 'open' AND active = 1
        ORDER BY confidence DESC;
        """
    )


def _v2_undo_steps(db: Database) -> None:
    """A materialised undo/redo stack per reviewer, so undo costs the same at any log length.

    One row per step (a decision, a bulk decision, a note, a merge or a split): its first `do`
    row, the batch its rows share (NULL for a one-row step), whether it is done or undone, and
    `seq`, the id of the last review row its latest do/undo/redo wrote (the stack order). The
    stacks of an existing log are rebuilt once by replaying it.
    """
    db.executescript(
        """
        CREATE TABLE review_steps (
            id INTEGER PRIMARY KEY,
            reviewer TEXT NOT NULL,
            first_review INTEGER NOT NULL REFERENCES reviews(id),
            batch TEXT,
            state TEXT NOT NULL CHECK (state IN ('done', 'undone')),
            seq INTEGER NOT NULL
        );
        CREATE INDEX review_steps_stack ON review_steps(reviewer, state, seq);
        CREATE INDEX reviews_batch ON reviews(batch) WHERE batch IS NOT NULL;
        """
    )
    steps: dict[tuple[str, str], dict[str, object]] = {}
    undone: dict[str, set[tuple[str, str]]] = {}
    key_of: dict[int, str] = {}
    for row in db.query("SELECT id, op, ref, batch, reviewer FROM reviews ORDER BY id"):
        reviewer = row["reviewer"]
        if row["op"] == "do":
            key = (reviewer, row["batch"] or f"#{row['id']}")
            key_of[row["id"]] = key[1]
            if key not in steps:
                for gone in undone.pop(reviewer, set()):  # a new step empties the redo stack
                    del steps[gone]
                steps[key] = {
                    "reviewer": reviewer, "first_review": row["id"], "batch": row["batch"],
                    "state": "done",
                }  # fmt: skip
            steps[key]["seq"] = row["id"]
            continue
        key = (reviewer, key_of.get(row["ref"], ""))
        if key in steps:
            steps[key].update(state="undone" if row["op"] == "undo" else "done", seq=row["id"])
            redo_stack = undone.setdefault(reviewer, set())
            if row["op"] == "undo":
                redo_stack.add(key)
            else:
                redo_stack.discard(key)
    db.table("review_steps").insert_all(steps.values(), batch_size=1000)


def _v3_result_cache(db: Database) -> None:
    """Per-article analysis results, so `analyze` extracts only new or changed articles, and the
    inputs of the last analysis, so a re-run with nothing new can stop early (store/cache.py)."""
    db.executescript(
        """
        CREATE TABLE article_results (
            sha256 TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            inputs TEXT NOT NULL,
            result BLOB NOT NULL
        );
        CREATE TABLE analysis_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def _review_log_view(article_match: str, extra: str = "") -> str:
    """`review_log` with `article_match` saying which article a note's target hash names (the
    hash changed meaning in v10: an edited article keeps the sha256 it was first imported with)."""
    return f"""
        CREATE VIEW review_log AS
        SELECT r.id, r.at, r.reviewer, r.op, r.action, r.decision, r.value, r.note,
               r.target_type,
               CASE r.target_type
                 WHEN 'flag' THEN (
                   SELECT f.kind || ': “' || f.quote || '” (' || src.name || ')'
                   FROM flags f JOIN articles a ON a.id = f.article_id
                   JOIN sources src ON src.id = a.source_id WHERE f.fingerprint = r.target)
                 WHEN 'claim' THEN (
                   SELECT s.text FROM sentences s WHERE s.claim_key = r.target LIMIT 1)
                 WHEN 'cluster' THEN (
                   SELECT c.label FROM clusters c WHERE c.key = r.target LIMIT 1)
                 WHEN 'article' THEN (
                   SELECT COALESCE(a.title, a.file_name) FROM articles a
                   WHERE {article_match} LIMIT 1)
                 ELSE r.target
               END AS about,
               r.target, r.ref, r.batch{extra}
        FROM reviews r;
        """


def _v4_readable_views(db: Database) -> None:
    """Views that show the review log and claim verdicts as text, not hashes (for Datasette).

    `claim_verdicts`: each claim's verdict with its sentence, outlet, article, cluster and the
    notes in force on it. `review_log`: every review row with `about`, what its target is in
    words (a flag's kind, quote and outlet; a claim's sentence; a cluster's label; an article's
    title)."""
    db.executescript(
        """
        CREATE VIEW claim_verdicts AS
        SELECT cs.decision AS verdict, s.text AS sentence, src.name AS source,
               COALESCE(a.title, a.file_name) AS article,
               (SELECT c.label FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id
                WHERE cm.sentence_id = s.id) AS cluster,
               r.note AS verdict_note,
               (SELECT group_concat(n.note, ' | ') FROM reviews n
                WHERE n.target_type = 'claim' AND n.target = cs.target AND n.action = 'note'
                AND n.op = 'do' AND COALESCE((SELECT u.op FROM reviews u WHERE u.ref = n.id
                                              ORDER BY u.id DESC LIMIT 1), 'redo') != 'undo'
               ) AS notes,
               cs.reviewer, cs.at, a.id AS article_id, cs.target AS claim_key
        FROM claim_state cs JOIN reviews r ON r.id = cs.review_id
        LEFT JOIN sentences s ON s.id = (SELECT min(x.id) FROM sentences x
                                         WHERE x.claim_key = cs.target)
        LEFT JOIN articles a ON a.id = s.article_id
        LEFT JOIN sources src ON src.id = a.source_id;
        """
        + _review_log_view("a.sha256 = r.target")
    )


def _v5_member_tier(db: Database) -> None:
    """Each cluster member's tier: same_claim (counts as corroboration), possible, related."""
    db.execute("ALTER TABLE cluster_members ADD COLUMN tier TEXT NOT NULL DEFAULT 'same_claim'")


def _v6_member_copy_of(db: Database) -> None:
    """The article a cluster member's article republishes (one witness per copy), or NULL."""
    db.execute("ALTER TABLE cluster_members ADD COLUMN copy_of INTEGER")


def _v7_claim_edits(db: Database) -> None:
    """What reviewers' claim edits (store/claim_edits.py) need besides the review log.

    `claim_base`/`claim_base_members`: the clusters as analysis wrote them, snapshotted when an
    edit first touches them, so the edited clusters can be rebuilt from them whenever an edit is
    made, undone or redone. `claim_edited`: clusters an edit created (a split). All three are
    derived: re-analysis empties them and applies the edits again. `claim_edit_state`: whether
    each edit in the log applies to the current clusters, and why not. `cluster_members` says
    which edit last shaped a member and whose it was."""
    db.executescript(
        """
        CREATE TABLE claim_base (
            cluster_id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            key TEXT NOT NULL
        );
        CREATE TABLE claim_base_members (
            cluster_id INTEGER NOT NULL REFERENCES claim_base(cluster_id) ON DELETE CASCADE,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
            similarity REAL NOT NULL,
            tier TEXT NOT NULL,
            copy_of INTEGER,
            PRIMARY KEY (cluster_id, sentence_id)
        );
        CREATE TABLE claim_edited (cluster_id INTEGER PRIMARY KEY);
        CREATE TABLE claim_edit_state (
            review_id INTEGER PRIMARY KEY REFERENCES reviews(id),
            applied INTEGER NOT NULL,
            reason TEXT
        );
        ALTER TABLE cluster_members ADD COLUMN edit TEXT;
        ALTER TABLE cluster_members ADD COLUMN edited_by TEXT;
        """
    )


def _v8_cluster_key_index(db: Database) -> None:
    """Clusters by their content key: notes on a claim find its cluster without reading every
    cluster member (1.2 s a cursor move on 10,000 articles before)."""
    db.execute("CREATE INDEX IF NOT EXISTS clusters_key ON clusters(key)")


def _v9_article_revisions(db: Database) -> None:
    """An edited file imported again revises its article in place (store.import_article).

    `origin_sha256`: the sha256 the article had when first imported, its identity in flag
    fingerprints and claim keys, so decisions on text an edit did not touch survive the edit.
    `revised_at`: when the text last changed. `resolved_path`: the absolute file path the article
    came from, to know an edited file again (NULL for older imports: their `path` is used)."""
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN origin_sha256 TEXT;
        ALTER TABLE articles ADD COLUMN revised_at TEXT;
        ALTER TABLE articles ADD COLUMN resolved_path TEXT;
        UPDATE articles SET origin_sha256 = sha256;
        CREATE INDEX articles_origin ON articles(origin_sha256);
        """
    )


def _v10_review_log_origin(db: Database) -> None:
    """`review_log` names an edited article's notes again: since v9 article notes target the
    sha256 the article was first imported with (`origin_sha256`), not its current one."""
    db.executescript(
        "DROP VIEW review_log;" + _review_log_view("COALESCE(a.origin_sha256, a.sha256) = r.target")
    )


def _v11_skipped_steps(db: Database) -> None:
    """A step can be set aside ('skipped') by its reviewer when another reviewer decided one of
    its targets since: it leaves both stacks (so undo reaches the reviewer's step before it) and
    its rows stay in the log. SQLite cannot change a CHECK, so the small table is rebuilt."""
    for sql in (
        """CREATE TABLE review_steps_v11 (
            id INTEGER PRIMARY KEY,
            reviewer TEXT NOT NULL,
            first_review INTEGER NOT NULL REFERENCES reviews(id),
            batch TEXT,
            state TEXT NOT NULL CHECK (state IN ('done', 'undone', 'skipped')),
            seq INTEGER NOT NULL
        )""",
        "INSERT INTO review_steps_v11 (id, reviewer, first_review, batch, state, seq)"
        " SELECT id, reviewer, first_review, batch, state, seq FROM review_steps",
        "DROP TABLE review_steps",
        "ALTER TABLE review_steps_v11 RENAME TO review_steps",
        "CREATE INDEX review_steps_stack ON review_steps(reviewer, state, seq)",
    ):
        db.execute(sql)


def _v12_cluster_flag_counts(db: Database) -> None:
    """Active flags per cluster and kind (store/cluster_summary.py), so the cluster list can sort
    conflicts first without joining every flag to every cluster member on each page (0.3 s of
    the first paint on 10,000 articles). Derived: `summary_state` holds the marker of the
    clusters and flags it was counted from; a reader finding another marker counts again."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS cluster_flag_counts (
            cluster_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            flags INTEGER NOT NULL,
            PRIMARY KEY (cluster_id, kind)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS cluster_flag_counts_kind
            ON cluster_flag_counts(kind, cluster_id);
        CREATE TABLE IF NOT EXISTS summary_state (name TEXT PRIMARY KEY, marker TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS clusters_rank ON clusters(n_sources DESC);
        """
    )


def _v13_sentence_vectors(db: Database) -> None:
    """Each article's sentence vectors (wordllama, float32), keyed like `article_results` by its
    sha256 and the analysis version, so a re-run embeds only new or changed articles' sentences
    (analysis/vector_cache.py). `texts` is a digest of the sentences the vectors are of."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS sentence_vectors (
            sha256 TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            texts TEXT NOT NULL,
            vectors BLOB NOT NULL
        );
        """
    )


def _v14_member_unit(db: Database) -> None:
    """The clause of a member's sentence that states the claim, when the sentence carries several
    and one clause matched (analysis.claim_units); NULL when the whole sentence did. Kept in the
    snapshot claim edits take too, so an edit does not lose it."""
    for table in ("cluster_members", "claim_base_members"):
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
        if "unit" not in columns:  # a database rolled back to an older version may have it
            db.execute(f"ALTER TABLE {table} ADD COLUMN unit TEXT")


# A claim's name as schema v15 wrote it (store.verdicts.CLUSTER_NAME then, without the clause's
# place), and as v16 writes it; `c` is the cluster.
_V15_NAME = """(
                    SELECT s2.claim_key FROM cluster_members m JOIN sentences s2
                    ON s2.id = m.sentence_id WHERE m.cluster_id = c.id
                    ORDER BY m.tier != 'same_claim',
                             (SELECT count(*) FROM cluster_members x
                              WHERE x.sentence_id = m.sentence_id) > 1,
                             s2.article_id, s2.idx LIMIT 1)"""
_V16_NAME = """(
                    SELECT s2.claim_key || CASE
                      WHEN m.unit IS NOT NULL AND (SELECT count(*) FROM cluster_members x
                                                   WHERE x.sentence_id = m.sentence_id) > 1
                      THEN ':' || COALESCE(m.unit_at, instr(s2.text, m.unit)) ELSE '' END
                    FROM cluster_members m JOIN sentences s2
                    ON s2.id = m.sentence_id WHERE m.cluster_id = c.id
                    ORDER BY m.tier != 'same_claim',
                             (SELECT count(*) FROM cluster_members x
                              WHERE x.sentence_id = m.sentence_id) > 1,
                             s2.article_id, s2.idx LIMIT 1)"""


def _claim_verdicts_view(name: str, notes: str = "") -> str:
    """`claim_verdicts`: each claim verdict in force with its sentence, outlet, article, the
    label of the claim it was given in (`name`: a claim's name as SQL), and its notes
    (`notes`: what else a note must meet)."""
    return f"""
        CREATE VIEW claim_verdicts AS
        SELECT cs.decision AS verdict, s.text AS sentence, src.name AS source,
               COALESCE(a.title, a.file_name) AS article,
               COALESCE(
                 (SELECT c.label FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id
                  WHERE cm.sentence_id = s.id AND cs.claim = {name}),
                 (SELECT c.label FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id
                  WHERE cm.sentence_id = s.id)) AS cluster,
               r.note AS verdict_note,
               (SELECT group_concat(n.note, ' | ') FROM reviews n
                WHERE n.target_type = 'claim' AND n.target = cs.target AND n.action = 'note'
                AND n.op = 'do'{notes} AND COALESCE((SELECT u.op FROM reviews u WHERE u.ref = n.id
                                              ORDER BY u.id DESC LIMIT 1), 'redo') != 'undo'
               ) AS notes,
               cs.reviewer, cs.at, a.id AS article_id, cs.target AS claim_key,
               cs.claim AS in_claim
        FROM claim_state cs JOIN reviews r ON r.id = cs.review_id
        LEFT JOIN sentences s ON s.id = (SELECT min(x.id) FROM sentences x
                                         WHERE x.claim_key = cs.target)
        LEFT JOIN articles a ON a.id = s.article_id
        LEFT JOIN sources src ON src.id = a.source_id;
        """


def _v15_verdict_claim(db: Database) -> None:
    """A verdict belongs to the claim it was given in, not to every claim holding its sentence
    (since v14 one sentence can sit in several claims, one per clause). `reviews.claim`: the
    name of that claim (store.CLUSTER_NAME, stable across analyses); NULL (every verdict before
    v15, or one on a sentence in no claim) holds in each claim the sentence is in, as before.
    `claim_state` has one row per sentence and claim; `claim_verdicts` says which claim."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(reviews)").fetchall()}
    if "claim" not in columns:  # a database rolled back to an older version may have it
        db.execute("ALTER TABLE reviews ADD COLUMN claim TEXT")
    db.executescript(
        """
        DROP VIEW IF EXISTS claim_verdicts;
        DROP VIEW IF EXISTS claim_state;
        CREATE VIEW claim_state AS
        SELECT r.target, r.claim, r.decision, r.id AS review_id, r.reviewer, r.at
        FROM reviews r
        WHERE r.target_type = 'claim' AND r.action = 'claim' AND r.id = (
            SELECT max(id) FROM reviews r2
            WHERE r2.target_type = 'claim' AND r2.target = r.target AND r2.action = 'claim'
            AND r2.claim IS r.claim
        );
        """
        + _claim_verdicts_view(_V15_NAME)
    )


def _v16_unit_place(db: Database) -> None:
    """Where a member's clause starts in its sentence (`unit_at`: 1 + the offset of its first
    word, analysis.claim_units), written by analysis: a claim name's ":N" (store.CLUSTER_NAME)
    was found by searching the sentence for the clause's text, which finds no place for a clause
    a relative clause was cut out of (":0" for all of them). NULL in rows written before: the
    name is found by that search until the next analysis. `claim_aliases`: a claim name that
    analysis then changed (same claim, same members) and the name it has now, so that a verdict
    given under the old name stays in that claim (store/verdicts.py)."""
    for table in ("cluster_members", "claim_base_members"):
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
        if "unit_at" not in columns:  # a database rolled back to an older version may have it
            db.execute(f"ALTER TABLE {table} ADD COLUMN unit_at INTEGER")
    db.execute("CREATE TABLE IF NOT EXISTS claim_aliases (old TEXT PRIMARY KEY, new TEXT NOT NULL)")


def _v17_review_log_claim(db: Database) -> None:
    """`review_log` shows `claim`, the claim a verdict (or a note written with it) was given in
    (store/verdicts.py), so the log read in Datasette tells two claims of one sentence apart;
    `claim_verdicts.notes` lists only the notes that belong with the verdict's claim (written in
    it, or in no claim)."""
    db.executescript(
        "DROP VIEW IF EXISTS review_log;"
        + _review_log_view("COALESCE(a.origin_sha256, a.sha256) = r.target", ", r.claim")
    )
    db.executescript(
        "DROP VIEW IF EXISTS claim_verdicts;"
        + _claim_verdicts_view(_V16_NAME, " AND (n.claim IS NULL OR n.claim IS cs.claim)")
    )


def _v18_claim_renames(db: Database) -> None:
    """Claim renames are kept in the order they happened (`claim_renames`): a claim edit renames
    a claim when its naming sentence leaves it, and a split claim can take over the name its
    source had, so a name can mean two claims over time; a review row naming a claim means the
    one that bore the name when the row was written (`upto`: the last review row a step of
    renames holds for; one step's renames apply at once). Replaces v16's `claim_aliases`, whose
    renames hold for every row written before."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS claim_renames (
            id INTEGER PRIMARY KEY,
            step INTEGER NOT NULL,
            upto INTEGER NOT NULL,
            old TEXT NOT NULL,
            new TEXT NOT NULL
        );
        INSERT INTO claim_renames (step, upto, old, new)
        SELECT 1, COALESCE((SELECT max(id) FROM reviews), 0), old, new FROM claim_aliases;
        DROP TABLE claim_aliases;
        """
    )


def _v19_views_follow_renames(db: Database) -> None:
    """Datasette's `claim_state` and `claim_verdicts` read a verdict's (and a note's) claim as
    the claim that bears its name now, as the app does (store/verdicts.Renames): a row written
    under a name a claim edit or an analysis changed since (`claim_renames`) showed as a lane of
    its own beside the same claim's newer verdicts, under another claim's label.
    `review_claim_now`: each review row's claim under its name now (rows with none left out)."""
    db.executescript(
        """
        DROP VIEW IF EXISTS claim_verdicts;
        DROP VIEW IF EXISTS claim_state;
        DROP VIEW IF EXISTS review_claim_now;
        CREATE VIEW review_claim_now AS
        WITH RECURSIVE walk(id, claim, step) AS (
            SELECT id, claim, 0 FROM reviews WHERE target_type = 'claim' AND claim IS NOT NULL
            UNION ALL
            SELECT w.id, cr.new, cr.step FROM walk w JOIN claim_renames cr
            ON cr.old = w.claim AND cr.upto >= w.id AND cr.step = (
                SELECT min(c2.step) FROM claim_renames c2
                WHERE c2.old = w.claim AND c2.upto >= w.id AND c2.step > w.step)
        )
        SELECT id, claim FROM (
            SELECT id, claim, row_number() OVER (PARTITION BY id ORDER BY step DESC) AS n
            FROM walk)
        WHERE n = 1;
        CREATE VIEW claim_state AS
        WITH lanes AS (
            SELECT r.id, r.target, r.decision, r.reviewer, r.at, cn.claim
            FROM reviews r LEFT JOIN review_claim_now cn ON cn.id = r.id
            WHERE r.target_type = 'claim' AND r.action = 'claim'
        )
        SELECT l.target, l.claim, l.decision, l.id AS review_id, l.reviewer, l.at
        FROM lanes l
        WHERE l.id = (SELECT max(l2.id) FROM lanes l2
                      WHERE l2.target = l.target AND l2.claim IS l.claim);
        """
        + _claim_verdicts_view(
            _V16_NAME,
            " AND (n.claim IS NULL OR"
            " (SELECT x.claim FROM review_claim_now x WHERE x.id = n.id) IS cs.claim)",
        )
    )


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_core,
    _v2_undo_steps,
    _v3_result_cache,
    _v4_readable_views,
    _v5_member_tier,
    _v6_member_copy_of,
    _v7_claim_edits,
    _v8_cluster_key_index,
    _v9_article_revisions,
    _v10_review_log_origin,
    _v11_skipped_steps,
    _v12_cluster_flag_counts,
    _v13_sentence_vectors,
    _v14_member_unit,
    _v15_verdict_claim,
    _v16_unit_place,
    _v17_review_log_claim,
    _v18_claim_renames,
    _v19_views_follow_renames,
]
SCHEMA_VERSION = len(MIGRATIONS)
