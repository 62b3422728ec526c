//! The command line's duplicate commands: `duplicates` lists likely pairs, `merge`, `judge`
//! and `separate` record judgements, and `show` says when a record was merged.

use super::args::{MergeKindArg, VerdictArg};
use super::parse_uuid;
use crate::model::judgement::{JudgementOrigin, Verdict};
use crate::query::duplicates as scan;
use crate::store::Store;
use anyhow::{Result, anyhow};
use uuid::Uuid;

/// `chancery duplicates`: the pairs waiting for an answer, then those kept aside.
pub fn list(store: &Store, kind: Option<MergeKindArg>, json: bool) -> Result<()> {
    let kinds: Vec<_> = kind.map(|k| k.kind()).into_iter().collect();
    let queue = scan(store, &kinds)?;
    if json {
        super::output::print_json(&serde_json::to_value(&queue)?)?;
        return Ok(());
    }
    if queue.pending.is_empty() && queue.aside.is_empty() {
        println!("no likely duplicates");
        return Ok(());
    }
    for (heading, pairs) in [
        ("", &queue.pending),
        ("kept aside (not sure)", &queue.aside),
    ] {
        if pairs.is_empty() {
            continue;
        }
        if !heading.is_empty() {
            println!("\n{heading}:");
        }
        for pair in pairs {
            println!(
                "{:.2}  {} '{}' ({})  ~  '{}' ({})",
                pair.score,
                pair.kind.label().to_lowercase(),
                pair.a_name,
                pair.a,
                pair.b_name,
                pair.b
            );
            for reason in &pair.reasons {
                println!("      {reason}");
            }
        }
    }
    println!(
        "\n{} pairs to review, {} kept aside; answer with `chancery merge A B` or `chancery judge A B --verdict different|unsure`",
        queue.pending.len(),
        queue.aside.len()
    );
    Ok(())
}

/// `chancery merge` and `chancery judge`.
pub fn judge(store: &mut Store, a: &str, b: &str, verdict: VerdictArg) -> Result<()> {
    let (a, b) = (parse_uuid(a)?, parse_uuid(b)?);
    let verdict = match verdict {
        VerdictArg::Same => Verdict::Same,
        VerdictArg::Different => Verdict::Different,
        VerdictArg::Unsure => Verdict::Unsure,
    };
    let (name_a, name_b) = (name(store, a)?, name(store, b)?);
    match store.judge(a, b, verdict, JudgementOrigin::Review)? {
        None => println!("'{name_a}' and '{name_b}': already judged so; nothing changed"),
        Some(_) => match verdict {
            Verdict::Same => {
                let canonical = store.canonical_of(a)?.unwrap_or(a);
                println!(
                    "merged '{name_a}' and '{name_b}': shown as '{}' ({canonical}); `chancery separate` or undo parts them",
                    name(store, canonical)?
                );
            }
            Verdict::Different => {
                println!("'{name_a}' and '{name_b}' are not the same: never proposed again")
            }
            Verdict::Unsure => println!("'{name_a}' and '{name_b}': kept aside as not sure"),
        },
    }
    if let Some(cluster) = store.cluster(a)?
        && !cluster.contradictions.is_empty()
    {
        println!(
            "note: {} judgement(s) in this cluster say two of its records are not the same; `chancery show {}` lists them",
            cluster.contradictions.len(),
            cluster.canonical
        );
    }
    Ok(())
}

/// `chancery separate`.
pub fn separate(store: &mut Store, uuid: &str) -> Result<()> {
    let uuid = parse_uuid(uuid)?;
    let label = name(store, uuid)?;
    match store.separate(uuid)? {
        0 => println!("'{label}' is not merged with any record; nothing changed"),
        n => println!(
            "separated '{label}' ({n} judgement{} withdrawn); it is a record of its own again",
            if n == 1 { "" } else { "s" }
        ),
    }
    Ok(())
}

/// The record `show` prints for `uuid`: its canonical record if it was merged (said on
/// standard error, so that the output stays the record).
pub fn say_if_merged(store: &Store, uuid: Uuid) -> Result<Uuid> {
    match store.canonical_of(uuid)? {
        Some(canonical) => {
            eprintln!(
                "note: '{}' was merged into '{}' ({canonical}); showing that record",
                name(store, uuid)?,
                name(store, canonical)?
            );
            Ok(canonical)
        }
        None => Ok(uuid),
    }
}

/// The lines `show` adds for a record others were merged into.
pub fn cluster_text(store: &Store, uuid: Uuid) -> Result<String> {
    let Some(cluster) = store.cluster(uuid)? else {
        return Ok(String::new());
    };
    let mut out = String::new();
    for member in cluster.merged() {
        let by = member
            .joined_by
            .first()
            .map(|j| format!(" — merged by {} on {}", j.author, j.at.strftime("%Y-%m-%d")))
            .unwrap_or_default();
        out.push_str(&format!(
            "Merged from: {} ({}){by}\n",
            member.record.name(),
            member.uuid
        ));
    }
    for j in &cluster.contradictions {
        out.push_str(&format!(
            "Contradiction: {} said '{}' and '{}' are not the same ({}), yet they are merged\n",
            j.author,
            name(store, j.a)?,
            name(store, j.b)?,
            j.at.strftime("%Y-%m-%d")
        ));
    }
    Ok(out)
}

fn name(store: &Store, uuid: Uuid) -> Result<String> {
    Ok(store
        .get(uuid)?
        .ok_or_else(|| anyhow!("no record with uuid {uuid} in {}", store.path().display()))?
        .name()
        .to_string())
}
