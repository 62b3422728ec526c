//! The file's schema and its migrations, versioned with `PRAGMA user_version`. Migration `i`
//! takes a file from version `i` to `i + 1`.

/// Marks a SQLite file as Chancery's (`PRAGMA application_id`, "CHNC").
pub const APPLICATION_ID: i64 = 0x4348_4E43;

/// Each entry upgrades the schema by one version.
pub const MIGRATIONS: &[&str] = &[
    // 1: records as typed JSON documents with derived, indexed columns; references as edges;
    // one full-text index; the change log; saved searches.
    r#"
    CREATE TABLE record (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        kind        TEXT NOT NULL,
        subkind     TEXT,
        title       TEXT NOT NULL,
        date_edtf   TEXT,
        sort_date   TEXT NOT NULL DEFAULT '',
        date_lo     TEXT,
        date_hi     TEXT,
        date_fuzzy  INTEGER NOT NULL DEFAULT 0,
        grade       TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        deleted_at  TEXT,
        data        TEXT NOT NULL
    );
    -- Lists filter on Trash state and kind, then page in date or title order: these indexes
    -- serve the filter, the order and the count without visiting table rows.
    CREATE INDEX record_live_kind_date ON record(deleted_at, kind, sort_date, id);
    CREATE INDEX record_live_date ON record(deleted_at, sort_date, id);
    CREATE INDEX record_live_kind_title ON record(deleted_at, kind, title COLLATE NOCASE, id);

    CREATE TABLE edge (
        owner_id  INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
        src_id    INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
        dst_id    INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
        relation  TEXT NOT NULL,
        detail    TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX edge_owner ON edge(owner_id);
    CREATE INDEX edge_dst ON edge(dst_id, relation);
    CREATE INDEX edge_src ON edge(src_id, relation);

    CREATE VIRTUAL TABLE fts USING fts5(
        title, aliases, body, keys, context,
        tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE change_log (
        id           INTEGER PRIMARY KEY,
        record_uuid  TEXT NOT NULL,
        kind         TEXT NOT NULL,
        action       TEXT NOT NULL,
        at           TEXT NOT NULL,
        before       TEXT,
        after        TEXT
    );
    CREATE INDEX change_log_record ON change_log(record_uuid, id);

    CREATE TABLE saved_search (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
        spec        TEXT NOT NULL,
        created_at  TEXT NOT NULL
    );
    "#,
    // 2: undo and redo through the change log. Every transaction's lines share a batch; the
    // state says whether a batch can be undone (done), redone (undone), neither (dropped: undone
    // and then superseded by a new edit), or was written by undo/redo itself (meta).
    r#"
    ALTER TABLE change_log ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE change_log ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
    UPDATE change_log SET batch = id;
    CREATE INDEX change_log_state_batch ON change_log(state, batch);
    "#,
    // 3: the list columns of each record (place and participants of a meeting, speaker and
    // source grade of a statement…), derived like the title. Filled by a rebuild after migrating.
    // Edge indexes become covering: filters walk edges without visiting their rows (measured
    // at 1.2M records: statements at meetings in a country, 130 ms → 10 ms).
    r#"
    ALTER TABLE record ADD COLUMN columns TEXT NOT NULL DEFAULT '[]';
    DROP INDEX edge_dst;
    DROP INDEX edge_src;
    CREATE INDEX edge_dst ON edge(dst_id, relation, src_id);
    CREATE INDEX edge_src ON edge(src_id, relation, dst_id);
    "#,
    // 4: record counts per kind and Trash state, kept by triggers, so that counting is
    // O(kinds) instead of a scan (at 1.2M records the scan took 0.8 s, after every edit).
    r#"
    CREATE TABLE record_count (
        kind     TEXT NOT NULL,
        trashed  INTEGER NOT NULL,
        n        INTEGER NOT NULL,
        PRIMARY KEY (kind, trashed)
    ) WITHOUT ROWID;
    INSERT INTO record_count (kind, trashed, n)
        SELECT kind, deleted_at IS NOT NULL, count(*) FROM record GROUP BY 1, 2;
    CREATE TRIGGER record_count_insert AFTER INSERT ON record BEGIN
        INSERT INTO record_count (kind, trashed, n) VALUES (NEW.kind, NEW.deleted_at IS NOT NULL, 1)
            ON CONFLICT (kind, trashed) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER record_count_delete AFTER DELETE ON record BEGIN
        UPDATE record_count SET n = n - 1
            WHERE kind = OLD.kind AND trashed = (OLD.deleted_at IS NOT NULL);
    END;
    CREATE TRIGGER record_count_update AFTER UPDATE OF kind, deleted_at ON record
        WHEN OLD.kind IS NOT NEW.kind OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
    BEGIN
        UPDATE record_count SET n = n - 1
            WHERE kind = OLD.kind AND trashed = (OLD.deleted_at IS NOT NULL);
        INSERT INTO record_count (kind, trashed, n) VALUES (NEW.kind, NEW.deleted_at IS NOT NULL, 1)
            ON CONFLICT (kind, trashed) DO UPDATE SET n = n + 1;
    END;
    "#,
    // 5: a meeting's participant has a list of roles (`roles`) instead of one (`role`); the
    // form being typed is kept as a draft, offered back after a crash or a restart. (Values
    // coming out of a subquery lose their JSON subtype, so each goes through `json()` again:
    // without it the list would be stored as one quoted string.)
    r#"
    UPDATE record SET data = json_set(data, '$.participants', json((
        SELECT json_group_array(json(v)) FROM (
            SELECT CASE WHEN json_type(p.value, '$.role') IS NULL THEN p.value
                   ELSE json_set(json_remove(p.value, '$.role'),
                                 '$.roles', json_array(json_extract(p.value, '$.role')))
                   END AS v
            FROM json_each(record.data, '$.participants') AS p
            ORDER BY p.key))))
    WHERE kind = 'meeting' AND json_type(data, '$.participants') = 'array';
    CREATE TABLE draft (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        data      TEXT NOT NULL,
        saved_at  TEXT NOT NULL
    );
    "#,
    // 6: scale (issue 11). One copy of each text: the search index keeps no text of its own
    // (contentless, rows deletable), snippets are cut from the record's document; it has prefix
    // indexes for 2- and 3-letter starts of words, so that typing answers from one doclist. The
    // names of actors, places, topics and sources get a small index of their own with 1-letter
    // prefixes too (a single typed letter lists names). The change log keeps what was before
    // each change and not what came after: that is the next line's `before`, or the record as
    // it is now (an import of a million records logged every document, a gigabyte). The date
    // indexes carry each record's upper date bound, so a date range is checked in the index.
    // Each record's document moves to a table of its own, so that the rows lists and searches
    // join stay narrow (a search joining 10,000 hits: 6–16 ms with documents, 3–4 ms without).
    // Titles are indexed for the kinds listed by name (actors, places, topics, sources), not
    // for every statement's long title (a fifteenth of the file).
    r#"
    CREATE VIRTUAL TABLE fts_v6 USING fts5(
        title, aliases, body, keys, context,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3', content = '', contentless_delete = 1
    );
    INSERT INTO fts_v6 (rowid, title, aliases, body, keys, context)
        SELECT rowid, title, aliases, body, keys, context FROM fts;
    CREATE VIRTUAL TABLE name_fts USING fts5(
        title, aliases, keys,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3', content = '', contentless_delete = 1
    );
    INSERT INTO name_fts (rowid, title, aliases, keys)
        SELECT f.rowid, f.title, f.aliases, f.keys FROM fts f JOIN record r ON r.id = f.rowid
        WHERE r.kind IN ('actor', 'place', 'topic', 'source');
    DROP TABLE fts;
    ALTER TABLE fts_v6 RENAME TO fts;
    UPDATE change_log SET after = NULL WHERE after IS NOT NULL;
    DROP INDEX record_live_kind_date;
    DROP INDEX record_live_date;
    CREATE INDEX record_live_kind_date ON record(deleted_at, kind, sort_date, id, date_hi);
    CREATE INDEX record_live_date ON record(deleted_at, sort_date, id, date_hi);
    CREATE TABLE record_doc (
        id    INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
        data  TEXT NOT NULL
    );
    INSERT INTO record_doc (id, data) SELECT id, data FROM record;
    ALTER TABLE record DROP COLUMN data;
    DROP INDEX record_live_kind_title;
    CREATE INDEX record_title_actor ON record(deleted_at, title COLLATE NOCASE, id)
        WHERE kind = 'actor';
    CREATE INDEX record_title_place ON record(deleted_at, title COLLATE NOCASE, id)
        WHERE kind = 'place';
    CREATE INDEX record_title_topic ON record(deleted_at, title COLLATE NOCASE, id)
        WHERE kind = 'topic';
    CREATE INDEX record_title_source ON record(deleted_at, title COLLATE NOCASE, id)
        WHERE kind = 'source';
    "#,
    // 7: Persian and Urdu letter forms (ی ک ہ …) are indexed as their Arabic forms; the
    // records holding any are indexed again after this step (`REDERIVE_PERSIAN_BEFORE`).
    r#"
    DELETE FROM record WHERE 0;
    "#,
    // 8: records referring to an actor are found by the actor's aliases too (issue 23); the
    // search index is written anew after this step (`REINDEX_BEFORE`).
    r#"
    DELETE FROM record WHERE 0;
    "#,
    // 9: duplicates (issue 24). Judgements that two records are, are not, or may be the same
    // are kept as data and never rewritten: only `deleted_at` is set when one is withdrawn
    // (and cleared when that is undone). Records joined by live `same` judgements form a
    // cluster shown as one canonical record: the others carry `merged_into`, their edges are
    // turned towards the canonical record with the end they were written with kept in
    // `*_written` (so a separation puts them back exactly), and only the canonical record is
    // in the search indexes. Counts per kind leave merged records out (`trashed` is 2 or 3
    // for them).
    r#"
    CREATE TABLE judgement (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        a           TEXT NOT NULL,
        b           TEXT NOT NULL,
        verdict     TEXT NOT NULL CHECK (verdict IN ('same', 'different', 'unsure')),
        origin      TEXT NOT NULL DEFAULT 'review',
        author      TEXT NOT NULL,
        at          TEXT NOT NULL,
        deleted_at  TEXT,
        CHECK (a < b)
    );
    CREATE INDEX judgement_a ON judgement(a, b);
    CREATE INDEX judgement_b ON judgement(b, a);
    ALTER TABLE record ADD COLUMN merged_into INTEGER;
    CREATE INDEX record_merged ON record(merged_into) WHERE merged_into IS NOT NULL;
    ALTER TABLE edge ADD COLUMN src_written INTEGER;
    ALTER TABLE edge ADD COLUMN dst_written INTEGER;
    CREATE INDEX edge_src_written ON edge(src_written) WHERE src_written IS NOT NULL;
    CREATE INDEX edge_dst_written ON edge(dst_written) WHERE dst_written IS NOT NULL;
    DROP TRIGGER record_count_insert;
    DROP TRIGGER record_count_delete;
    DROP TRIGGER record_count_update;
    CREATE TRIGGER record_count_insert AFTER INSERT ON record BEGIN
        INSERT INTO record_count (kind, trashed, n)
            VALUES (NEW.kind, (NEW.deleted_at IS NOT NULL) + 2 * (NEW.merged_into IS NOT NULL), 1)
            ON CONFLICT (kind, trashed) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER record_count_delete AFTER DELETE ON record BEGIN
        UPDATE record_count SET n = n - 1
            WHERE kind = OLD.kind
              AND trashed = (OLD.deleted_at IS NOT NULL) + 2 * (OLD.merged_into IS NOT NULL);
    END;
    CREATE TRIGGER record_count_update AFTER UPDATE OF kind, deleted_at, merged_into ON record
        WHEN OLD.kind IS NOT NEW.kind OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
             OR (OLD.merged_into IS NULL) IS NOT (NEW.merged_into IS NULL)
    BEGIN
        UPDATE record_count SET n = n - 1
            WHERE kind = OLD.kind
              AND trashed = (OLD.deleted_at IS NOT NULL) + 2 * (OLD.merged_into IS NOT NULL);
        INSERT INTO record_count (kind, trashed, n)
            VALUES (NEW.kind, (NEW.deleted_at IS NOT NULL) + 2 * (NEW.merged_into IS NOT NULL), 1)
            ON CONFLICT (kind, trashed) DO UPDATE SET n = n + 1;
    END;
    "#,
    // 10: a team (issue 27). The file may be a working copy of a knowledge base shared through
    // PostgreSQL: `team_link` says where (an address without a password) and how far this copy
    // has read the server's versions; `team_version` holds the server version a record's copy
    // here descends from, for records pulled or pushed after the copy was made (older ones
    // descend from the version the copy was made at); `team_outbox` lists records changed here
    // and not yet accepted by the server, in the order they were first changed, written in the
    // same transaction as the change; `team_conflict` keeps the server's copy of a record the
    // server refused to take from here, until the user chooses; `team_rejected` a change from
    // the team this file could not take (a place the two sides moved inside each other), with
    // the reason.
    r#"
    CREATE TABLE team_link (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        address        TEXT NOT NULL,
        copied_at      INTEGER NOT NULL,
        since          INTEGER NOT NULL,
        author         TEXT NOT NULL DEFAULT '',
        can_write      INTEGER NOT NULL DEFAULT 1,
        last_sync      TEXT,
        offline_since  TEXT,
        last_error     TEXT
    );
    CREATE TABLE team_version (
        uuid     TEXT PRIMARY KEY,
        version  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE team_outbox (
        seq         INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        kind        TEXT NOT NULL,
        generation  INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE team_conflict (
        uuid            TEXT PRIMARY KEY,
        kind            TEXT NOT NULL,
        base_version    INTEGER NOT NULL,
        theirs_version  INTEGER NOT NULL,
        theirs_doc      TEXT,
        theirs_author   TEXT NOT NULL,
        theirs_at       TEXT NOT NULL
    );
    CREATE TABLE team_rejected (
        uuid     TEXT PRIMARY KEY,
        kind     TEXT NOT NULL,
        version  INTEGER NOT NULL,
        reason   TEXT NOT NULL,
        at       TEXT NOT NULL
    );
    "#,
];

/// Versions whose migration needs every record's derived data rebuilt afterwards.
pub const REBUILD_AFTER: i64 = 3;

/// Versions whose records holding Persian or Urdu letter forms are indexed again.
pub const REDERIVE_PERSIAN_BEFORE: i64 = 7;

/// Versions whose search index is written anew (what refers to an actor is indexed by the
/// actor's aliases from schema 8).
pub const REINDEX_BEFORE: i64 = 8;

/// Versions whose names with a doubled digit (and what refers to them) are indexed again:
/// folding collapsed "77" to "7" before schema 9.
pub const REKEY_DIGITS_BEFORE: i64 = 9;

/// The letters `REDERIVE_PERSIAN_BEFORE` looks for, as a GLOB class.
pub const PERSIAN_LETTERS_GLOB: &str = "*[یېےۓکڪہەۀھٲٳ]*";

/// The SQL of every migration, in order (for tests that build files of older versions).
#[cfg(feature = "test-support")]
pub fn migrations() -> &'static [&'static str] {
    MIGRATIONS
}

/// The schema version this program writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
