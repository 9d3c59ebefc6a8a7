//! The Debian package (`packaging/deb.sh`): what it installs where. Needs
//! `cargo deb` and `dpkg-deb`; without them the test says so and passes,
//! so CI does not need them.

use std::path::Path;
use std::process::{Command, Stdio};

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn the_package_installs_the_binary_the_man_page_and_the_completions() {
    if !have("cargo-deb", "--version") || !have("dpkg-deb", "--version") {
        eprintln!("skipped: cargo-deb or dpkg-deb is not installed (cargo install cargo-deb)");
        return;
    }
    // The binary this test run built, where cargo deb looks for a release
    // build: a target folder of the test's own, so nothing is rebuilt.
    let target = tempfile::tempdir().unwrap();
    std::fs::create_dir(target.path().join("release")).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_astana"),
        target.path().join("release/astana"),
    )
    .unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let debs = target.path().join("debian");
    let out = Command::new(root.join("packaging/deb.sh"))
        .args(["--fast", "--quiet", "--output"])
        .arg(&debs)
        .env("ASTANA_NO_BUILD", "1")
        .env("CARGO_TARGET_DIR", target.path())
        .env("XDG_CONFIG_HOME", target.path())
        .output()
        .expect("run packaging/deb.sh");
    assert!(
        out.status.success(),
        "deb.sh: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deb = std::fs::read_dir(&debs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("a .deb");
    let listing = Command::new("dpkg-deb")
        .arg("-c")
        .arg(&deb)
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    for file in [
        "./usr/bin/astana",
        "./usr/share/man/man1/astana.1.gz",
        "./usr/share/bash-completion/completions/astana",
        "./usr/share/zsh/vendor-completions/_astana",
        "./usr/share/fish/vendor_completions.d/astana.fish",
    ] {
        let line = listing
            .lines()
            .find(|l| l.ends_with(&format!(" {file}")))
            .unwrap_or_else(|| panic!("the package lacks {file}:\n{listing}"));
        let mode = if file.contains("/bin/") {
            "-rwxr-xr-x"
        } else {
            "-rw-r--r--"
        };
        assert!(line.starts_with(mode), "{line}");
    }
    // The page in the package is the one `astana man` prints.
    let extracted = tempfile::tempdir().unwrap();
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(extracted.path())
        .status()
        .unwrap();
    assert!(status.success());
    let gz = std::fs::read(extracted.path().join("usr/share/man/man1/astana.1.gz")).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut text).unwrap();
    assert!(text.contains(".SH KEYS") && text.contains(".SH \"FILTER LANGUAGE\""));
}
