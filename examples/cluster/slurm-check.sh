#!/bin/bash
# Tests the Slurm recipe on a real single-node Slurm: installs Slurm with apt when missing (Debian slurm-wlm and
# munge, a localhost slurm.conf with 2 CPUs), runs a whole sweep whose variants find violations, runs the same
# sweep through examples/cluster/slurm/submit.sh (a job array of shards, then the merge chained afterok),
# and compares the merged files with the whole sweep's byte for byte.
#
# Usage (as root, by hand or `npm run bench:cluster`): examples/cluster/slurm-check.sh [--keep]
#   SCENARIO (default default), SEEDS (1..40), VARIANTS (addressing=shared-range,addressing=system-unique),
#   SHARDS (4), CPUS_PER_TASK (1), WORK (a new temporary directory; it must be one Slurm can write to).
# Exit 0 when every array task and the merge end COMPLETED with exit 0 and every file is the same, else 1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repository=$(cd "$here/../.." && pwd)
SCENARIO=${SCENARIO:-default}
SEEDS=${SEEDS:-1..40}
VARIANTS=${VARIANTS:-addressing=shared-range,addressing=system-unique}
SHARDS=${SHARDS:-4}
export CPUS_PER_TASK=${CPUS_PER_TASK:-1}
keep=false
if [ "${1:-}" = --keep ]; then keep=true; fi
# A marker in the slurm.conf this script writes: it rewrites only its own file, never a site's.
marker='# written by mirrorsim examples/cluster/slurm-check.sh'
node_name=$(hostname -s)
say() { printf 'slurm-check: %s\n' "$*"; }
fail() { printf 'slurm-check: FAIL: %s\n' "$*" >&2; exit 1; }

slurm_answers() { timeout 10 sinfo --noheader >/dev/null 2>&1; }

install_slurm() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then return; fi
  [ "$(id -u)" = 0 ] || fail "Slurm is not installed and installing it needs root (apt-get install slurm-wlm munge)"
  say "installing slurm-wlm and munge with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
}

write_config() {
  local conf=/etc/slurm/slurm.conf
  if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
    fail "$conf exists and is not this script's: start that Slurm yourself, or move the file away"
  fi
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  # One node, this host, 2 CPUs; no cgroups (containers), no accounting; finished jobs stay visible
  # to scontrol for an hour (MinJobAge), which is how the states are read.
  cat > "$conf" <<EOF
$marker
ClusterName=mirrorsim-check
SlurmctldHost=$node_name(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MinJobAge=3600
KillWait=30
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$node_name NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=check Nodes=$node_name Default=YES MaxTime=INFINITE State=UP
EOF
}

start_slurm() {
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating a munge key"
    mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  mkdir -p /run/munge && chown munge:munge /run/munge
  if ! munge -n </dev/null >/dev/null 2>&1; then
    say "starting munged"
    runuser -u munge -- /usr/sbin/munged
  fi
  pgrep -x slurmctld >/dev/null || { say "starting slurmctld"; slurmctld; }
  pgrep -x slurmd >/dev/null || { say "starting slurmd"; slurmd; }
  for _ in $(seq 60); do
    if slurm_answers && sinfo --noheader -o '%t' | grep -qE '^(idle|mix|alloc)'; then return; fi
    scontrol update nodename="$node_name" state=resume >/dev/null 2>&1 || true
    sleep 1
  done
  fail "Slurm did not come up: see /var/log/slurm/slurmctld.log and slurmd.log"
}

if slurm_answers; then
  say "using the running Slurm"
else
  install_slurm
  write_config
  start_slurm
fi
say "$(sinfo --version), node: $(sinfo --noheader -o '%N %c CPUs %t')"

WORK=${WORK:-$(mktemp -d /tmp/mirrorsim-slurm-check.XXXXXX)}
mkdir -p "$WORK"
$keep || trap 'rm -rf "$WORK"' EXIT
mirrorsim="node $repository/sim/cli/mirrorsim.mjs"

# The whole sweep, in one process, 2 workers: its exit status must be 1 (its runs break invariants), which is
# what would mark a Slurm task FAILED without --exit-zero-on-violations.
say "whole sweep: $SCENARIO --seeds $SEEDS --variants $VARIANTS"
start=$(date +%s)
set +e
nice -n 10 $mirrorsim sweep "$SCENARIO" --seeds "$SEEDS" --variants "$VARIANTS" --workers 2 \
  --report "$WORK/whole" > "$WORK/whole.out" 2>&1
status=$?
set -e
whole_s=$(( $(date +%s) - start ))
[ "$status" = 1 ] || fail "the whole sweep exited $status, expected 1 (runs that break invariants): $WORK/whole.out"
say "whole sweep: exit 1 (violations found) in ${whole_s}s"

# The recipe as written, with the OS nice level of this shared machine as the only change.
say "submitting $SHARDS shards, $CPUS_PER_TASK CPU(s) each, and the merge"
start=$(date +%s)
submitted=$(MIRRORSIM="nice -n 10 $mirrorsim" \
  "$here/slurm/submit.sh" "$SCENARIO" "$SEEDS" "$SHARDS" "$WORK/slurm" "$VARIANTS")
echo "$submitted"
array=$(awk '/^array job/ { print $3 }' <<< "$submitted")
merge=$(awk '/^merge job/ { print $3 }' <<< "$submitted")
for _ in $(seq 3600); do
  if [ -z "$(squeue --noheader -j "$array,$merge" 2>/dev/null)" ]; then break; fi
  sleep 1
done
slurm_s=$(( $(date +%s) - start ))
[ -z "$(squeue --noheader -j "$array,$merge" 2>/dev/null)" ] || fail "jobs still queued after an hour"

# Every array task and the merge: COMPLETED with exit code 0:0 (scontrol keeps them MinJobAge seconds).
states=$( (scontrol show job "$array" -o; scontrol show job "$merge" -o) | while read -r line; do
  grep -oE '\b(JobId|ArrayTaskId|JobName|JobState|ExitCode)=[^ ]+' <<< "$line" | tr '\n' ' '
  echo
done)
echo "$states" | sed 's/^/  /'
completed=$(grep -E 'JobState=COMPLETED ' <<< "$states" | grep -cE 'ExitCode=0:0 ' || true)
[ "$completed" = $((SHARDS + 1)) ] || fail "expected $((SHARDS + 1)) jobs COMPLETED 0:0; logs in $WORK/slurm/logs"
grep -q 'found violations: exit 0' "$WORK/slurm/logs/merge.out" \
  || fail "the merge log does not say it found violations: $WORK/slurm/logs/merge.out"
say "slurm: $SHARDS array tasks and the merge COMPLETED (exit 0:0) in ${slurm_s}s"

same=0
for name in results.jsonl summary.json summary.md index.html sweep.json; do
  if cmp -s "$WORK/whole/$name" "$WORK/slurm/all/$name"; then
    same=$((same + 1))
    say "same bytes: $name ($(wc -c < "$WORK/whole/$name") bytes)"
  else
    say "DIFFERENT: $name"
  fi
done
[ "$same" = 5 ] || fail "the merged files differ from the whole sweep's (kept in $WORK)"

# A task that fails (here bad input, exit 2) is FAILED, and the merge is cancelled rather than left pending.
say "the same recipe with a bad --seeds (1-3): every task must end FAILED 2:0 and the merge CANCELLED"
submitted=$(MIRRORSIM="nice -n 10 $mirrorsim" "$here/slurm/submit.sh" "$SCENARIO" 1-3 2 "$WORK/slurm-bad" "$VARIANTS")
bad_array=$(awk '/^array job/ { print $3 }' <<< "$submitted")
bad_merge=$(awk '/^merge job/ { print $3 }' <<< "$submitted")
for _ in $(seq 600); do
  if [ -z "$(squeue --noheader -j "$bad_array,$bad_merge" 2>/dev/null)" ]; then break; fi
  sleep 1
done
bad_states=$( (scontrol show job "$bad_array" -o; scontrol show job "$bad_merge" -o) | while read -r line; do
  grep -oE '\b(JobId|ArrayTaskId|JobName|JobState|Reason|ExitCode)=[^ ]+' <<< "$line" | tr '\n' ' '
  echo
done)
echo "$bad_states" | sed 's/^/  /'
[ "$(grep -c 'JobState=FAILED .*ExitCode=2:0 ' <<< "$bad_states" || true)" = 2 ] || fail "expected 2 tasks FAILED 2:0"
grep -q 'JobName=mirrorsim-merge JobState=CANCELLED Reason=DependencyNeverSatisfied' <<< "$bad_states" \
  || fail "expected the merge CANCELLED (DependencyNeverSatisfied)"
grep -q -- '--seeds: got "1-3"' "$WORK/slurm-bad/logs/shard-0.out" || fail "the task log does not name --seeds"
say "failed tasks: FAILED 2:0 (their log names --seeds), the merge CANCELLED, nothing left pending"

runs=$(wc -l < "$WORK/whole/results.jsonl")
node -e '
  const summary = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const v of summary.variants) {
    console.log(`slurm-check: ${v.label}: ${v.seedsWithViolation} of ${v.seedsRun} seeds with a violation`);
  }
' "$WORK/whole/summary.json"
say "PASS: $runs runs; the merge of $SHARDS Slurm shards equals the whole sweep byte for byte (5 of 5 files)"
$keep && say "kept $WORK"
exit 0
