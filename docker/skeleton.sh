#!/bin/sh
# Copies the workspace's manifests and lockfile from SRC into OUT with stub sources (empty
# libraries, empty `fn main`s, empty build scripts), so that a Docker layer can build every
# dependency from Cargo.toml + Cargo.lock alone. Any number of workspace members works: every
# Cargo.toml below SRC is found. Used by docker/Dockerfile; no cargo-chef needed.
set -eu
SRC=$1
OUT=$2
cd "$SRC"
mkdir -p "$OUT"
cp Cargo.lock "$OUT/Cargo.lock"
for extra in rust-toolchain rust-toolchain.toml .cargo/config.toml; do
  if [ -f "$extra" ]; then mkdir -p "$OUT/$(dirname "$extra")"; cp "$extra" "$OUT/$extra"; fi
done
find . -name Cargo.toml -not -path './target/*' -not -path '*/node_modules/*' | sort |
while read -r manifest; do
  dir=$(dirname "$manifest")
  mkdir -p "$OUT/$dir"
  cp "$manifest" "$OUT/$manifest"
  if [ -f "$dir/build.rs" ]; then echo 'fn main() {}' >"$OUT/$dir/build.rs"; fi
  if [ -f "$dir/src/lib.rs" ]; then mkdir -p "$OUT/$dir/src"; : >"$OUT/$dir/src/lib.rs"; fi
  # Binary targets: src/main.rs, src/bin/*.rs and any explicit `path = "….rs"`.
  {
    if [ -f "$dir/src/main.rs" ]; then echo src/main.rs; fi
    for b in "$dir"/src/bin/*.rs; do if [ -f "$b" ]; then echo "${b#"$dir"/}"; fi; done
    sed -n 's/^[[:space:]]*path[[:space:]]*=[[:space:]]*"\([^"]*\.rs\)".*/\1/p' "$manifest"
  } | sort -u | while read -r target; do
    mkdir -p "$OUT/$dir/$(dirname "$target")"
    echo 'fn main() {}' >"$OUT/$dir/$target"
  done
done
