//! The command line: argument parsing and the headless subcommands. Each subcommand calls the
//! same store, query and exchange functions the GUI calls, prints plain text or JSON, and
//! reports failure as one readable line with a non-zero exit code.

mod args;
mod duplicates;
mod output;
mod team;

pub use args::{Cli, Command, FilterArgs, SearchArgs, TeamCommand};

use crate::exchange::{
    Closure, EXAMPLE_BUNDLE, ExportSelection, Format, import_bundle, import_path_with_progress,
};
use crate::model::SearchSpec;
use crate::query::{SearchRequest, search};
use crate::store::{ImportOptions, OnConflict};
use crate::store::{Store, default_path};
use anyhow::{Context, Result, anyhow, bail};
use args::{ClosureArg, ConflictArg, ExportArgs, FormatArg};
use std::path::PathBuf;
use std::process::ExitCode;
use uuid::Uuid;

/// Runs a headless subcommand on the file at `path`. `Ok` carries the exit code for outcomes
/// that are not errors of the program (a failed `check`).
pub fn run(command: Command, path: PathBuf) -> Result<ExitCode> {
    if let Command::Backup { list: true } = command {
        return list_backups(&path);
    }
    if let Command::Team(TeamCommand::Join { url, file }) = &command {
        return team::join(url, file);
    }
    if command.only_reads() && !path.exists() {
        bail!("there is no knowledge base at {}", path.display());
    }
    let mut store = Store::open(&path)?;
    if let Some(reason) = store.read_only() {
        eprintln!("note: {} is open read-only ({reason})", path.display());
    }
    // A daily backup before a command changes the file (a command that only reads never waits
    // for a copy of the whole file; `backup` and `import` take their own). One that cannot be
    // taken does not stop the command, but a file found damaged by the check before it does.
    if command.wants_daily_backup() {
        match store.backup_if_due() {
            Ok(_) => {}
            Err(e @ crate::store::StoreError::Corrupt { .. }) => return Err(e.into()),
            Err(e) => eprintln!("note: no backup was taken: {e}"),
        }
    }
    match command {
        Command::LoadExample => {
            let report = import_bundle(&mut store, EXAMPLE_BUNDLE)?;
            println!(
                "example data loaded into {}: {}",
                path.display(),
                report.summary()
            );
        }
        Command::Generate { statements, seed } => {
            let counts = store.counts()?;
            if counts.live() + counts.trash > 0 {
                bail!(
                    "{} has records: generate fills an empty knowledge base only",
                    path.display()
                );
            }
            let size = crate::exchange::generate::Size {
                statements: statements as usize,
                seed,
            };
            let started = std::time::Instant::now();
            // Progress on a terminal only: a script reading stderr gets one line per outcome.
            let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let end_progress = || {
                if on_terminal {
                    eprintln!();
                }
            };
            let made = crate::exchange::generate::generate(&mut store, size, &mut |done, total| {
                if on_terminal {
                    eprint!("\r{done} of {total} records");
                }
            })
            .map_err(|e| {
                end_progress();
                anyhow::Error::from(e).context("generate stopped; nothing was written")
            })?;
            end_progress();
            println!(
                "generated {} records into {} in {:.1} s: {} statements, {} meetings, {} actors, {} sources, {} places, {} topics",
                made.total(),
                path.display(),
                started.elapsed().as_secs_f64(),
                made.statements,
                made.meetings,
                made.actors,
                made.sources,
                made.places,
                made.topics
            );
        }
        Command::Import {
            path: bundle_path,
            dry_run,
            on_conflict,
            mapping,
            rejected,
        } => {
            let options = ImportOptions {
                dry_run,
                take_theirs: Default::default(),
                on_conflict: match on_conflict {
                    ConflictArg::Keep => OnConflict::Keep,
                    ConflictArg::Theirs => OnConflict::Theirs,
                    ConflictArg::Fail => OnConflict::Fail,
                },
                ..ImportOptions::default()
            };
            if let Some(mapping) = mapping {
                let all_good =
                    import_mapped_csv(&mut store, &bundle_path, &mapping, options, rejected)?;
                return Ok(if all_good {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                });
            }
            let report =
                import_path_with_progress(&mut store, &bundle_path, options, &mut show_progress);
            clear_progress();
            let report =
                report.with_context(|| format!("cannot import {}", bundle_path.display()))?;
            println!("{}: {}", bundle_path.display(), report.summary());
            for c in &report.conflicts {
                println!(
                    "conflict: {} {} — here '{}', in the bundle '{}'",
                    c.kind.as_str(),
                    c.uuid,
                    c.ours,
                    c.theirs
                );
            }
        }
        Command::Duplicates { kind, json } => duplicates::list(&store, kind, json)?,
        Command::Merge { a, b } => duplicates::judge(&mut store, &a, &b, args::VerdictArg::Same)?,
        Command::Judge { a, b, verdict } => duplicates::judge(&mut store, &a, &b, verdict)?,
        Command::Separate { uuid } => duplicates::separate(&mut store, &uuid)?,
        Command::Export(args) => run_export(&store, *args)?,
        Command::Search(args) => run_search(&mut store, *args)?,
        Command::Show { uuid, json } => {
            let uuid = parse_uuid(&uuid)?;
            let uuid = duplicates::say_if_merged(&store, uuid)?;
            let view = store
                .record_view(uuid)?
                .ok_or_else(|| anyhow!("no record with uuid {uuid} in {}", path.display()))?;
            if json {
                output::print_json(&output::show_json(&view))?;
            } else {
                print!("{}", output::record_text(&view));
                print!("{}", duplicates::cluster_text(&store, uuid)?);
            }
        }
        Command::Check { json } => {
            let report = store.check()?;
            if json {
                output::print_json(&serde_json::to_value(&report)?)?;
            } else {
                output::print_check(&path, &report);
            }
            if !report.problems.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Backup { .. } => {
            let backup = store.backup()?;
            println!(
                "backed up {} to {} ({})",
                path.display(),
                backup.path.display(),
                crate::exchange::size_text(backup.bytes)
            );
        }
        Command::Capture {
            file,
            published,
            title,
            outlet,
            url,
            json,
            apply,
        } => {
            let text = crate::exchange::capture::read_report(&file)
                .map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
            if text.trim().is_empty() {
                bail!("{} is empty: there is nothing to capture", file.display());
            }
            let published = match published {
                Some(p) => Some(
                    crate::model::PartialDate::parse(p.trim())
                        .map_err(|e| anyhow!("--published: {e}"))?,
                ),
                None => crate::exchange::capture::dateline(&text),
            };
            let anchor = published
                .as_ref()
                .and_then(|p| p.latest())
                .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
            let capture = crate::exchange::capture::capture_text(&store, &text, anchor)?;
            let info = crate::exchange::capture::SourceInfo {
                title: title.unwrap_or_default(),
                outlet: outlet.unwrap_or_default(),
                url: url.unwrap_or_default(),
                published,
            };
            let label = |u: Uuid| store.label(u);
            let existing = crate::exchange::capture::already_in_file(&store, &capture)?;
            let records: Vec<crate::model::Record> = crate::exchange::capture::draft_records(
                &capture,
                &info,
                &existing,
                &mut |_| Uuid::new_v4(),
                &label,
            )
            .into_iter()
            .map(|(_, record)| record)
            .collect();
            if json {
                let all: Vec<serde_json::Value> = records
                    .iter()
                    .map(|r| serde_json::json!({"kind": r.kind().as_str(), "record": r.to_json()}))
                    .collect();
                output::print_json(&serde_json::Value::Array(all))?;
            } else {
                print!(
                    "{}",
                    output::capture_text(&store, &capture, &existing, &records)
                );
            }
            if apply {
                let saved = store.insert_all(records)?;
                println!("saved {} records (one undo step)", saved.len());
            }
        }
        Command::Team(command) => return team::run(&mut store, command),
        Command::Restore { backup } => {
            let aside = store.restore_backup(&backup)?;
            println!(
                "restored {} from {}; the file as it was is kept in {}",
                path.display(),
                backup.display(),
                aside.path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list_backups(path: &std::path::Path) -> Result<ExitCode> {
    let backups = crate::store::list_backups(path);
    if backups.is_empty() {
        println!("no backups of {} yet", path.display());
    }
    for b in backups {
        println!(
            "{}  {:>9}  {}",
            b.taken,
            crate::exchange::size_text(b.bytes),
            b.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// An error and its causes as one line, whatever they hold: SQLite's messages can quote a
/// statement (a `CREATE TABLE` of many lines), other causes a file's text. Runs of white
/// space become one space; a line of more than 600 characters is cut.
pub fn error_line(error: &anyhow::Error) -> String {
    crate::model::record::truncate(&format!("{error:#}"), 600)
}

/// A bad command line as one line: clap's first line without its "error: " prefix (no usage
/// block, no tips), and where to read more.
pub fn one_line(error: &clap::Error) -> String {
    let text = error.to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("the command line is not valid");
    let mut line = first.strip_prefix("error: ").unwrap_or(first).to_string();
    // What clap lists under its first line: the missing arguments, the possible values.
    let rest: Vec<&str> = lines
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.starts_with("tip:"))
        .collect();
    if line.ends_with(':') {
        line.push(' ');
        line.push_str(&rest.join(", "));
    } else if let Some(values) = rest.iter().find(|l| l.starts_with("[possible values")) {
        line.push(' ');
        line.push_str(values);
    }
    format!("{line} (see --help)")
}

/// The file to open: `--db`, or the default knowledge base.
pub fn database_path(given: Option<PathBuf>) -> Result<PathBuf> {
    match given.or_else(default_path) {
        Some(path) => Ok(path),
        None => bail!("no data directory is known on this system; pass --db FILE"),
    }
}

/// Shows where a long import stands on one line of a terminal (nothing when piped).
fn show_progress(step: crate::exchange::ImportStep) -> bool {
    progress_line(&step.text(), step.fraction())
}

/// Shows where a join stands on one line of a terminal (nothing when piped).
fn show_join_progress(step: crate::team::JoinStep) -> bool {
    progress_line(&step.text(), step.fraction())
}

/// "Writing 1,200 of 42,000 records (3%)" over the terminal's last line; always goes on.
fn progress_line(text: &str, fraction: f32) -> bool {
    use std::io::{IsTerminal, Write};
    let mut err = std::io::stderr();
    if err.is_terminal() {
        let _ = write!(err, "\r\x1b[K{text} ({:.0}%)", fraction * 100.0);
        let _ = err.flush();
    }
    true
}

/// Clears the progress line, if one was shown.
fn clear_progress() {
    use std::io::{IsTerminal, Write};
    let mut err = std::io::stderr();
    if err.is_terminal() {
        let _ = write!(err, "\r\x1b[K");
        let _ = err.flush();
    }
}

fn run_export(store: &Store, args: ExportArgs) -> Result<()> {
    let filters = args.filters.into_filters();
    let text = args.query.unwrap_or_default();
    // The selection: given uuids, else everything matching a search, else the whole file.
    let selection = if !args.uuid.is_empty() {
        let mut records = Vec::new();
        for u in &args.uuid {
            records.push(Uuid::parse_str(u.trim()).map_err(|_| anyhow!("'{u}' is not a uuid"))?);
        }
        ExportSelection {
            records,
            ..ExportSelection::default()
        }
    } else if !text.trim().is_empty() || !filters.is_empty() {
        ExportSelection {
            searches: vec![SearchSpec {
                text,
                filters,
                ..SearchSpec::default()
            }],
            ..ExportSelection::default()
        }
    } else {
        ExportSelection::everything()
    };
    let closure = match args.closure {
        ClosureArg::None => Closure::None,
        ClosureArg::Direct => Closure::Direct,
        ClosureArg::Provenance => Closure::Provenance,
        ClosureArg::Dossier => Closure::Dossier,
    };
    let format = match args.format {
        FormatArg::Bundle => Format::Bundle,
        FormatArg::Csv => Format::Csv,
        FormatArg::Md => Format::Markdown,
        FormatArg::Stix => Format::Stix,
        FormatArg::Ftm => Format::Ftm,
        FormatArg::Graphml => Format::Graphml,
    };
    let replace = if args.force {
        crate::exchange::Replace::AnyFile
    } else {
        crate::exchange::Replace::EarlierExports
    };
    let written = crate::exchange::export::export_replacing(
        store,
        &selection,
        closure,
        format,
        &args.out,
        (args.bom, replace),
        &mut |_, _| true,
    )?;
    let summary: Vec<String> = written.iter().map(|(kind, n)| kind.count(*n)).collect();
    let total: usize = written.values().sum();
    println!(
        "exported {total} records ({}) to {}",
        summary.join(", "),
        args.out.display()
    );
    Ok(())
}

fn run_search(store: &mut Store, args: SearchArgs) -> Result<()> {
    let json = args.json;
    let limit = args.limit;
    let save_as = args.save.clone();
    let spec = match &args.saved {
        Some(name) => {
            store
                .saved_search(name)?
                .ok_or_else(|| anyhow!("no saved search is named '{name}'"))?
                .spec
        }
        None => args.into_spec(),
    };
    if let Some(name) = save_as {
        store.save_search(&name, &spec)?;
        eprintln!("saved search '{}'", name.trim());
    }
    let mut request = SearchRequest::new(spec);
    request.limit = limit as usize;
    let page = search(store, &request)?;
    for note in &page.notes {
        eprintln!("note: {note}");
    }
    if json {
        output::print_json(&serde_json::to_value(&page.hits)?)?;
    } else {
        output::print_hits(&page.hits);
        let plus = if page.total_capped { "+" } else { "" };
        eprintln!("{} of {}{plus} results", page.hits.len(), page.total);
    }
    Ok(())
}

/// A uuid typed on the command line.
fn parse_uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim()).map_err(|_| anyhow!("'{text}' is not a uuid (like 3f2b…-…)"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_error_quoting_many_lines_is_printed_as_one() {
        let cause = anyhow::anyhow!("near \"(\": syntax error in CREATE TABLE x (\n  a,\n  b\n)");
        let error = cause.context("cannot open kb.db");
        let line = super::error_line(&error);
        assert_eq!(
            line,
            "cannot open kb.db: near \"(\": syntax error in CREATE TABLE x ( a, b )"
        );
        let long = anyhow::anyhow!("{}", "word ".repeat(1000));
        assert!(super::error_line(&long).chars().count() <= 601);
    }
}

/// `import --mapping PRESET.toml DATA.csv`: the rows by the preset, each problem by row and
/// column; the rejected rows to a CSV beside the data (or `--rejected`). True when every row
/// was good (the command then exits 0; 1 when some rows were rejected).
fn import_mapped_csv(
    store: &mut Store,
    data: &std::path::Path,
    preset: &std::path::Path,
    options: ImportOptions,
    rejected: Option<std::path::PathBuf>,
) -> Result<bool> {
    use chancery_mapping::*;
    let mapping = Mapping::read(preset)
        .with_context(|| format!("cannot use the mapping {}", preset.display()))?;
    let rejected = rejected.unwrap_or_else(|| rejected_beside(data));
    let report = import_mapped(
        store,
        data,
        &mapping,
        options,
        Some(&rejected),
        &mut show_progress,
    );
    clear_progress();
    let report = report.with_context(|| format!("cannot import {}", data.display()))?;
    for p in &report.problems {
        let column = if p.column.is_empty() {
            String::new()
        } else {
            format!(", column '{}'", p.column)
        };
        let value = if p.value.is_empty() {
            String::new()
        } else {
            format!(" ('{}')", p.value)
        };
        println!("row {}{column}{value}: {}", p.row, p.message);
    }
    if report.problem_count > report.problems.len() as u64 {
        println!(
            "… and {} more problems",
            report.problem_count - report.problems.len() as u64
        );
    }
    println!("{}: {}", data.display(), report.summary());
    Ok(report.rejected_rows == 0)
}

/// Where rejected rows go unless said: `DATA.rejected.csv` beside the data.
fn rejected_beside(data: &std::path::Path) -> std::path::PathBuf {
    let stem = data
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    data.with_file_name(format!("{stem}.rejected.csv"))
}

mod chancery_mapping {
    pub use crate::exchange::mapping::import_mapped;
    pub use crate::exchange::mapping::preset::Mapping;
}
