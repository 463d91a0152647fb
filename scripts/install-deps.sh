#!/usr/bin/env bash
# Install the system packages evermed-ops needs to build, test, benchmark and demo (Debian/Ubuntu).
# Quick no-op when everything is present; otherwise `apt-get update` then install only what is missing.
set -euo pipefail

packages=(
    pkg-config libedit-dev libcurl4-openssl-dev libpq-dev   # C libraries the Swift package links
    libcmark-gfm-dev libcmark-gfm-extensions-dev            # markdown SOPs (cmark-gfm with task lists)
    postgresql postgresql-contrib                            # throwaway clusters for tests/bench/demo
    time jq tmux                                             # /usr/bin/time (peak RSS), JSON in bench, console tests
    git ca-certificates                                      # SwiftPM fetches dependencies with git over https
    python3                                                  # the scripted OpenAI-compatible server the LLM tests talk to
)

missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: missing packages (${missing[*]}) and no apt-get; install them by hand" >&2
    exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
