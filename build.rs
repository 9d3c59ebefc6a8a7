//! Embeds the files of `seeds/` in the binary, so `astana` with no path
//! works from any directory.

use std::{env, fs, path::Path};

fn main() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
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
}
