//! The command line: argument parsing, choosing the corpus, and the
//! scriptable subcommands. Errors end here as one `astana: error:` line.

use crate::corpus::{self, Article, ArticleSink, Corpus, LoadOptions, LoadWarning};
use crate::extract::Extractor;
use crate::output;
use crate::search::{IndexBuilder, Query, SearchIndex, facets::FacetCounts};
use crate::tui::bidi_probe::{self, BidiChoice};
use crate::tui::run::{Outcome, RunError, RunOptions};
use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Explore Arabic news coverage of the Astana talks on Syria.
///
/// With no command, opens the explorer on the articles bundled in the
/// binary, or on the files and folders given (.txt/.md articles, .json
/// arrays, .jsonl lines; folders are searched recursively).
#[derive(Debug, Parser)]
#[command(name = "astana", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    explore: ExploreArgs,
    /// An extra gazetteer (TOML) merged over the built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    gazetteer: Option<PathBuf>,
    /// Read files in this encoding (e.g. windows-1256, iso-8859-6,
    /// utf-16le) unless they start with a byte order mark. Default: UTF-8,
    /// else detected.
    #[arg(long, global = true, value_name = "LABEL")]
    encoding: Option<String>,
}

#[derive(Debug, Args)]
struct ExploreArgs {
    /// Articles to open: files or folders (default: the bundled articles).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Start with this filter (same language as the filter line).
    #[arg(short, long, value_name = "QUERY")]
    query: Option<String>,
    /// Who reorders right-to-left text: `app` (astana), `terminal` (for
    /// terminals that reorder by themselves), or `auto` (ask the terminal).
    /// Default: $ASTANA_BIDI, else auto.
    #[arg(long, value_enum, value_name = "MODE")]
    bidi: Option<BidiChoice>,
    /// Colours: auto (on unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Enter on an article quits and prints its id to stdout, for
    /// `astana --print | xargs astana show`. Exit status 1 if none was chosen.
    #[arg(long)]
    print: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `NO_COLOR` (set and not empty, per no-color.org) turns colours off
    /// unless they were asked for explicitly.
    fn wants_color(self, no_color: Option<&str>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => no_color.is_none_or(str::is_empty),
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print one line per article: id, round, guarantors, title (tab-separated).
    List(ListArgs),
    /// Print one article: title, metadata, entities and text.
    Show(ShowArgs),
    /// Count articles per guarantor, round, person, place, organisation and agency.
    Facets(FacetsArgs),
    /// Print who said what: one line per reported statement (article id, speaker, words said).
    Statements(StatementsArgs),
    /// Write a synthetic archive (JSONL) made from the bundled articles, for benchmarks.
    Synth(SynthArgs),
}

#[derive(Debug, Args)]
struct SynthArgs {
    /// How many articles to write.
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Seed of the generator: the same seed gives the same archive.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also put three made-up words in each paragraph, drawn from this many
    /// (a few common, most rare), for the vocabulary of a real archive.
    #[arg(long, default_value_t = 0, value_name = "POOL")]
    rare_words: usize,
}

/// Filters shared by `list` and `facets`. Exit status: 0 when something
/// matched, 1 when nothing did, 2 on errors.
#[derive(Debug, Args)]
struct FilterArgs {
    /// Filter query, e.g. "lavrentiev g:iran r:4-6 !idlib" (see docs/SEARCH.md).
    #[arg(short, long, value_name = "QUERY")]
    query: Option<String>,
    /// Only articles naming this guarantor (russia, turkey, iran; repeatable, all must hold).
    #[arg(short, long, value_name = "NAME")]
    guarantor: Vec<String>,
    /// Only articles about this round: N or A-B (repeatable, any may hold).
    #[arg(short, long, value_name = "N|A-B")]
    round: Vec<String>,
}

impl FilterArgs {
    /// The equivalent query string: `-g iran -r 4 -r 6` is `g:iran r:4,6`.
    fn query_string(&self) -> String {
        let mut terms: Vec<String> = self.query.iter().cloned().collect();
        terms.extend(self.guarantor.iter().map(|g| format!("g:{}", g.trim())));
        if !self.round.is_empty() {
            // `-r "الحادية عشرة"`: the words of an ordinal joined as in `r:`.
            let rounds: Vec<String> = self
                .round
                .iter()
                .map(|r| r.split_whitespace().collect::<Vec<_>>().join("-"))
                .collect();
            terms.push(format!("r:{}", rounds.join(",")));
        }
        terms.join(" ")
    }
}

#[derive(Debug, Args)]
struct ListArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print a JSON array of article objects instead of lines.
    #[arg(long)]
    json: bool,
    /// Print load and match times to stderr.
    #[arg(long)]
    timings: bool,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct ShowArgs {
    /// The article's id (as printed by `astana list`).
    id: String,
    /// Print one JSON article object, including its text.
    #[arg(long)]
    json: bool,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct StatementsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print a JSON array of statement objects instead of lines.
    #[arg(long)]
    json: bool,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct FacetsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print a JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Parses the command line, runs it, and turns the outcome into an exit
/// status: 0 success (something matched), 1 nothing matched, 2 error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}");
            // Not eprintln!: after a hang-up stderr is gone, and a failed
            // write must not turn into a panic.
            let _ = writeln!(
                std::io::stderr(),
                "astana: error: {}",
                crate::text::sanitize::visible(&message)
            );
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    // Built before any loading starts, so a bad file is reported at once.
    // The built-in extractor cannot fail; the explorer builds it on its
    // loading thread, while it takes the terminal.
    let user_extractor = match &cli.gazetteer {
        Some(path) => Some(Extractor::with_user_gazetteer(path)?),
        None => None,
    };
    let explorer_only = !cli.explore.paths.is_empty()
        || cli.explore.query.is_some()
        || cli.explore.bidi.is_some()
        || cli.explore.print;
    if cli.command.is_some() && explorer_only {
        bail!(
            "paths, -q, --bidi and --print before a command belong to the explorer; \
             put them after the command (e.g. 'astana list -q QUERY PATH')"
        );
    }
    let options = LoadOptions {
        encoding: match &cli.encoding {
            Some(label) => Some(corpus::Encoding::for_label(label).map_err(anyhow::Error::msg)?),
            None => None,
        },
    };
    let Some(command) = cli.command else {
        return explore(cli.explore, options, user_extractor);
    };
    let extractor = user_extractor.unwrap_or_else(Extractor::builtin);
    let loader = Loader {
        extractor: &extractor,
        options,
    };
    match command {
        Command::List(args) => list(args, &loader),
        Command::Show(args) => show(args, &loader),
        Command::Facets(args) => facets(args, &loader),
        Command::Statements(args) => statements(args, &loader),
        Command::Synth(args) => synth(args, &extractor),
    }
}

/// How a subcommand loads its articles.
struct Loader<'e> {
    extractor: &'e Extractor,
    options: LoadOptions,
}

impl Loader<'_> {
    /// Loads the corpus, printing each warning as one stderr line.
    /// Returns an error when nothing at all could be loaded.
    fn load<S: ArticleSink>(&self, paths: &[PathBuf], sink: &mut S) -> Result<Corpus> {
        let corpus = corpus::load_into_with(paths, self.options, self.extractor, None, sink)?;
        report_warnings(&corpus.warnings);
        if corpus.articles.is_empty() {
            bail!("no articles found in {}", describe(paths));
        }
        Ok(corpus)
    }
}

fn report_warnings(warnings: &[LoadWarning]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for w in warnings {
        let _ = writeln!(err, "astana: warning: {w}");
    }
}

fn describe(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

fn parse_query(text: &str) -> Result<Query> {
    Query::parse(text).map_err(|e| anyhow::anyhow!("bad query: {e}"))
}

/// The articles the query selects, in result order (best first).
fn select<'a>(corpus: &'a Corpus, index: &SearchIndex, query: &Query) -> Vec<&'a Article> {
    crate::search::search(index, &corpus.articles, query)
        .into_iter()
        .map(|hit| &corpus.articles[hit.article])
        .collect()
}

fn matched(found: bool) -> ExitCode {
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Writes to stdout, treating a closed pipe (`astana list | head`) as done.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn list(args: ListArgs, loader: &Loader) -> Result<ExitCode> {
    let extractor = loader.extractor;
    let query = parse_query(&args.filter.query_string())?;
    let started = Instant::now();
    let cpu_before = cpu_time();
    let mut builder = IndexBuilder::new();
    let corpus = loader.load(&args.paths, &mut builder)?;
    let loaded = started.elapsed();
    let loaded_cpu = cpu_time().saturating_sub(cpu_before);
    let started = Instant::now();
    let index = builder.finish(&corpus.articles, extractor.entries());
    let indexed = started.elapsed();
    let started = Instant::now();
    let selected = select(&corpus, &index, &query);
    let matching = started.elapsed();
    if args.timings {
        eprintln!(
            "astana: timings: load+extract+index words {:.1} ms ({:.1} ms CPU, {} articles), index finish {:.1} ms ({} words, {:.1} MB), match {:.3} ms ({} results)",
            loaded.as_secs_f64() * 1e3,
            loaded_cpu.as_secs_f64() * 1e3,
            corpus.articles.len(),
            indexed.as_secs_f64() * 1e3,
            index.vocabulary_len(),
            index.heap_bytes() as f64 / 1e6,
            matching.as_secs_f64() * 1e3,
            selected.len()
        );
    }
    if args.timings
        && let Some(kb) = peak_rss_kb()
    {
        eprintln!("astana: timings: peak RSS {:.1} MiB", kb as f64 / 1024.0);
    }
    let for_terminal = std::io::stdout().is_terminal();
    let mut text = String::new();
    if args.json {
        let values: Vec<_> = selected
            .iter()
            .map(|a| output::article_json(a, false))
            .collect();
        text = serde_json::to_string_pretty(&values)?;
        text.push('\n');
    } else {
        for article in &selected {
            text.push_str(&output::list_line(article, for_terminal));
            text.push('\n');
        }
    }
    print(&text)?;
    let found = !selected.is_empty();
    drop(selected);
    leave_for_exit((corpus, index));
    Ok(matched(found))
}

/// The process exits right after a command: freeing a loaded archive one
/// allocation at a time (100,000 articles: about 0.3 s on one core) would
/// only delay the exit, so the memory is left to the operating system.
fn leave_for_exit<T>(loaded: T) {
    std::mem::forget(loaded);
}

fn show(args: ShowArgs, loader: &Loader) -> Result<ExitCode> {
    let corpus = loader.load(&args.paths, &mut ())?;
    let article = by_id(&corpus.articles, &args.id)?;
    if args.json {
        let mut value = output::article_json(article, true);
        let statements = loader
            .extractor
            .statements(&article.text, &article.extraction);
        value["statements"] = output::statements_json(article, &statements);
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        print(&text)?;
    } else {
        print(&output::show_text(article, std::io::stdout().is_terminal()))?;
    }
    leave_for_exit(corpus);
    Ok(ExitCode::SUCCESS)
}

fn facets(args: FacetsArgs, loader: &Loader) -> Result<ExitCode> {
    let extractor = loader.extractor;
    let query = parse_query(&args.filter.query_string())?;
    let mut builder = IndexBuilder::new();
    let corpus = loader.load(&args.paths, &mut builder)?;
    let index = builder.finish(&corpus.articles, extractor.entries());
    let selected = select(&corpus, &index, &query);
    let counts = FacetCounts::count(selected.iter().copied());
    if args.json {
        let mut text = serde_json::to_string_pretty(&output::facets_json(&counts))?;
        text.push('\n');
        print(&text)?;
    } else {
        print(&output::facets_text(
            &counts,
            std::io::stdout().is_terminal(),
        ))?;
    }
    let found = !selected.is_empty();
    drop(selected);
    leave_for_exit((corpus, index));
    Ok(matched(found))
}

/// `statements`: the reported statements of the selected articles, found
/// on demand (not while loading).
fn statements(args: StatementsArgs, loader: &Loader) -> Result<ExitCode> {
    let extractor = loader.extractor;
    let query = parse_query(&args.filter.query_string())?;
    let mut builder = IndexBuilder::new();
    let corpus = loader.load(&args.paths, &mut builder)?;
    let index = builder.finish(&corpus.articles, extractor.entries());
    let selected = select(&corpus, &index, &query);
    let for_terminal = std::io::stdout().is_terminal();
    let mut values = Vec::new();
    let mut text = String::new();
    for article in &selected {
        let found = extractor.statements(&article.text, &article.extraction);
        if args.json {
            if let serde_json::Value::Array(list) = output::statements_json(article, &found) {
                values.extend(list);
            }
        } else {
            for statement in &found {
                text.push_str(&output::statement_line(article, statement, for_terminal));
                text.push('\n');
            }
        }
    }
    let any = !values.is_empty() || !text.is_empty();
    if args.json {
        text = serde_json::to_string_pretty(&values)?;
        text.push('\n');
    }
    print(&text)?;
    drop(selected);
    leave_for_exit((corpus, index));
    Ok(matched(any))
}

fn explore(args: ExploreArgs, load: LoadOptions, extractor: Option<Extractor>) -> Result<ExitCode> {
    if let Some(path) = args.paths.first()
        && let Some(command) = misspelt_command(path)
    {
        bail!(
            "{}: no such file or directory; did you mean 'astana {command}'?",
            crate::text::sanitize::visible(&path.display().to_string())
        );
    }
    // With --print, stdout is usually a pipe and the explorer draws on the
    // controlling terminal instead.
    if !args.print && !std::io::stdout().is_terminal() {
        bail!("the explorer needs a terminal; try 'astana list'");
    }
    let initial_query = args.query.unwrap_or_default();
    parse_query(&initial_query)?;
    let env_bidi = std::env::var("ASTANA_BIDI").ok();
    let bidi =
        bidi_probe::choice_from(args.bidi, env_bidi.as_deref()).map_err(anyhow::Error::msg)?;
    let no_color = std::env::var("NO_COLOR").ok();
    let options = RunOptions {
        paths: args.paths.clone(),
        load,
        bidi,
        color: args.color.wants_color(no_color.as_deref()),
        print_on_enter: args.print,
        initial_query,
    };
    match crate::tui::run::run(options, extractor) {
        Ok(Outcome::Print(id)) => {
            let id = if std::io::stdout().is_terminal() {
                crate::text::sanitize::visible(&id).into_owned()
            } else {
                id
            };
            print(&format!("{id}\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(Outcome::Quit) if args.print => Ok(ExitCode::from(1)),
        Ok(Outcome::Quit) => Ok(ExitCode::SUCCESS),
        Err(RunError::NoArticles(warnings)) => {
            report_warnings(&warnings);
            bail!("no articles found in {}", describe(&args.paths))
        }
        Err(e) => Err(e.into()),
    }
}

/// The article whose id is `id`, or else the one whose id starts with
/// it (as git takes a commit's prefix); several such are an error that
/// names them.
fn by_id<'a>(articles: &'a [Article], id: &str) -> Result<&'a Article> {
    /// Candidates named in the error; the rest are counted.
    const NAMED: usize = 10;
    if let Some(article) = articles.iter().find(|a| *a.id == *id) {
        return Ok(article);
    }
    let mut matching = articles.iter().filter(|a| a.id.starts_with(id));
    let shown = crate::text::sanitize::visible(id);
    match (matching.next(), matching.next()) {
        (None, _) => bail!("no article with id '{shown}'"),
        (Some(article), None) => Ok(article),
        (Some(first), Some(second)) => {
            let rest: Vec<&Article> = matching.collect();
            let named: Vec<String> = [first, second]
                .into_iter()
                .chain(rest.iter().copied())
                .take(NAMED)
                .map(|a| crate::text::sanitize::visible(&a.id).into_owned())
                .collect();
            let count = rest.len() + 2;
            let more = match count.saturating_sub(NAMED) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            bail!(
                "id '{shown}' is ambiguous: {count} articles start with it: {}{more}",
                named.join(", ")
            )
        }
    }
}

/// The subcommand a path that does not exist is one typo away from
/// (`lsit`, `shwo`): one edit or one swap of neighbours.
fn misspelt_command(path: &std::path::Path) -> Option<String> {
    use clap::CommandFactory;
    let word = path.to_str()?;
    if path.exists() {
        return None;
    }
    Cli::command()
        .get_subcommands()
        .map(|command| command.get_name().to_string())
        .find(|name| strsim::osa_distance(word, name) == 1)
}

fn synth(args: SynthArgs, extractor: &Extractor) -> Result<ExitCode> {
    let generator =
        crate::synth::Generator::new(&corpus::load_bundled(extractor)).rare_words(args.rare_words);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    match generator.write(args.articles, args.seed, &mut out) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => {
            other?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The process's peak resident set size, where the system tells it (Linux).
/// User and system CPU time of the whole process so far (every thread):
/// against the wall time, it shows how busy both cores were.
fn cpu_time() -> std::time::Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let of = |t: libc::timeval| {
        std::time::Duration::new(t.tv_sec.max(0) as u64, (t.tv_usec.max(0) as u32) * 1000)
    };
    of(usage.ru_utime) + of(usage.ru_stime)
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_turns_colours_off_unless_asked_for() {
        assert!(ColorChoice::Auto.wants_color(None));
        assert!(ColorChoice::Auto.wants_color(Some("")));
        assert!(!ColorChoice::Auto.wants_color(Some("1")));
        assert!(ColorChoice::Always.wants_color(Some("1")));
        assert!(!ColorChoice::Never.wants_color(None));
    }

    #[test]
    fn explorer_flags_parse() {
        let cli = Cli::try_parse_from([
            "astana", "--bidi", "terminal", "--color", "never", "--print",
        ])
        .unwrap();
        assert_eq!(cli.explore.bidi, Some(BidiChoice::Terminal));
        assert_eq!(cli.explore.color, ColorChoice::Never);
        assert!(cli.explore.print);
        assert!(Cli::try_parse_from(["astana", "--bidi", "rtl"]).is_err());
    }
}
