#!/bin/bash
# Submits a sharded mirrorsim sweep to Slurm: a job array of SHARDS tasks (one shard each), then a merge job
# that starts once every task exited 0 (afterok: the tasks exit 0 also when their runs found violations).
#
# Usage: examples/cluster/slurm/submit.sh SCENARIO SEEDS SHARDS OUT [VARIANTS]
#   examples/cluster/slurm/submit.sh default 1..40 4 /shared/mirrorsim/default \
#     addressing=shared-range,addressing=system-unique
# OUT must be on a file system every node sees; it gets shard-0 .. shard-(SHARDS-1), all (the merged report)
# and logs. Environment (all optional):
#   CPUS_PER_TASK  CPUs per array task, and so worker threads per shard (default 1)
#   MIRRORSIM      the mirrorsim command line, split at spaces (default: node <this repository>/sim/cli/mirrorsim.mjs)
#   SBATCH_ARGS    more sbatch options for both jobs, split at spaces (e.g. "--partition=batch --time=2:00:00")
# Prints "array job ID" and "merge job ID".
set -euo pipefail

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
  echo "usage: $0 SCENARIO SEEDS SHARDS OUT [VARIANTS]" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repository=$(cd "$here/../../.." && pwd)
export SCENARIO=$1 SEEDS=$2 SHARDS=$3 VARIANTS=${5:-}
OUT=$(realpath -m "$4")
export OUT
export MIRRORSIM=${MIRRORSIM:-node $repository/sim/cli/mirrorsim.mjs}
cpus=${CPUS_PER_TASK:-1}
if ! [[ $SHARDS =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: SHARDS: got \"$SHARDS\", expected a whole number of at least 1" >&2
  exit 2
fi
read -r -a extra <<< "${SBATCH_ARGS:-}"
mkdir -p "$OUT/logs"

# Each task: sweep --shard $SLURM_ARRAY_TASK_ID/$SHARDS --workers $SLURM_CPUS_PER_TASK --exit-zero-on-violations.
array=$(sbatch --parsable --job-name=mirrorsim-shard --array="0-$((SHARDS - 1))" --cpus-per-task="$cpus" \
  --chdir="$repository" --output="$OUT/logs/shard-%a.out" --export=ALL "${extra[@]}" "$here/sweep-shard.sbatch")
array=${array%%;*}   # --parsable prints "ID" or "ID;CLUSTER"
# afterok: the merge starts when every task exited 0; if one fails (bad input 2, internal error 3, stopped
# 130/143, cancelled, out of time), the dependency can never be met and --kill-on-invalid-dep cancels the merge
# instead of leaving it pending (DependencyNeverSatisfied) for ever.
merge=$(sbatch --parsable --job-name=mirrorsim-merge --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --cpus-per-task=1 --chdir="$repository" --output="$OUT/logs/merge.out" --export=ALL "${extra[@]}" \
  "$here/merge.sbatch")
merge=${merge%%;*}
echo "array job $array"
echo "merge job $merge"
