#!/usr/bin/env bash
# Installs the Debian 12 packages evt needs that are missing, and nothing else.
# Usage: scripts/install-deps.sh [build|test|fuzz|bench ...]   (default: build)
# Root runs apt-get; anyone else runs sudo apt-get; with neither, it says what
# to install and fails. With CI=true (or no terminal) it never prompts.
set -euo pipefail

build_pkgs=(cmake ninja-build g++ pkg-config libcli11-dev libcurl4-openssl-dev libsimdjson-dev
            libsqlite3-dev liblua5.4-dev catch2 libssl-dev libc-ares-dev libgumbo-dev libhowardhinnant-date-dev tzdata libsystemd-dev
            libmicrohttpd-dev libgnutls28-dev nettle-dev libzstd-dev libpq-dev)
# zsh/fish/groff check the generated completions and man pages; jq is a
# reference peer in tests and benchmarks; clang-14 proves the tree builds
# warning-free with both compilers.
# python3-jwt (PyJWT) with python3-cryptography is evt-token's interop peer.
# systemd brings systemd-analyze, which checks the installed units.
# perl (with its modules, Time::Local) normalises the golden outputs.
# wrk is evt-load's closed-loop peer (the coordinated-omission test);
# hey is the closed-loop peer there that applies no correction of its own;
# strace proves evt-load refuses an unlisted target before any connect();
# nodejs/npm run npm's hdr-histogram-js, the histogram's oracle.
# haproxy (2.6) is the proxy evt-failover steers through its runtime API.
# swift-* (OpenStack Swift with s3api) is the S3 store evt-outbox's s3
# destination is tested against: it checks SigV4 signatures and payload
# hashes; s3cmd reads back what evt-outbox wrote.
test_pkgs=(jq perl zsh fish groff-base man-db systemd clang-14 procps curl openssl python3 nginx-light haproxy dnsmasq-base nftables iproute2 nut-server sqlite3 prometheus-node-exporter prometheus python3-jwt python3-cryptography oathtool wrk hey strace nodejs tmux chromium python3-jsonschema prometheus-alertmanager python3-prometheus-client swift-proxy swift-object swift-container swift-account s3cmd r-base-core postgresql-15)
# libFuzzer and the sanitizer runtimes are only "recommended" by clang, so
# they must be named.
fuzz_pkgs=(clang-14 libclang-rt-14-dev)
bench_pkgs=(jq curl nginx-light haproxy openssl python3-prometheus-client time sqlite3 valgrind universal-ctags wrk hey nodejs golang-go golang-github-prometheus-common-dev)

wanted=("${build_pkgs[@]}")
for set in "${@:-build}"; do
  case "$set" in
    build) ;;
    test) wanted+=("${test_pkgs[@]}") ;;
    fuzz) wanted+=("${fuzz_pkgs[@]}") ;;
    bench) wanted+=("${bench_pkgs[@]}") ;;
    *) echo "install-deps: unknown package set '$set' (build, test, fuzz, bench)" >&2; exit 2 ;;
  esac
done

# Debian's nodejs lacks npm (a package of its own); NodeSource's has it.
# npm packages the test and bench sets need, under EVT_NODE_PREFIX (tests
# and benches look there: NODE_PATH=$EVT_NODE_PREFIX/node_modules).
node_wanted=()
for set in "${@:-build}"; do
  case "$set" in
    test) node_wanted+=(hdr-histogram-js@3.0.0) ;;
    bench) node_wanted+=(autocannon@7.15.0) ;;
  esac
done
EVT_NODE_PREFIX=${EVT_NODE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/evt/node}
install_node_packages() {
  local missing_node=() spec
  for spec in "${node_wanted[@]}"; do
    [[ -d "$EVT_NODE_PREFIX/node_modules/${spec%@*}" ]] || missing_node+=("$spec")
  done
  [[ ${#missing_node[@]} -eq 0 ]] && return 0
  mkdir -p "$EVT_NODE_PREFIX"
  npm install --silent --no-audit --no-fund --prefix "$EVT_NODE_PREFIX" "${missing_node[@]}" >/dev/null
}

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# NodeSource's nodejs carries its own npm and conflicts with Debian's.
if [[ ${#node_wanted[@]} -gt 0 ]] && ! command -v npm >/dev/null; then missing+=(npm); fi
if [[ ${#missing[@]} -eq 0 ]]; then
  install_node_packages
  exit 0
fi
# Deduplicate while keeping the order.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')

if [[ $(id -u) -eq 0 ]]; then
  apt=(apt-get)
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  apt=(sudo apt-get)
elif command -v sudo >/dev/null && [[ -t 0 && "${CI:-}" != true ]]; then
  apt=(sudo apt-get)
else
  echo "install-deps: missing Debian packages: ${missing[*]}" >&2
  echo "install-deps: not root and sudo is unavailable; run: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_node_packages
