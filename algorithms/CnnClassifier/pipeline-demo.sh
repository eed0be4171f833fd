#!/usr/bin/env bash
# The pipeline demo in one command: `reservoir local` generates the demo observations and runs energy detection
# on each, then cnn-classifier (shipped stamp model: noise / narrowband / broadband) classifies every
# observation's hits. Results: reservoir-demo/results/<observation>/{energy-detection,cnn-classifier}/ in the
# current folder. Arguments go to `reservoir local` (e.g. --count 2). CONFIGURATION=Debug reuses a Debug build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
configuration="${CONFIGURATION:-Release}"
dotnet build -c "$configuration" "$root/cli/Reservoir.Cli/Reservoir.Cli.csproj" -v quiet -nologo
dotnet build -c "$configuration" "$root/algorithms/CnnClassifier/Reservoir.Algorithms.CnnClassifier.csproj" -v quiet -nologo
reservoir=(dotnet "$root/cli/Reservoir.Cli/bin/$configuration/net10.0/reservoir.dll")
# The classifier is not bundled with the CLI (libtorch is ~480 MB): its build output is its plugins folder.
classifier_plugins="$root/algorithms/CnnClassifier/bin/$configuration/net10.0"

"${reservoir[@]}" local "$@"
for observation in reservoir-demo/observations/demo-*.h5; do
  id="$(basename "$observation" .h5)"
  "${reservoir[@]}" run --plugins "$classifier_plugins" --algorithm cnn-classifier --input "$observation" \
    --output reservoir-demo/results --param "items=reservoir-demo/results/$id/energy-detection"
  echo "$id: $(tail -n +2 "reservoir-demo/results/$id/cnn-classifier/info_df.csv" | cut -d, -f5 | sort | uniq -c | tr '\n' ' ')"
done
echo "classified hits: reservoir-demo/results/<observation>/cnn-classifier/info_df.csv (reservoir web reservoir-demo/results shows them)"
