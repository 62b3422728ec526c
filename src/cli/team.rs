//! `chancery team …`: sharing the open knowledge base with a team, joining one, its status,
//! a sync now, and a record's history on the server; each calls the team engine the window
//! calls.

use super::TeamCommand;
use crate::store::Store;
use crate::team::{self, TeamError};
use anyhow::{Result, anyhow};
use std::path::Path;
use std::process::ExitCode;
use uuid::Uuid;

/// `team join URL FILE`: a new working copy.
pub fn join(url: &str, file: &Path) -> Result<ExitCode> {
    let report = team::join(url, file, &mut super::show_join_progress)?;
    super::clear_progress();
    println!(
        "joined the team as {}: {} records in {}{}",
        report.author,
        report.records,
        report.path.display(),
        if report.can_write {
            ""
        } else {
            " (your role may only read: the copy is read-only)"
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The other team commands, on the open file.
pub fn run(store: &mut Store, command: TeamCommand) -> Result<ExitCode> {
    match command {
        TeamCommand::Join { .. } => Err(anyhow!(
            "join makes a new file: chancery team join URL FILE"
        )),
        TeamCommand::Init { url } => {
            let report = team::share(store, &url)?;
            println!(
                "shared {} records and {} judgements as {} at {}; others join with: chancery team join '{}' FILE",
                report.records, report.judgements, report.author, report.address, report.address
            );
            Ok(ExitCode::SUCCESS)
        }
        TeamCommand::Status { json } => status(store, json),
        TeamCommand::Sync => {
            // A role that may only read still takes the team's changes.
            let mut syncing = Store::open_for_team_sync(store.path())?;
            let store = &mut syncing;
            let link = store.team_link()?.ok_or(TeamError::NotShared)?;
            let outcome = team::address::connect(&link.address)
                .and_then(|mut client| team::sync_once(store, &mut client));
            match outcome {
                Ok(report) => {
                    let (waiting, conflicts) = store.team_waiting()?;
                    println!(
                        "sent {}, received {}; {} waiting, {} conflict{} to resolve{}",
                        report.pushed,
                        report.pulled,
                        waiting,
                        conflicts,
                        if conflicts == 1 { "" } else { "s" },
                        if report.read_only {
                            " (your role may only read)"
                        } else {
                            ""
                        }
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    let text = e.to_string();
                    if let Err(note) = store.note_team_contact(Some(&text), None, None) {
                        log::warn!("cannot note the failed sync: {note}");
                    }
                    let (waiting, _) = store.team_waiting()?;
                    Err(anyhow!(
                        "{text}; {waiting} changes are kept here and sent at the next sync"
                    ))
                }
            }
        }
        TeamCommand::History { uuid } => {
            let link = store.team_link()?.ok_or(TeamError::NotShared)?;
            let uuid = Uuid::parse_str(uuid.trim())
                .map_err(|_| anyhow!("'{uuid}' is not a record's uuid"))?;
            let mut client = team::address::connect(&link.address)?;
            let versions = team::server::history(&mut client, uuid)?;
            if versions.is_empty() {
                println!("the team's server has no version of {uuid}");
            }
            let mut before: Option<serde_json::Value> = None;
            for v in versions {
                let changed = crate::model::three_way::changed_fields(before.as_ref(), &v.doc);
                println!(
                    "version {}  {}  {}{}  {}",
                    v.version,
                    v.at,
                    v.author,
                    if v.trashed { "  (in the Trash)" } else { "" },
                    if before.is_none() {
                        "created".to_string()
                    } else {
                        changed.join(", ")
                    }
                );
                before = Some(v.doc);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn status(store: &Store, json: bool) -> Result<ExitCode> {
    let Some(link) = store.team_link()? else {
        return Err(TeamError::NotShared.into());
    };
    let (waiting, conflicts) = store.team_waiting()?;
    let time = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string());
    if json {
        super::output::print_json(&serde_json::json!({
            "server": link.address,
            "role": link.author,
            "can_write": link.can_write,
            "last_sync": time(link.last_sync),
            "offline_since": time(link.offline_since),
            "last_error": link.last_error,
            "seen_version": link.since,
            "changes_waiting": waiting,
            "conflicts": conflicts,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("server: {}", link.address);
    println!(
        "role: {}{}",
        link.author,
        if link.can_write {
            ""
        } else {
            " (may only read)"
        }
    );
    match (link.last_sync, link.offline_since) {
        (_, Some(since)) => println!(
            "offline since {since} — your changes are kept ({})",
            link.last_error.as_deref().unwrap_or("no answer")
        ),
        (Some(t), None) => println!("last synced {t}"),
        (None, None) => println!("not synced yet"),
    }
    println!("{waiting} changes waiting, {conflicts} conflicts to resolve");
    Ok(ExitCode::SUCCESS)
}
