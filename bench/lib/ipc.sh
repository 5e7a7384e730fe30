# Sourced by bench/run.sh: a forked child and its messages, next to Node's fork (bench/ipc/README.md says how).
ipc_phase() {
  # Each layout in IPC_LAYOUTS is a CPU list for taskset: "0" puts parent and child on one core (no cross-core
  # wake-ups), "0,1" lets the scheduler place them (usually on different cores when the machine is idle).
  local layout line tag
  for layout in $IPC_LAYOUTS; do
    tag="cpu${layout//,/+}"
    log "IPC: Node fork (taskset -c $layout)"
    line="$(cd "$BENCH/peers" && taskset -c "$layout" node ipc-parent.js $IPC_ARGS)"
    echo "$line" > "$RUN/ipc-node-$tag.json"
    for k in rttP50Us rttP99Us pipelinedPerSec coldStartMedianMs coldStartFirstReplyMedianMs bareNodeMedianMs; do put "node.$tag.$k" "$(json_field "$line" $k)"; done
    log "IPC node: $line"
    if [[ -x "$BENCH/ipc/run.sh" ]]; then
      log "IPC: brigade (bench/ipc/run.sh, taskset -c $layout)"
      if line="$(cd "$REPO" && BENCH_MODE=$MODE BENCH_SRC="$SRC" taskset -c "$layout" "$BENCH/ipc/run.sh" 2> "$RUN/ipc-brigade-$tag.err" | grep -m1 '^{')"; then
        echo "$line" > "$RUN/ipc-brigade-$tag.json"
        for k in rttP50Us rttP99Us pipelinedPerSec pipelinedTreesPerSec coldStartMedianMs coldStartAotMedianMs coldStartAotFirstReplyMedianMs bareJavaMedianMs dispatchP99Ms; do put "brigade.$tag.$k" "$(json_field "$line" $k)"; done
        log "IPC brigade: $line"
      else
        log "bench/ipc/run.sh failed (see $RUN/ipc-brigade-$tag.err)"; put brigade.missing "bench/ipc/run.sh failed"
      fi
    else
      put brigade.missing "bench/ipc/run.sh does not exist yet"
      log "no bench/ipc/run.sh yet: brigade IPC not measured"
    fi
  done
}
