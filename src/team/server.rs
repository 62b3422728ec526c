//! The team's server: its schema and every statement Chancery sends it. One table holds each
//! record's current document with the version that last changed it; an append-only table
//! keeps every version with its author and time (History); one sequence numbers every change,
//! taken under a transaction lock so that versions become visible in their order (a reader
//! never sees version 11 and later 10); a `NOTIFY chancery` follows each committed change.

use super::TeamError;
use crate::store::{Outgoing, Pulled};
use postgres::{Client, GenericClient};
use uuid::Uuid;

/// The schema version this program writes on the server.
pub const SERVER_SCHEMA: i32 = 1;

/// The channel each committed change is announced on.
pub const CHANNEL: &str = "chancery";

/// The schema, made in an empty database by `team init`.
const SCHEMA: &str = r#"
CREATE TABLE chancery_team (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO chancery_team VALUES ('schema', '1');
CREATE SEQUENCE chancery_version;
CREATE TABLE record (
    uuid        uuid PRIMARY KEY,
    kind        text NOT NULL,
    doc         jsonb NOT NULL,
    version     bigint NOT NULL,
    trashed     boolean NOT NULL DEFAULT false,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX record_by_version ON record (version);
CREATE INDEX record_by_kind ON record (kind);
CREATE TABLE record_version (
    uuid     uuid NOT NULL,
    version  bigint NOT NULL,
    kind     text NOT NULL,
    doc      jsonb NOT NULL,
    trashed  boolean NOT NULL,
    author   text NOT NULL,
    at       timestamptz NOT NULL,
    PRIMARY KEY (uuid, version)
);
-- Every change gets the next version under one transaction lock, held to the commit: versions
-- commit in order, so a reader that saw version N has seen every version below it.
CREATE FUNCTION chancery_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(4348, 27);
    NEW.version := nextval('chancery_version');
    NEW.updated_by := session_user;
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END $$;
CREATE TRIGGER record_stamp BEFORE INSERT OR UPDATE ON record
    FOR EACH ROW EXECUTE FUNCTION chancery_stamp();
-- History is written by the table's owner: members may read it, never change it.
CREATE FUNCTION chancery_keep() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO record_version (uuid, version, kind, doc, trashed, author, at)
        VALUES (NEW.uuid, NEW.version, NEW.kind, NEW.doc, NEW.trashed, NEW.updated_by,
                NEW.updated_at);
    RETURN NULL;
END $$;
CREATE TRIGGER record_keep AFTER INSERT OR UPDATE ON record
    FOR EACH ROW EXECUTE FUNCTION chancery_keep();
CREATE FUNCTION chancery_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('chancery', '');
    RETURN NULL;
END $$;
CREATE TRIGGER record_announce AFTER INSERT OR UPDATE ON record
    FOR EACH STATEMENT EXECUTE FUNCTION chancery_announce();
-- Group roles an administrator grants to members: editors read and write, readers read.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chancery_reader') THEN
        CREATE ROLE chancery_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chancery_editor') THEN
        CREATE ROLE chancery_editor NOLOGIN;
    END IF;
    GRANT SELECT ON chancery_team, record, record_version TO chancery_reader, chancery_editor;
    GRANT INSERT, UPDATE ON record TO chancery_editor;
    GRANT USAGE ON SEQUENCE chancery_version TO chancery_editor;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'chancery: no group roles made (the role may not create roles)';
END $$;
"#;

/// Makes the schema in the connected database, which must hold no Chancery team yet, and
/// runs `fill` in the same transaction: the team exists with all its records, or not at all.
pub fn create_schema_in_transaction_then<T>(
    client: &mut Client,
    fill: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, TeamError>,
) -> Result<T, TeamError> {
    if schema_version(client)?.is_some() {
        return Err(TeamError::Refused(
            "this database holds a Chancery team already: join it (File → Team → Team… → Join, or `chancery team join`)".into(),
        ));
    }
    let taken: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name IN ('record', 'record_version')",
            &[],
        )?
        .get(0);
    if taken > 0 {
        return Err(TeamError::Refused(
            "this database has tables named record or record_version of its own; \
             give the team an empty database"
                .into(),
        ));
    }
    let mut tx = client.transaction()?;
    tx.batch_execute(SCHEMA)?;
    let out = fill(&mut tx)?;
    tx.commit()?;
    Ok(out)
}

/// The server's schema version, `None` when the database holds no team.
pub fn schema_version(client: &mut impl GenericClient) -> Result<Option<i32>, TeamError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('chancery_team') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let version: Option<String> = client
        .query_opt("SELECT value FROM chancery_team WHERE key = 'schema'", &[])?
        .map(|r| r.get(0));
    Ok(version.and_then(|v| v.parse().ok()))
}

/// Refuses a database that holds no team, or one of a newer schema.
pub fn check_team(client: &mut impl GenericClient) -> Result<(), TeamError> {
    match schema_version(client)? {
        None => Err(TeamError::Refused(
            "this database holds no Chancery team; share a knowledge base into it with `chancery team init`"
                .into(),
        )),
        Some(v) if v > SERVER_SCHEMA => Err(TeamError::Refused(format!(
            "the team's server was set up by a newer Chancery (schema {v}); update Chancery to join it"
        ))),
        Some(_) => Ok(()),
    }
}

/// Who this connection writes as, and whether it may write.
pub fn role(client: &mut Client) -> Result<(String, bool), TeamError> {
    let row = client.query_one(
        "SELECT session_user::text,
                has_table_privilege('record', 'INSERT') AND has_table_privilege('record', 'UPDATE')",
        &[],
    )?;
    Ok((row.get(0), row.get(1)))
}

/// The newest version the server holds (0 when empty).
pub fn newest_version(client: &mut impl GenericClient) -> Result<i64, TeamError> {
    Ok(client
        .query_one("SELECT coalesce(max(version), 0) FROM record", &[])?
        .get(0))
}

/// How the server answered one pushed change.
#[derive(Debug, Clone, PartialEq)]
pub enum PushAnswer {
    /// Taken as this version.
    Taken(i64),
    /// Someone changed the record after this copy's base: their copy, by whom and when.
    Refused { theirs: Pulled },
}

/// Sends one change: written only if the server's copy is still at or before the version
/// this copy's change started from (or, for a record the server lacks, inserted). A copy the
/// server holds already (a push whose answer was lost) counts as taken.
pub fn push(client: &mut Client, change: &Outgoing) -> Result<PushAnswer, TeamError> {
    let uuid = change.entry.uuid;
    let updated = match &change.doc {
        Some(doc) => client.query_opt(
            "UPDATE record SET doc = $2, trashed = $3, kind = $4
             WHERE uuid = $1 AND version <= $5 RETURNING version",
            &[
                &uuid,
                doc,
                &change.trashed,
                &change.entry.kind,
                &change.base,
            ],
        )?,
        // Removed for good here: the server keeps its last copy, in the Trash (its document
        // says so too, so that a copy pulling it puts it in the Trash).
        None => client.query_opt(
            "UPDATE record SET trashed = true,
                    doc = CASE WHEN doc ? 'deleted_at' THEN doc
                          ELSE jsonb_set(doc, '{deleted_at}', to_jsonb(to_char(now() AT TIME ZONE 'UTC',
                               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))) END
             WHERE uuid = $1 AND version <= $2
             RETURNING version",
            &[&uuid, &change.base],
        )?,
    };
    if let Some(row) = updated {
        return Ok(PushAnswer::Taken(row.get(0)));
    }
    if let Some(doc) = &change.doc {
        let inserted = client.query_opt(
            "INSERT INTO record (uuid, kind, doc, trashed) VALUES ($1, $2, $3, $4)
             ON CONFLICT (uuid) DO NOTHING RETURNING version",
            &[&uuid, &change.entry.kind, doc, &change.trashed],
        )?;
        if let Some(row) = inserted {
            return Ok(PushAnswer::Taken(row.get(0)));
        }
    }
    let Some(current) = current(client, uuid)? else {
        // Removed here and never on the server: nothing to send.
        return Ok(PushAnswer::Taken(change.base));
    };
    let (theirs, trashed) = current;
    let same = match &change.doc {
        Some(doc) => *doc == theirs.doc,
        None => trashed,
    };
    if same {
        return Ok(PushAnswer::Taken(theirs.version));
    }
    Ok(PushAnswer::Refused { theirs })
}

/// The columns a change is read from, in `pulled`'s order (then `trashed`).
const CHANGE_COLUMNS: &str = "uuid, kind, doc, version, updated_by,
    to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), trashed";

/// A change read with `CHANGE_COLUMNS`.
fn pulled(row: &postgres::Row) -> Pulled {
    Pulled {
        uuid: row.get(0),
        kind: row.get(1),
        doc: row.get(2),
        version: row.get(3),
        author: row.get(4),
        at: row.get(5),
    }
}

/// The server's copy of a record: the change, its author and time, and whether it is trashed.
fn current(client: &mut Client, uuid: Uuid) -> Result<Option<(Pulled, bool)>, TeamError> {
    Ok(client
        .query_opt(
            &format!("SELECT {CHANGE_COLUMNS} FROM record WHERE uuid = $1"),
            &[&uuid],
        )?
        .map(|row| (pulled(&row), row.get(6))))
}

/// Up to `limit` changes after version `since`, oldest first.
pub fn changes_since(
    client: &mut Client,
    since: i64,
    limit: i64,
) -> Result<Vec<Pulled>, TeamError> {
    Ok(client
        .query(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM record WHERE version > $1 ORDER BY version LIMIT $2"
            ),
            &[&since, &limit],
        )?
        .iter()
        .map(pulled)
        .collect())
}

/// The server's copies of these records (those it has), as changes to apply.
pub fn records(client: &mut Client, uuids: &[Uuid]) -> Result<Vec<Pulled>, TeamError> {
    Ok(client
        .query(
            &format!("SELECT {CHANGE_COLUMNS} FROM record WHERE uuid = ANY($1)"),
            &[&uuids],
        )?
        .iter()
        .map(pulled)
        .collect())
}

/// One version of a record as History shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub version: i64,
    pub doc: serde_json::Value,
    pub trashed: bool,
    pub author: String,
    /// When, in UTC ("2026-12-05T10:42:03Z").
    pub at: String,
}

/// Every version of a record, oldest first.
pub fn history(client: &mut Client, uuid: Uuid) -> Result<Vec<Version>, TeamError> {
    Ok(client
        .query(
            "SELECT version, doc, trashed, author,
                    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
             FROM record_version WHERE uuid = $1 ORDER BY version",
            &[&uuid],
        )?
        .into_iter()
        .map(|row| Version {
            version: row.get(0),
            doc: row.get(1),
            trashed: row.get(2),
            author: row.get(3),
            at: row.get(4),
        })
        .collect())
}

/// One version of a record, if the server keeps it.
pub fn version_of(
    client: &mut Client,
    uuid: Uuid,
    version: i64,
) -> Result<Option<Version>, TeamError> {
    Ok(history(client, uuid)?
        .into_iter()
        .rev()
        .find(|v| v.version <= version))
}
