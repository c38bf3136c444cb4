#!/usr/bin/env bash
# Make sure the system tools for building the handbook exist (Debian/Ubuntu), then
# install the Node tools (mermaid-cli) from package-lock.json. Idempotent.
#
#   tools/setup-system.sh html   chromium + node/npm (mermaid diagrams are rendered by mmdc)
#   tools/setup-system.sh pdf    html + the PDF's fonts (Typst is a Python package: no TeX Live)
#   tools/setup-system.sh latex  pdf + TeX Live, ImageMagick, poppler (Sphinx's own LaTeX PDF: ./dev -e latexpdf)
#   tools/setup-system.sh test   pdf + poppler, Java and epubcheck (./dev test: the tests read the PDFs and EPUBs)
#   tools/setup-system.sh full   test + TeX Live (./dev -e tests-latex and -e validate: Sphinx's LaTeX PDF too)
set -euo pipefail
cd "$(dirname "$0")/.."

set_name=${1:-}
html_pkgs=(chromium)
# Another browser chosen via PUPPETEER_EXECUTABLE_PATH replaces Debian's chromium.
[[ -n ${PUPPETEER_EXECUTABLE_PATH:-} && -x ${PUPPETEER_EXECUTABLE_PATH} ]] && html_pkgs=()
# The share cards' fonts, and libfribidi, which Pillow's libraqm loads to lay out
# right-to-left titles (extensions/handbook/web/share_cards.py).
card_pkgs=(fonts-freefont-otf fonts-noto-cjk libfribidi0)
html_pkgs+=("${card_pkgs[@]}")
# The PDF's fonts (extensions/handbook/pdf/typst/fonts.py): Latin, CJK, emoji.
font_pkgs=(fonts-freefont-otf fonts-noto-cjk fonts-noto-color-emoji)
tex_pkgs=(latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
          tex-gyre texlive-luatex imagemagick poppler-utils)
test_pkgs=(poppler-utils default-jre-headless epubcheck)
case "$set_name" in
  html) wanted=("${html_pkgs[@]}") ;;
  pdf) wanted=("${html_pkgs[@]}" "${font_pkgs[@]}") ;;
  latex) wanted=("${html_pkgs[@]}" "${font_pkgs[@]}" "${tex_pkgs[@]}") ;;
  test) wanted=("${html_pkgs[@]}" "${font_pkgs[@]}" "${test_pkgs[@]}") ;;
  full) wanted=("${html_pkgs[@]}" "${font_pkgs[@]}" "${test_pkgs[@]}" "${tex_pkgs[@]}") ;;
  *) echo "usage: $0 html|pdf|latex|test|full" >&2; exit 2 ;;
esac

# node may come from elsewhere (NodeSource, nvm): only ask Debian for it when it is missing.
# (NodeSource's nodejs bundles npm and conflicts with Debian's npm package.)
command -v node >/dev/null || wanted+=(nodejs npm)

if ((${#wanted[@]} == 0)); then
  :
elif ! command -v dpkg-query >/dev/null; then
  echo "setup-system: not a Debian system; make sure these (or equivalents) exist: ${wanted[*]}" >&2
else
  # One dpkg-query for all packages (fast); unknown packages print nothing on stdout.
  # (dpkg-query exits 1 when a package is unknown, hence the `|| true`.)
  installed=$( (dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true) |
              awk '$2 == "installed" {print $1}')
  missing=()
  for p in "${wanted[@]}"; do
    grep -qxF "$p" <<<"$installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    if ((EUID != 0)); then
      echo "setup-system: missing system packages. Run:" >&2
      echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive" \
           "apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
    echo "setup-system: installing ${missing[*]}"
    # Lock timeout: wait for a concurrent apt/dpkg run instead of failing at once.
    apt-get -o DPkg::Lock::Timeout=600 -q update
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q \
      install -y --no-install-recommends "${missing[@]}"
  fi
fi

if ! command -v npm >/dev/null; then
  echo "setup-system: node is installed but npm is missing; install npm" >&2
  exit 1
fi

# npm ci wipes and reinstalls node_modules; it writes node_modules/.package-lock.json,
# which serves as the "installed from this lock" stamp.
if [[ ! -f node_modules/.package-lock.json || node_modules/.package-lock.json -ot package-lock.json ]]; then
  echo "setup-system: npm ci (mermaid-cli)"
  # Puppeteer must not download Chrome: mmdc drives the system chromium
  # (conf.py sets PUPPETEER_EXECUTABLE_PATH).
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
