//! `astana fetch`: the command's arguments, the progress bar (`indicatif`,
//! on a terminal only) and the summary line around `crate::fetch`.

use crate::archive::{self, Archive};
use crate::fetch::{self, Options, Tally, archive_store::ArchiveStore, feeds_file};
use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
pub(super) struct FetchArgs {
    /// Feeds (RSS, Atom, JSON Feed), sitemaps or article pages to fetch
    /// (default: the URLs in $XDG_CONFIG_HOME/astana/feeds, one per line).
    #[arg(value_name = "URL")]
    urls: Vec<String>,
    /// Milliseconds between two requests to the same host (default: the
    /// configuration's host-delay, else 1000).
    #[arg(long, value_name = "MS")]
    host_delay: Option<u64>,
    /// The largest page, feed or sitemap read, after decompression (bytes,
    /// or with K, M, KiB, MiB...).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = crate::input_file::parse_size)]
    max_page_size: u64,
    /// No progress and no summary (warnings still go to stderr): for cron.
    #[arg(long)]
    quiet: bool,
}

pub(super) fn run(args: FetchArgs, loader: &super::Loader) -> Result<ExitCode> {
    let extractor = loader.extractor;
    let sources = if args.urls.is_empty() {
        let Some(path) = feeds_file::path() else {
            bail!("no URL given, and no home folder to find a feeds file in");
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
                "no URL given and no feeds file at {} (one feed, sitemap or page URL per line)",
                path.display()
            ),
            Err(e) => return Err(e).with_context(|| format!("{}", path.display())),
        };
        let urls = feeds_file::urls(&text);
        if urls.is_empty() {
            bail!("no URL given, and {} lists none", path.display());
        }
        urls
    } else {
        args.urls
    };
    let Some(path) = archive::location(loader.archive.as_deref()) else {
        bail!(
            "no archive: give --archive PATH (no $ASTANA_ARCHIVE, $XDG_DATA_HOME or home folder)"
        );
    };
    let mut archive = Archive::open(&path)?;
    let defaults = Options::default();
    let options = Options {
        host_delay: args
            .host_delay
            .map(Duration::from_millis)
            .or(loader.host_delay)
            .unwrap_or(defaults.host_delay),
        http: fetch::http::HttpOptions {
            max_body: args.max_page_size,
            ..defaults.http.clone()
        },
        ..defaults
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        // Sized for the sources at once: an empty bar, not a full one.
        let bar =
            ProgressBar::with_draw_target(Some(sources.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let mut store = ArchiveStore {
        archive: &mut archive,
        extractor,
    };
    let tally = fetch::fetch(&sources, &mut store, &options, &mut |tally, warning| {
        if let Some(line) = warning {
            match &bar {
                Some(bar) => bar.suspend(|| {
                    let _ = writeln!(std::io::stderr(), "{line}");
                }),
                None => {
                    let _ = writeln!(std::io::stderr(), "{line}");
                }
            }
        }
        if let Some(bar) = &bar {
            show(bar, tally);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // Failing here loses nothing: opening the archive reads the texts.
    if let Err(e) = archive.update_index_words() {
        let _ = writeln!(
            std::io::stderr(),
            "astana: warning: {}: {e}",
            path.display()
        );
    }
    if !args.quiet {
        super::print(&format!("{}\n", tally.summary()))?;
    }
    Ok(ExitCode::from(tally.exit_status()))
}

fn show(bar: &ProgressBar, tally: &Tally) {
    bar.set_length((tally.sources + tally.pages) as u64);
    bar.set_position((tally.sources_done + tally.pages_done) as u64);
    bar.set_message(format!(
        "sources {}/{}, pages {}/{}, {} new, {} failed",
        tally.sources_done,
        tally.sources,
        tally.pages_done,
        tally.pages,
        tally.new,
        tally.failed()
    ));
}
