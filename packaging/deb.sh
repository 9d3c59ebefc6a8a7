#!/bin/sh
# Builds the Debian package of astana: the binary, its manual page and the
# bash, zsh and fish completions, in target/debian/astana_VERSION_ARCH.deb.
#
#   cargo install cargo-deb    # once
#   packaging/deb.sh           # then: sudo apt install ./target/debian/astana_*.deb
#
# cargo deb packs files that exist, so the manual page and the completion
# scripts are first made by the binary just built (`astana man`,
# `astana completions SHELL`) into target/packaging/, where
# [package.metadata.deb] in Cargo.toml finds them. Arguments go to cargo deb
# (e.g. --output DIR). ASTANA_PROFILE=dev packs a debug build;
# ASTANA_NO_BUILD=1 packs the binary already built (the test does both).
set -eu
cd "$(dirname "$0")/.."
if ! command -v cargo-deb >/dev/null 2>&1; then
    echo "deb.sh: cargo-deb is needed: cargo install cargo-deb" >&2
    exit 1
fi
profile=${ASTANA_PROFILE:-release}
case $profile in
    dev) built=debug ;;
    *) built=$profile ;;
esac
if [ -z "${ASTANA_NO_BUILD:-}" ]; then
    cargo build --locked --profile "$profile"
fi
bin=${CARGO_TARGET_DIR:-target}/$built/astana
out=target/packaging
rm -rf "$out"
mkdir -p "$out/completions"
# The standard keys in the manual page, whatever the packager's own
# configuration says (/dev/null: an empty configuration).
"$bin" --config /dev/null man > "$out/astana.1"
"$bin" completions bash > "$out/completions/astana"
"$bin" completions zsh > "$out/completions/_astana"
"$bin" completions fish > "$out/completions/astana.fish"
exec cargo deb --no-build --profile "$profile" "$@"
