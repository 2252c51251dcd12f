#!/usr/bin/env bash
# Round-trips a folder through a fresh ModelArts Local with real third-party S3 clients (Debian's awscli, rclone,
# s3cmd) and compares the sha256 of every file. Run from the repository root after `npm run build`.
set -euo pipefail

AWS=${AWS:-/usr/bin/aws}
RCLONE=${RCLONE:-rclone}
# rclone's S3 backend refuses AWS_CA_BUNDLE with its own HTTP transport; the endpoint is plain http anyway.
rclone_() { env -u AWS_CA_BUNDLE "$RCLONE" "$@"; }
S3CMD=${S3CMD:-s3cmd}
for tool in "$AWS" "$RCLONE" "$S3CMD"; do command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install awscli rclone s3cmd)"; exit 1; }; done

work=$(mktemp -d)
platform_pid=
cleanup() {
  [ -n "$platform_pid" ] && kill "$platform_pid" 2>/dev/null && wait "$platform_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

node packages/cli/dist/bin.js --json local start --port 0 --data-dir "$work/data" > "$work/start.json" 2> "$work/platform.log" &
platform_pid=$!
for _ in $(seq 1 100); do [ -s "$work/start.json" ] && break; sleep 0.1; done
endpoint=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).endpoint)' "$work/start.json")
creds=$(node packages/cli/dist/bin.js --json local credentials --data-dir "$work/data")
ak=$(node -e 'console.log(JSON.parse(process.argv[1]).access_key)' "$creds")
sk=$(node -e 'console.log(JSON.parse(process.argv[1]).secret_key)' "$creds")
hostport=${endpoint#http://}
echo "ModelArts Local at $endpoint"

# A folder with nested dirs, an empty file, odd names and one file large enough for multipart uploads (> 8 MiB).
src="$work/src"
mkdir -p "$src/a/b/c" "$src/with space" "$src/unicodé"
for i in $(seq 1 40); do head -c $((i * 997)) /dev/urandom > "$src/a/file-$i.bin"; done
for i in $(seq 1 10); do echo "line $i" > "$src/a/b/c/n$i.txt"; done
: > "$src/empty.txt"
echo "spaces" > "$src/with space/x y.txt"
echo "accent" > "$src/unicodé/é.txt"
head -c $((24 * 1024 * 1024 + 123)) /dev/urandom > "$src/big.bin"

sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
compare() {
  if diff <(sums "$src") <(sums "$1") > "$work/diff.txt"; then echo "  ok: $2 round trip, $(sums "$1" | wc -l) files identical"
  else echo "  FAIL: $2 round trip differs:"; cat "$work/diff.txt"; exit 1; fi
}

export AWS_ACCESS_KEY_ID=$ak AWS_SECRET_ACCESS_KEY=$sk AWS_DEFAULT_REGION=cn-north-4 AWS_EC2_METADATA_DISABLED=true
echo "== aws CLI $("$AWS" --version 2>&1 | cut -d' ' -f1)"
"$AWS" --endpoint-url "$endpoint" s3 mb s3://conformance
"$AWS" --endpoint-url "$endpoint" s3 sync "$src" s3://conformance/aws/ --only-show-errors
"$AWS" --endpoint-url "$endpoint" s3 cp --recursive s3://conformance/aws/ "$work/out-aws" --only-show-errors
compare "$work/out-aws" "aws s3 sync + cp --recursive"
# A second sync uploads nothing: sizes and times of the listing match.
test -z "$("$AWS" --endpoint-url "$endpoint" s3 sync "$src" s3://conformance/aws/ --dryrun)" && echo "  ok: second aws s3 sync is a no-op"

echo "== rclone $(rclone_ version | head -1)"
export RCLONE_CONFIG_MA_TYPE=s3 RCLONE_CONFIG_MA_PROVIDER=Other RCLONE_CONFIG_MA_ENDPOINT=$endpoint \
  RCLONE_CONFIG_MA_ACCESS_KEY_ID=$ak RCLONE_CONFIG_MA_SECRET_ACCESS_KEY=$sk RCLONE_CONFIG_MA_REGION=cn-north-4 \
  RCLONE_CONFIG_MA_FORCE_PATH_STYLE=true
rclone_ --config /dev/null sync "$src" ma:conformance/rclone
rclone_ --config /dev/null check "$src" ma:conformance/rclone
rclone_ --config /dev/null sync ma:conformance/rclone "$work/out-rclone"
compare "$work/out-rclone" "rclone sync + check"

echo "== s3cmd $("$S3CMD" --version)"
s3() { "$S3CMD" --no-ssl --host="$hostport" --host-bucket="$hostport" --access_key="$ak" --secret_key="$sk" --region=cn-north-4 --no-progress "$@"; }
s3 sync "$src/" s3://conformance/s3cmd/ > /dev/null
s3 sync s3://conformance/s3cmd/ "$work/out-s3cmd/" > /dev/null
compare "$work/out-s3cmd" "s3cmd sync"

echo "all third-party S3 clients round-tripped the folder byte for byte"
