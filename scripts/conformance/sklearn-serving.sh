#!/usr/bin/env bash
# scikit-learn end to end on a fresh ModelArts Local: a training job fits an iris classifier, the package is imported
# as a Scikit_Learn model, deployed and asked for predictions (examples/serving/sklearn/sklearn-serving.ts, which
# fails unless the three species come back right). Needs an interpreter with scikit-learn: Debian's python3-sklearn
# (`apt-get install -y python3-sklearn`), or SKLEARN_PYTHON. Run from the repository root after `npm run build`.
set -euo pipefail

PY=${SKLEARN_PYTHON:-/usr/bin/python3}
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
"$PY" -c 'import sklearn, joblib' 2>/dev/null || { echo "missing scikit-learn for $PY (apt-get install -y python3-sklearn)"; exit 1; }

work=$(mktemp -d)
platform_pid=
cleanup() {
  [ -n "$platform_pid" ] && kill "$platform_pid" 2>/dev/null && wait "$platform_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The engine of the training job and the model type of the service run with the scikit-learn interpreter.
export MODELARTS_LOCAL_ENGINE_INTERPRETERS="{\"XGBoost-Sklearn\":\"$PY\",\"Scikit_Learn\":\"$PY\"}"
node packages/cli/dist/bin.js --json local start --port 0 --data-dir "$work/data" > "$work/start.json" 2> "$work/platform.log" &
platform_pid=$!
for _ in $(seq 1 100); do [ -s "$work/start.json" ] && break; sleep 0.1; done
[ -s "$work/start.json" ] || { echo "ModelArts Local did not start:"; cat "$work/platform.log"; exit 1; }
echo "ModelArts Local at $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).endpoint)' "$work/start.json")"

# The example finds the platform running on this data dir (Session.local()).
if ! MODELARTS_LOCAL_DATA_DIR="$work/data" node examples/dist/serving/sklearn/sklearn-serving.js; then
  echo "sklearn serving failed; platform log:"
  tail -50 "$work/platform.log"
  exit 1
fi
echo "sklearn serving: OK"
