#!/usr/bin/env bash
# Renders the demo reports to PNG pages so you can look at them (needs poppler-utils):
#   raporty/podglad/<report>-<page>.png, and the first pages, small, into docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install poppler-utils" >&2; exit 1; }
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1672531200}"
node bin/pal-report.js report progress --project fixtures/klobuck --period 2022-Q2 --as-of 2023-06-30 --formats pdf --out raporty >/dev/null
node bin/pal-report.js report final --project fixtures/klobuck --as-of 2023-06-30 --formats pdf --out raporty >/dev/null
mkdir -p raporty/podglad docs
for pdf in raporty/raport-okresowy-2022-Q2.pdf raporty/raport-koncowy.pdf; do
  base="$(basename "$pdf" .pdf)"
  pdftoppm -png -r 60 "$pdf" "raporty/podglad/$base"
  pdftoppm -png -r 45 -f 1 -l 1 -singlefile "$pdf" "docs/$base-strona-1"
  echo "raporty/podglad/$base-*.png"
done
echo "docs/raport-okresowy-2022-Q2-strona-1.png docs/raport-koncowy-strona-1.png"
