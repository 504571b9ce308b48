#!/usr/bin/env bash
# The test suite's time with N synthetic pages added (docs/performance.md): a scratch clone of
# this checkout's HEAD, the bench's page generator (bench/bench.py write_site) writing N pages
# into its content/, then the whole suite there. Not part of make test.
#   bash scripts/suite_with_pages.sh 100
set -euo pipefail
pages=${1:-100}
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/suite-pages-XXXXXX)
git clone -q "$here" "$scratch/main"
ln -s "$here/.venv" "$scratch/main/.venv"
ln -s "$here/node_modules" "$scratch/main/node_modules"
# The clone's files are newer than the set-up markers: mark the shared set-up current, so the
# tests that run make (make live-check) do not try to make a new .venv through the link.
touch "$here/.venv/.installed" "$here/.venv/.installed-dev" "$here/node_modules/.installed"
[ -e "$here/../shared" ] && ln -s "$(cd "$here/../shared" && pwd)" "$scratch/shared"
"$here/.venv/bin/python" - "$scratch" "$pages" <<'PY'
import shutil, sys
from pathlib import Path
scratch, pages = Path(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, str(scratch / "main" / "bench"))
sys.path.insert(0, str(scratch / "main" / "scripts"))
import bench
bench.write_site(scratch / "generated", pages)
for page in (scratch / "generated" / "ours" / "content").rglob("page-*.md"):
    target = scratch / "main" / "content" / page.parent.name / page.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(page, target)
print(f"{pages} synthetic pages added to {scratch}/main/content")
PY
cd "$scratch/main"
start=$(date +%s)
.venv/bin/python -m pytest -q -n "${TEST_WORKERS:-2}" -p no:cacheprovider || true
echo "whole suite with $pages synthetic pages: $(( $(date +%s) - start )) s (scratch copy: $scratch)"
