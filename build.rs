//! Embeds the files of `seeds/` in the binary, so `astana` with no path
//! works from any directory, and checks the embedded data: a seed that is
//! not a UTF-8 text article, or a `data/*.toml` that is not TOML, fails the
//! build here instead of the program at run time. Also names the commit
//! built, for `astana --version`.

use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("seeds");
    println!("cargo:rerun-if-changed={}", seeds.display());
    let mut names: Vec<_> = fs::read_dir(&seeds)
        .expect("seeds/ is part of the repository")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let mut out = String::from("pub static SEEDS: &[(&str, &[u8])] = &[\n");
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        check_seed(&path);
        let name = path.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            name,
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("seeds.rs");
    fs::write(dest, out).unwrap();
    check_toml(&root.join("data"));
    println!("cargo:rustc-env=ASTANA_COMMIT={}", commit(root));
}

/// The commit checked out (`git rev-parse --short HEAD`), or "unknown"
/// outside a git repository or without git: never a build failure. Cargo
/// runs this again when HEAD moves: a commit on the branch changes the
/// branch's ref file (or packed-refs), a checkout changes HEAD.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    // A worktree's `.git` is a file; `--git-path` finds HEAD and the refs
    // wherever they are.
    if !root.join(".git").exists() {
        return "unknown".to_string();
    }
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.into_iter().flatten() {
        let path = root.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_string())
}

/// A seed is read as a `.txt` article: UTF-8, with a first line to title it.
fn check_seed(path: &Path) {
    let shown = path.display();
    if path.extension().and_then(|e| e.to_str()) != Some("txt") {
        panic!("{shown}: a seed is a .txt article");
    }
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let text = String::from_utf8(bytes).unwrap_or_else(|e| {
        let at = e.utf8_error().valid_up_to();
        panic!("{shown}: invalid UTF-8 at byte {at}")
    });
    if text.trim().is_empty() || text.contains('\0') {
        panic!("{shown}: a seed must be a non-empty text");
    }
}

/// Every `data/*.toml` parses as TOML (its fields are checked by the
/// tests of the module that reads it).
fn check_toml(data: &Path) {
    println!("cargo:rerun-if-changed={}", data.display());
    let mut files: Vec<_> = fs::read_dir(data)
        .expect("data/ is part of the repository")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Err(e) = text.parse::<toml::Table>() {
            panic!("{}: not valid TOML: {e}", path.display());
        }
    }
}
