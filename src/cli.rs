//! The command line: argument parsing, choosing the corpus, and the
//! scriptable subcommands. Errors end here as one `astana: error:` line.

use crate::config::{ColorChoice, Config};
use crate::corpus::{self, Article, ArticleSink, Corpus, LoadOptions, LoadWarning};
use crate::extract::Extractor;
use crate::output;
use crate::search::{IndexBuilder, Order, Query, SearchIndex, facets::FacetCounts};
use crate::tui::bidi_probe::BidiChoice;
use crate::tui::run::{Outcome, RunError, RunOptions};
use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand, ValueHint};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

mod completions;
mod fetch;
mod import;
mod man;

/// Explore Arabic news coverage of the Astana talks on Syria.
///
/// With no command, opens the explorer on the articles bundled in the
/// binary, or on the files and folders given (.txt/.md articles, .json
/// arrays, .jsonl lines; folders are searched recursively).
#[derive(Debug, Parser)]
#[command(name = "astana", version = VERSION)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    explore: ExploreArgs,
    /// An extra gazetteer (TOML) merged over the built-in one.
    #[arg(long, global = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    gazetteer: Option<PathBuf>,
    /// Read settings from this file instead of
    /// $XDG_CONFIG_HOME/astana/config.toml (see `astana config`).
    #[arg(long, global = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    config: Option<PathBuf>,
    /// Read files in this encoding (e.g. windows-1256, iso-8859-6,
    /// utf-16le) unless they start with a byte order mark. Default: UTF-8,
    /// else detected.
    #[arg(long, global = true, value_name = "LABEL")]
    encoding: Option<String>,
    /// The archive to import or fetch into and to open when no PATH is given.
    /// Default: $ASTANA_ARCHIVE, else $XDG_DATA_HOME/astana/archive.sqlite3
    /// (~/.local/share/astana/archive.sqlite3).
    #[arg(long, global = true, value_name = "PATH")]
    archive: Option<PathBuf>,
    /// Read no file past this size (bytes, or with K, M, G, T): a larger
    /// file is skipped with a warning, a stream stops there. Default: 16G
    /// for articles, 64M for a gazetteer.
    #[arg(long, global = true, value_name = "SIZE", value_parser = crate::input_file::parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
struct ExploreArgs {
    /// Articles to open: files or folders (default: the bundled articles).
    /// A file named like a command (man) is opened as ./man.
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
    paths: Vec<PathBuf>,
    /// Start with this filter (same language as the filter line).
    #[arg(short, long, value_name = "QUERY")]
    query: Option<String>,
    /// Who reorders right-to-left text: `app` (astana), `terminal` (for
    /// terminals that reorder by themselves), or `auto` (ask the terminal).
    /// Default: $ASTANA_BIDI, else the configuration's `bidi`, else auto.
    #[arg(long, value_enum, value_name = "MODE")]
    bidi: Option<BidiChoice>,
    /// Colours: auto (on unless NO_COLOR is set), always, never.
    /// Default: the configuration's `color`, else auto.
    #[arg(long, value_enum, value_name = "WHEN")]
    color: Option<ColorChoice>,
    /// Enter on an article quits and prints its id to stdout, for
    /// `astana --print | xargs astana show`. Exit status 1 if none was chosen.
    #[arg(long)]
    print: bool,
    /// Show every copy of a story in the archive, not one row per story.
    #[arg(long)]
    all: bool,
    /// Like --print, the id ended by a NUL byte instead of a newline: ids
    /// come from the files, and only `astana --print0 | xargs -0 astana
    /// show --` passes any id (spaces, quotes, a leading `-`) whole.
    #[arg(long)]
    print0: bool,
}

/// `astana --version`: the version and the commit built (build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ASTANA_COMMIT"), ")");

#[derive(Debug, Subcommand)]
enum Command {
    /// Print one line per article: id, round, guarantors, title (tab-separated).
    List(ListArgs),
    /// Print one article: title, metadata, entities and text.
    Show(ShowArgs),
    /// Count articles per guarantor, round, person, place, organisation and agency.
    Facets(FacetsArgs),
    /// Fetch feeds, sitemaps and article pages into the archive (default:
    /// the URLs of $XDG_CONFIG_HOME/astana/feeds). Exit status: 0 every
    /// source reached, 1 some not, 2 none.
    Fetch(fetch::FetchArgs),
    /// Print who said what: one line per reported statement (article id, speaker, words said).
    Statements(StatementsArgs),
    /// Write a synthetic archive (JSONL) made from the bundled articles, for benchmarks.
    Synth(SynthArgs),
    /// Add files and folders (any input astana reads) to the archive,
    /// keeping one story per URL and marking copies.
    Import(import::ImportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page, astana(1), in roff: `astana man | man -l -`.
    Man,
    /// Print the configuration in effect, as TOML, with where each value comes from.
    Config,
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
    /// Articles of about this many bytes of text each (whole paragraphs,
    /// lengths between half and 1.5 times it), instead of seed-sized ones
    /// (8 to 18 paragraphs, 2-12 KB).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u32).range(1..))]
    article_bytes: Option<u32>,
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
    /// Only articles published then: 2017, 2017-05, 2017-05-04, a range
    /// 2019..2023 (either side may be open), or none (repeatable, any may hold).
    #[arg(short, long, value_name = "DATE|A..B")]
    date: Vec<String>,
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
        if !self.date.is_empty() {
            let dates: Vec<&str> = self.date.iter().map(|d| d.trim()).collect();
            terms.push(format!("d:{}", dates.join(",")));
        }
        terms.join(" ")
    }
}

#[derive(Debug, Args)]
struct ListArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print a JSON array of article objects instead of lines (the same
    /// as --format json).
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Only bookmarked articles (the filter term is:bookmarked).
    #[arg(long)]
    bookmarked: bool,
    /// How to print the articles: tsv (id, round, guarantors, title: the
    /// default), csv (with a header row and the date, source and url),
    /// jsonl (one article object per line), json (an array).
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<ListFormat>,
    /// The order of the articles: relevance (best match first), date
    /// (newest first, undated last), round (ascending, none last).
    /// Default: the configuration's `sort`, else relevance.
    #[arg(long, value_enum, value_name = "ORDER")]
    sort: Option<SortChoice>,
    /// Print load and match times to stderr.
    #[arg(long)]
    timings: bool,
    /// List every copy of a story in the archive, not one line per story.
    #[arg(long)]
    all: bool,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    Tsv,
    Csv,
    Jsonl,
    Json,
}

/// `--sort`: the names of [`Order`]'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SortChoice {
    Relevance,
    Date,
    Round,
}

impl From<SortChoice> for Order {
    fn from(choice: SortChoice) -> Order {
        match choice {
            SortChoice::Relevance => Order::Relevance,
            SortChoice::Date => Order::Date,
            SortChoice::Round => Order::Round,
        }
    }
}

#[derive(Debug, Args)]
struct ShowArgs {
    /// The article's id (as printed by `astana list`; one that starts with
    /// `-` goes after `--`: `astana show -- ID`).
    id: String,
    /// Print one JSON article object, including its text.
    #[arg(long)]
    json: bool,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct StatementsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print a JSON array of statement objects instead of lines (the same
    /// as --format json).
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// How to print the statements: tsv (article, speaker, words said: the
    /// default), csv (with a header row and the verb and byte offsets),
    /// jsonl (one statement object per line), json (an array).
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<ListFormat>,
    /// The order of the articles whose statements are printed: relevance,
    /// date (newest first), round.
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = SortChoice::Relevance)]
    sort: SortChoice,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct FacetsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Print a JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Count every copy of a story in the archive, not each story once.
    #[arg(long)]
    all: bool,
    /// Files or folders to read (default: the bundled articles).
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
    paths: Vec<PathBuf>,
}

/// Parses the command line, runs it, and turns the outcome into an exit
/// status: 0 success (something matched), 1 nothing matched, 2 error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
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

/// Clap's help, version and usage errors. An error quotes the arguments
/// given, which may come from files (`xargs`): on a terminal it goes
/// through the sanitizer like every other message.
fn argument_error(e: clap::Error) -> ExitCode {
    if !e.use_stderr() {
        // --help, --version: to stdout, as clap prints them.
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e.render().to_string();
    let stderr = std::io::stderr();
    let text = if stderr.is_terminal() {
        crate::text::sanitize::visible_multiline(&text)
    } else {
        text.into()
    };
    let _ = stderr.lock().write_all(text.as_bytes());
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

fn run(cli: Cli) -> Result<ExitCode> {
    // Before the configuration: completions do not depend on it, and
    // still work with a broken one.
    if let Some(Command::Completions(args)) = &cli.command {
        print(&completions::script(args.shell))?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = Config::load(cli.config.as_deref())?;
    // Built before any loading starts, so a bad file is reported at once.
    // The built-in extractor cannot fail; the explorer builds it on its
    // loading thread, while it takes the terminal.
    let user_extractor = match &cli.gazetteer {
        Some(path) => Some(Extractor::with_user_gazetteer_capped(
            path,
            cli.max_file_size
                .unwrap_or(crate::input_file::MAX_GAZETTEER_BYTES),
        )?),
        None => None,
    };
    let explorer_only = !cli.explore.paths.is_empty()
        || cli.explore.query.is_some()
        || cli.explore.bidi.is_some()
        || cli.explore.color.is_some()
        || cli.explore.print
        || cli.explore.print0;
    if cli.command.is_some() && explorer_only {
        bail!(
            "paths, -q, --bidi, --color, --print and --print0 before a command belong to the explorer; \
             put them after the command (e.g. 'astana list -q QUERY PATH')"
        );
    }
    let options = LoadOptions {
        sink_keeps: false,
        max_file_size: cli.max_file_size,
        encoding: match &cli.encoding {
            Some(label) => Some(corpus::Encoding::for_label(label).map_err(anyhow::Error::msg)?),
            None => None,
        },
    };
    // The archive named by --archive, else $ASTANA_ARCHIVE, else the
    // configuration file, else the XDG default (`archive::location`).
    let env_archive = std::env::var("ASTANA_ARCHIVE").ok();
    let archive = config
        .archive_location(cli.archive.as_deref(), env_archive.as_deref())
        .map(|(path, _)| path);
    let Some(command) = cli.command else {
        return explore(cli.explore, options, archive, user_extractor, config);
    };
    let extractor = user_extractor.unwrap_or_else(Extractor::builtin);
    let loader = Loader {
        extractor: &extractor,
        options,
        archive,
        host_delay: config.host_delay.as_ref().map(|s| s.value),
        archive_in_use: Default::default(),
        words_to_keep: Default::default(),
    };
    if matches!(
        command,
        Command::List(_) | Command::Show(_) | Command::Facets(_)
    ) && stdout_was_closed()
    {
        bail!("standard output is closed: nothing could be printed");
    }
    match command {
        Command::List(args) => {
            let order = config.sort.as_ref().map(|s| s.value).unwrap_or_default();
            list(args, &loader, order)
        }
        Command::Show(args) => show(args, &loader),
        Command::Facets(args) => facets(args, &loader),
        Command::Statements(args) => statements(args, &loader),
        Command::Synth(args) => synth(args, &extractor),
        Command::Fetch(args) => fetch::run(args, &loader),
        Command::Import(args) => import::import(args, &loader),
        Command::Completions(_) => unreachable!("answered before the configuration is read"),
        Command::Man => {
            print(&man::page(&config))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Config => {
            let env = crate::config::Environment {
                astana_bidi: std::env::var("ASTANA_BIDI").ok(),
                astana_archive: std::env::var("ASTANA_ARCHIVE").ok(),
            };
            print(&crate::config::render(&config, &env).map_err(anyhow::Error::msg)?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How a subcommand loads its articles.
struct Loader<'e> {
    extractor: &'e Extractor,
    options: LoadOptions,
    /// The archive's path when `--archive`, `$ASTANA_ARCHIVE` or the
    /// configuration names one.
    archive: Option<PathBuf>,
    /// The configuration's `host-delay`, for `fetch` without `--host-delay`.
    host_delay: Option<std::time::Duration>,
    /// The archive's path once `load` read the articles from it: its file
    /// keeps the marks then.
    archive_in_use: std::cell::RefCell<Option<PathBuf>>,
    /// The index words `load` made from the archive's texts, to write back.
    words_to_keep: std::cell::RefCell<Option<crate::archive::WordsToKeep>>,
}

impl Loader<'_> {
    /// The index over `corpus`, whose words `builder` took while `load`
    /// read it; words the archive did not keep are written back to it (a
    /// failure only costs the next opening the time to make them again).
    fn finish_index(&self, builder: IndexBuilder, corpus: &Corpus) -> SearchIndex {
        let index = builder.finish(&corpus.articles, self.extractor.entries());
        if let Some(keep) = self.words_to_keep.take()
            && let Err(e) = keep.write(&index.stored_words())
        {
            let _ = writeln!(std::io::stderr(), "astana: warning: {e}");
        }
        index
    }

    /// Loads the corpus (with no path, the archive's stories, every copy
    /// with `all`, or the bundled articles), printing each warning as one
    /// stderr line. Returns an error when nothing at all could be loaded.
    fn load<S: ArticleSink>(&self, paths: &[PathBuf], all: bool, sink: &mut S) -> Result<Corpus> {
        let corpus = if paths.is_empty() {
            let (corpus, source) = crate::archive::load_default_into(
                self.archive.as_deref(),
                all,
                self.extractor,
                None,
                sink,
            )?;
            if let crate::archive::DefaultSource::Archive { note, keep } = source {
                if let Some(note) = note {
                    let _ = writeln!(std::io::stderr(), "astana: note: {note}");
                }
                *self.words_to_keep.borrow_mut() = keep;
                *self.archive_in_use.borrow_mut() =
                    crate::archive::location(self.archive.as_deref());
            }
            corpus
        } else {
            corpus::load_into_with(paths, self.options, self.extractor, None, sink)?
        };
        report_warnings(&corpus.warnings);
        if corpus.articles.is_empty() {
            return Err(no_articles(paths, &corpus.warnings));
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

/// "No articles found", naming the files that were skipped and why (the
/// first few: the warnings above have them all).
fn no_articles(paths: &[PathBuf], warnings: &[LoadWarning]) -> anyhow::Error {
    const NAMED: usize = 5;
    let files = corpus::files_warned(warnings);
    if files.is_empty() {
        return anyhow::anyhow!("no articles found in {}", describe(paths));
    }
    let mut named: Vec<String> = files
        .iter()
        .take(NAMED)
        .map(|(file, why)| format!("{file}: {}", why.trim_end_matches(", skipped")))
        .collect();
    if files.len() > NAMED {
        named.push(format!("and {} more", files.len() - NAMED));
    }
    anyhow::anyhow!(
        "no articles found in {}: {} file{} skipped ({})",
        describe(paths),
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        named.join("; ")
    )
}

fn describe(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

fn parse_query(text: &str) -> Result<Query> {
    Query::parse(text).map_err(|e| anyhow::anyhow!("bad query: {e}"))
}

/// The articles the query selects, in result order.
fn select<'a>(
    corpus: &'a Corpus,
    index: &SearchIndex,
    query: &Query,
    order: Order,
) -> Vec<&'a Article> {
    crate::search::search(index, &corpus.articles, query, order)
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

/// Whether the process was started with stdout closed (`>&-`). Rust's
/// runtime then opens /dev/null in its place, read-write, where every write
/// succeeds and the output is lost; a shell's `> /dev/null` opens it
/// write-only, so only that substitute is taken for a closed stdout.
fn stdout_was_closed() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    // SAFETY: fcntl on a descriptor number; it only reads its flags.
    let flags = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL) };
    if flags < 0 {
        return true;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    let stdout = std::io::stdout();
    let Ok(meta) = std::os::fd::AsFd::as_fd(&stdout)
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
    else {
        return false;
    };
    let null = std::fs::metadata("/dev/null");
    meta.file_type().is_char_device() && null.is_ok_and(|null| null.rdev() == meta.rdev())
}

/// Writes to stdout, treating a closed pipe (`astana list | head`) as done.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// `order`: the one `--sort` stands for when it is not given.
fn list(args: ListArgs, loader: &Loader, order: Order) -> Result<ExitCode> {
    let mut query_text = args.filter.query_string();
    if args.bookmarked {
        query_text.push_str(" is:bookmarked");
    }
    let query = parse_query(&query_text)?;
    let started = Instant::now();
    let cpu_before = cpu_time();
    let mut builder = IndexBuilder::new();
    let corpus = loader.load(&args.paths, args.all, &mut builder)?;
    let loaded = started.elapsed();
    let loaded_cpu = cpu_time().saturating_sub(cpu_before);
    let started = Instant::now();
    let mut index = loader.finish_index(builder, &corpus);
    let marks = read_marks(loader, &corpus.articles);
    for (&article, mark) in &marks {
        index.set_marks(article, mark.bookmarked, mark.note.is_some());
    }
    let indexed = started.elapsed();
    let started = Instant::now();
    let order = args.sort.map_or(order, Order::from);
    let selected = select(&corpus, &index, &query, order);
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
    let by_id = marks_by_id(&corpus.articles, &marks);
    let format = match (args.json, args.format) {
        (true, _) => ListFormat::Json,
        (false, format) => format.unwrap_or(ListFormat::Tsv),
    };
    let text = match format {
        ListFormat::Json => {
            let values: Vec<_> = selected
                .iter()
                .map(|a| output::article_json(a, false, by_id.get(&*a.id).copied()))
                .collect();
            let mut text = serde_json::to_string_pretty(&values)?;
            text.push('\n');
            text
        }
        ListFormat::Jsonl => {
            let mut text = String::new();
            for article in &selected {
                text.push_str(&serde_json::to_string(&output::article_json(
                    article,
                    false,
                    by_id.get(&*article.id).copied(),
                ))?);
                text.push('\n');
            }
            text
        }
        ListFormat::Csv => output::csv(selected.iter().copied(), for_terminal),
        ListFormat::Tsv => {
            let mut text = String::new();
            for article in &selected {
                text.push_str(&output::list_line(article, for_terminal));
                text.push('\n');
            }
            text
        }
    };
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
    // Any copy can be shown by its id.
    let corpus = loader.load(&args.paths, true, &mut ())?;
    let article = by_id(&corpus.articles, &args.id)?;
    let marks = read_marks(loader, std::slice::from_ref(article));
    let mark = marks.get(&0);
    if args.json {
        let mut value = output::article_json(article, true, mark);
        let statements = loader
            .extractor
            .statements(&article.text, &article.extraction);
        value["statements"] = output::statements_json(article, &statements);
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        print(&text)?;
    } else {
        print(&output::show_text(
            article,
            mark,
            std::io::stdout().is_terminal(),
        ))?;
    }
    leave_for_exit(corpus);
    Ok(ExitCode::SUCCESS)
}

fn facets(args: FacetsArgs, loader: &Loader) -> Result<ExitCode> {
    let query = parse_query(&args.filter.query_string())?;
    let mut builder = IndexBuilder::new();
    let corpus = loader.load(&args.paths, args.all, &mut builder)?;
    let index = loader.finish_index(builder, &corpus);
    let selected = select(&corpus, &index, &query, Order::Relevance);
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
    let corpus = loader.load(&args.paths, false, &mut builder)?;
    let index = loader.finish_index(builder, &corpus);
    let selected = select(&corpus, &index, &query, args.sort.into());
    let for_terminal = std::io::stdout().is_terminal();
    let format = match (args.json, args.format) {
        (true, _) => ListFormat::Json,
        (false, format) => format.unwrap_or(ListFormat::Tsv),
    };
    let found: Vec<(&Article, Vec<crate::extract::Statement>)> = selected
        .iter()
        .map(|a| (*a, extractor.statements(&a.text, &a.extraction)))
        .collect();
    let any = found.iter().any(|(_, s)| !s.is_empty());
    let values = || {
        found
            .iter()
            .filter_map(|(a, s)| match output::statements_json(a, s) {
                serde_json::Value::Array(list) => Some(list),
                _ => None,
            })
            .flatten()
    };
    let text = match format {
        ListFormat::Json => serde_json::to_string_pretty(&values().collect::<Vec<_>>())? + "\n",
        ListFormat::Jsonl => values().map(|v| v.to_string() + "\n").collect(),
        ListFormat::Csv => {
            output::statements_csv(found.iter().map(|(a, s)| (*a, s.as_slice())), for_terminal)
        }
        ListFormat::Tsv => found
            .iter()
            .flat_map(|(a, s)| s.iter().map(move |st| (*a, st)))
            .map(|(a, st)| output::statement_line(a, st, for_terminal) + "\n")
            .collect(),
    };
    print(&text)?;
    drop(found);
    drop(selected);
    leave_for_exit((corpus, index));
    Ok(matched(any))
}

fn explore(
    args: ExploreArgs,
    load: LoadOptions,
    archive: Option<PathBuf>,
    extractor: Option<Extractor>,
    config: Config,
) -> Result<ExitCode> {
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
    let print_id = args.print || args.print0;
    if !print_id && !std::io::stdout().is_terminal() {
        bail!("the explorer needs a terminal; try 'astana list'");
    }
    // A dumb terminal has no cursor movement, alternate screen or colours
    // to draw with: refused, rather than drawn as garbage.
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        bail!("the explorer cannot draw on TERM=dumb; try 'astana list' or set TERM");
    }
    let initial_query = args.query.unwrap_or_default();
    parse_query(&initial_query)?;
    let env_bidi = std::env::var("ASTANA_BIDI").ok();
    let (bidi, _) = config
        .bidi_choice(args.bidi, env_bidi.as_deref())
        .map_err(anyhow::Error::msg)?;
    let (color, _) = config.color_choice(args.color);
    let no_color = std::env::var("NO_COLOR").ok();
    let options = RunOptions {
        paths: args.paths.clone(),
        load,
        archive,
        all: args.all,
        bidi,
        color: color.wants_color(no_color.as_deref()),
        print_on_enter: print_id,
        initial_query,
        keymap: config.keymap,
        palette: config.palette,
        order: config.sort.map(|s| s.value).unwrap_or_default(),
        marks: crate::marks::location(None),
    };
    match crate::tui::run::run(options, extractor) {
        Ok(Outcome::Print(id)) => {
            let id = if std::io::stdout().is_terminal() {
                crate::text::sanitize::visible(&id).into_owned()
            } else {
                id
            };
            let end = if args.print0 { '\0' } else { '\n' };
            print(&format!("{id}{end}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(Outcome::Quit) if print_id => Ok(ExitCode::from(1)),
        Ok(Outcome::Quit) => Ok(ExitCode::SUCCESS),
        Err(RunError::NoArticles(warnings)) => {
            report_warnings(&warnings);
            Err(no_articles(&args.paths, &warnings))
        }
        Err(e) => Err(e.into()),
    }
}

/// The bookmarks and notes of these articles, by index; a store that
/// cannot be read is a warning, and no marks.
/// The marks of `articles`: from the archive's file when `loader` read
/// them from the archive, else from the state folder's store.
fn read_marks(
    loader: &Loader,
    articles: &[Article],
) -> std::collections::HashMap<usize, crate::marks::Mark> {
    let Some(path) = crate::marks::location(loader.archive_in_use.borrow().as_deref()) else {
        return Default::default();
    };
    let read = crate::marks::MarkStore::open_to_read(&path)
        .and_then(|store| store.map_or_else(|| Ok(Default::default()), |s| s.marks_of(articles)));
    read.unwrap_or_else(|e| {
        let _ = writeln!(std::io::stderr(), "astana: warning: {e}");
        Default::default()
    })
}

fn marks_by_id<'a>(
    articles: &'a [Article],
    marks: &'a std::collections::HashMap<usize, crate::marks::Mark>,
) -> std::collections::HashMap<&'a str, &'a crate::marks::Mark> {
    marks
        .iter()
        .map(|(&i, mark)| (&*articles[i].id, mark))
        .collect()
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
    let generator = crate::synth::Generator::new(&corpus::load_bundled(extractor))
        .rare_words(args.rare_words)
        .article_bytes(args.article_bytes.map(|b| b as usize));
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
        assert_eq!(cli.explore.color, Some(ColorChoice::Never));
        assert!(cli.explore.print);
        assert!(Cli::try_parse_from(["astana", "--bidi", "rtl"]).is_err());
    }
}
