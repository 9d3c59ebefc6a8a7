//! `astana import PATH...`: files and folders into the archive, with a
//! progress bar on a terminal and one summary line.

use super::{Loader, describe, report_warnings};
use crate::archive::{self, Archive, ImportCounts, Importer};
use crate::corpus::{self, LoadOptions, LoadProgress};
use crate::output::thousands;
use anyhow::{Context, Result, anyhow};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// Files or folders to import (.txt, .md, .json, .jsonl, web pages, feeds).
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Print nothing but warnings and errors (for cron).
    #[arg(long)]
    quiet: bool,
}

pub(super) fn import(args: ImportArgs, loader: &Loader) -> Result<ExitCode> {
    let path = archive::location(loader.archive.as_deref()).ok_or_else(|| {
        anyhow!("no archive location: give --archive PATH or set ASTANA_ARCHIVE (HOME is not set)")
    })?;
    let mut archive = Archive::open(&path)?;
    let progress = LoadProgress::default();
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} importing [{bar:30}] {bytes}/{total_bytes} · {msg} ({elapsed})",
            )
            .expect("the template is valid")
            .progress_chars("=> "),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    });
    let on_batch = {
        let bar = bar.clone();
        let progress = &progress;
        move |counts: &ImportCounts| {
            if let Some(bar) = &bar {
                bar.set_length(progress.bytes_total.load(Ordering::Relaxed));
                bar.set_position(progress.bytes_read.load(Ordering::Relaxed));
                bar.set_message(counts_text(counts));
            }
        }
    };
    let mut importer = Importer::new(&mut archive, loader.extractor.fingerprint(), on_batch);
    let options = LoadOptions {
        sink_keeps: true,
        ..loader.options
    };
    let loaded = corpus::load_into_with(
        &args.paths,
        options,
        loader.extractor,
        Some(&progress),
        &mut importer,
    );
    let counts = importer.finish();
    if let Some(bar) = &bar {
        bar.set_message("indexing");
    }
    // Failing here loses nothing: opening the archive reads the texts.
    if let Err(e) = archive.update_index_words() {
        let _ = writeln!(
            std::io::stderr(),
            "astana: warning: {}: {e}",
            path.display()
        );
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let corpus = loaded?;
    report_warnings(&corpus.warnings);
    let counts = counts.with_context(|| format!("importing {}", describe(&args.paths)))?;
    if !args.quiet {
        let files = progress.files_total.load(Ordering::Relaxed);
        let mut line = format!(
            "imported {} file{}: {}",
            thousands(files),
            if files == 1 { "" } else { "s" },
            counts_text(&counts)
        );
        match corpus.warnings.len() {
            0 => {}
            1 => line.push_str(", 1 warning"),
            n => line.push_str(&format!(", {} warnings", thousands(n))),
        }
        line.push('\n');
        let _ = std::io::stdout().write_all(line.as_bytes());
    }
    Ok(ExitCode::SUCCESS)
}

/// `42 new, 5 copies, 3 already there`.
fn counts_text(counts: &ImportCounts) -> String {
    let mut text = format!(
        "{} new, {} {}",
        thousands(counts.new),
        thousands(counts.copies),
        if counts.copies == 1 { "copy" } else { "copies" }
    );
    if counts.known > 0 {
        text.push_str(&format!(", {} already there", thousands(counts.known)));
    }
    text
}
