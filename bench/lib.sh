# Shell helpers the whole-process benchmarks share (sourced by bench/render.sh and
# bench/query.sh); RUNS is the caller's.

# Median wall time of a command in ms over $RUNS runs.
median_ms() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Peak resident memory of a command in MB.
peak_mb() {
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'
    else
        echo "n/a"
    fi
}
