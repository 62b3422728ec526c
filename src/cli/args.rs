//! The command line's arguments, as clap parses them.

use crate::model::{Filters, RecordKind, Reliability, SearchSpec, SortOrder, StatementKind};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Chancery: who met whom, who said what, and how far each source can be trusted.
#[derive(Debug, Parser)]
#[command(name = "chancery", version, about, long_about = None)]
pub struct Cli {
    /// The knowledge-base file (default: chancery.db in the platform's data directory).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the example data (Russian–Syrian meetings in 2025, from one report).
    LoadExample,
    /// Fill an empty knowledge base with generated records, for trying Chancery at scale:
    /// Zipf prose over 20,000 words, names in three scripts, meetings, statements, sources.
    Generate {
        /// How many statements (actors, meetings and sources follow from it): 1 to 5,000,000.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=5_000_000))]
        statements: u32,
        /// The same seed gives the same records.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Import a bundle, Chancery CSV, STIX 2.1 or FollowTheMoney, or any CSV with --mapping:
    /// new records are added, changed ones updated; all or nothing.
    Import {
        /// A bundle file (chancery-bundle JSON), a folder of CSV files from `export --format
        /// csv`, a STIX 2.1 bundle, FollowTheMoney entities (one JSON object a line), or, with
        /// `--mapping`, any CSV file.
        path: PathBuf,
        /// Check and report what would happen; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Records changed both here and in the bundle since they were last exchanged.
        #[arg(long, value_enum, default_value = "keep")]
        on_conflict: ConflictArg,
        /// Read PATH as any CSV file, by this column mapping (a preset TOML file saved by the
        /// import wizard, or written by hand: see docs/EXCHANGE.md). The good rows are
        /// imported in one step; the command exits 1 when some rows were rejected.
        #[arg(long, value_name = "FILE.toml")]
        mapping: Option<PathBuf>,
        /// With --mapping: where rows that cannot be imported go, with their reasons
        /// (default: DATA.rejected.csv beside the data).
        #[arg(long, value_name = "FILE.csv", requires = "mapping")]
        rejected: Option<PathBuf>,
    },
    /// Export records: all, those matching a search, or given uuids, with what they need.
    Export(Box<ExportArgs>),
    /// Search all records: words, "phrases", prefix* words, and filters.
    Search(Box<SearchArgs>),
    /// Show one record with what it refers to and what refers to it.
    Show {
        uuid: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check the file's integrity and count its records; exits 1 if anything is wrong.
    Check {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Take a backup now (into FILE.backups/, beside the file; the newest 7 are kept), or
    /// with --list, list the backups.
    Backup {
        /// List the backups, newest first, instead of taking one.
        #[arg(long)]
        list: bool,
    },
    /// Replace the knowledge base with a backup; the current file is backed up first.
    Restore {
        /// A backup file (see `backup --list`).
        backup: PathBuf,
    },
    /// List likely duplicates (pairs of records that may be one), best first, with why.
    Duplicates {
        /// Only records of this kind.
        #[arg(long, value_enum)]
        kind: Option<MergeKindArg>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Merge two records judged the same: they show as one (undo, or `separate`, parts them).
    Merge { a: String, b: String },
    /// Take a merged record out of its cluster again, exactly as it was.
    Separate { uuid: String },
    /// Record a judgement on two records: not the same (never proposed again), not sure
    /// (kept aside), or the same (as `merge`).
    Judge {
        a: String,
        b: String,
        #[arg(long, value_enum)]
        verdict: VerdictArg,
    },
    /// Capture a report from a text file: find the names the file knows, new names, dates and
    /// speech, and draft the source, meetings and statements; --apply saves them in one step.
    Capture {
        /// The report as text, one paragraph a line.
        file: PathBuf,
        /// Its publication date (relative dates resolve against it); default: a date in its
        /// first lines, else today.
        #[arg(long)]
        published: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        outlet: Option<String>,
        #[arg(long)]
        url: Option<String>,
        /// Print the drafts as JSON.
        #[arg(long)]
        json: bool,
        /// Save the drafted records (one undo step).
        #[arg(long)]
        apply: bool,
    },
    /// Share the knowledge base with a team through PostgreSQL, join a team's, see where it
    /// stands, sync now.
    #[command(subcommand)]
    Team(TeamCommand),
}

/// `chancery team …`. Addresses are PostgreSQL's (postgresql://USER@HOST/DATABASE or
/// "host=… dbname=…"); passwords come from ~/.pgpass or PGPASSWORD and are never stored.
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Publish this knowledge base into an empty PostgreSQL database as a new team; this file
    /// becomes the team's first working copy.
    Init { url: String },
    /// Make FILE (a new file) a working copy of the team's knowledge base at URL.
    Join { url: String, file: PathBuf },
    /// Where this working copy stands: server, role, last sync, changes waiting, conflicts.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Send the changes made here and take the team's, now.
    Sync,
    /// Every version of a record on the team's server: who changed it, when, and what.
    History { uuid: String },
}

impl Command {
    /// True for the commands that only read: they never create a missing file.
    /// Whether the daily backup is taken before this command: not before one that only reads,
    /// nor before `backup` and `import`, which take one of their own.
    pub fn wants_daily_backup(&self) -> bool {
        !self.only_reads() && !matches!(self, Command::Backup { .. } | Command::Import { .. })
    }

    pub fn only_reads(&self) -> bool {
        match self {
            Command::Export(_)
            | Command::Show { .. }
            | Command::Check { .. }
            | Command::Duplicates { .. } => true,
            Command::Merge { .. } | Command::Separate { .. } | Command::Judge { .. } => false,
            Command::Backup { list, .. } => *list,
            Command::Search(args) => args.save.is_none(),
            Command::Import { dry_run, .. } => *dry_run,
            Command::Capture { apply, .. } => !*apply,
            Command::LoadExample | Command::Generate { .. } | Command::Restore { .. } => false,
            Command::Team(team) => matches!(
                team,
                TeamCommand::Status { .. } | TeamCommand::History { .. }
            ),
        }
    }
}

/// The kinds of record that can be merged.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MergeKindArg {
    Actor,
    Place,
    Topic,
    Source,
}

impl MergeKindArg {
    pub fn kind(self) -> RecordKind {
        match self {
            MergeKindArg::Actor => RecordKind::Actor,
            MergeKindArg::Place => RecordKind::Place,
            MergeKindArg::Topic => RecordKind::Topic,
            MergeKindArg::Source => RecordKind::Source,
        }
    }
}

/// A judgement on two records.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum VerdictArg {
    /// One record: merge them.
    Same,
    /// Two records: never propose them again.
    Different,
    /// Not known: keep the pair aside.
    Unsure,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ConflictArg {
    /// Keep this file's copy.
    Keep,
    /// Take the bundle's copy (the replaced one stays in the change log).
    Theirs,
    /// Import nothing and list the conflicts.
    Fail,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Bundle,
    Csv,
    Md,
    Graphml,
    /// STIX 2.1 bundle (OpenCTI, MISP).
    Stix,
    /// FollowTheMoney entities, one a line (Aleph, OpenSanctions).
    Ftm,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ClosureArg {
    /// The selected records only.
    None,
    /// Plus what they refer to directly (participants, speaker, meeting, place).
    Direct,
    /// Plus everything they refer to, sources and "via" chains included.
    Provenance,
    /// Plus what refers to them (a meeting's statements, a person's statements and
    /// meetings, what cites a source), all with their provenance.
    Dossier,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write (a folder for CSV).
    #[arg(long, short)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "bundle")]
    pub format: FormatArg,
    /// What to take along with the selected records.
    #[arg(long, value_enum, default_value = "provenance")]
    pub closure: ClosureArg,
    /// Export these records (repeatable); otherwise all matching the search, or everything.
    #[arg(long, value_name = "UUID")]
    pub uuid: Vec<String>,
    /// Search text selecting the records to export.
    #[arg(long, value_name = "TEXT")]
    pub query: Option<String>,
    /// Start CSV files with a byte-order mark (for spreadsheet programs).
    #[arg(long)]
    pub bom: bool,
    /// Replace an existing file that an export did not write (never a database).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OrderArg {
    Relevance,
    Newest,
    Oldest,
    Title,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for.
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Result order.
    #[arg(long, value_enum, default_value = "relevance")]
    pub order: OrderArg,
    /// Exact spellings only: spelling variants (al-Shaibani for Al Shibani) do not match.
    #[arg(long)]
    pub exact: bool,
    /// At most this many results: 1 to 10,000.
    #[arg(long, default_value_t = 50,
          value_parser = clap::value_parser!(u32).range(1..=crate::query::MAX_LIMIT as i64))]
    pub limit: u32,
    /// Print a JSON array instead of text.
    #[arg(long)]
    pub json: bool,
    /// Save this search under a name.
    #[arg(long, value_name = "NAME")]
    pub save: Option<String>,
    /// Run a saved search instead (other search arguments are ignored).
    #[arg(long, value_name = "NAME", conflicts_with = "save")]
    pub saved: Option<String>,
}

/// Filters shared by `search` and `export`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only records of this kind (actor, meeting, statement, source, place, topic, link); repeatable.
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<RecordKind>,
    /// From this date on (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Involving this actor (participant, represented, speaker or linked), any spelling; repeatable.
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,
    /// At this place or any place inside it.
    #[arg(long, value_name = "NAME")]
    pub place: Option<String>,
    /// Tagged with this topic; repeatable.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,
    /// Citing this source (directly or as "via").
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// Backed by a source graded this or better (A–F).
    #[arg(long, value_name = "GRADE")]
    pub min_reliability: Option<Reliability>,
    /// Statements of this kind (quote, paraphrase, reported, denial); repeatable.
    #[arg(long, value_name = "KIND")]
    pub statement_kind: Vec<StatementKind>,
    /// Search the Trash.
    #[arg(long)]
    pub trash: bool,
}

impl FilterArgs {
    pub fn into_filters(self) -> Filters {
        Filters {
            kinds: self.kind,
            from: self.from,
            to: self.to,
            actors: self.actor,
            place: self.place,
            topics: self.topic,
            source: self.source,
            min_reliability: self.min_reliability,
            statement_kinds: self.statement_kind,
            trash: self.trash,
        }
    }
}

impl SearchArgs {
    /// The search these arguments ask for.
    pub fn into_spec(self) -> SearchSpec {
        SearchSpec {
            text: self.query.join(" "),
            filters: self.filters.into_filters(),
            order: match self.order {
                OrderArg::Relevance => SortOrder::Relevance,
                OrderArg::Newest => SortOrder::Newest,
                OrderArg::Oldest => SortOrder::Oldest,
                OrderArg::Title => SortOrder::Title,
            },
            exact: self.exact,
        }
    }
}
