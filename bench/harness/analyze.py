#!/usr/bin/env python3
"""Numbers for bench/harness/run.sh from one `loadtest run` results directory.

usage: analyze.py throughput DIR WRK_RPS
       analyze.py accuracy DIR TARGET_RPS
       analyze.py streams DIR
       analyze.py peers DIR CPU_SAMPLES NODE_LINE
Prints `key: value` lines (the script greps some of them).
"""
import csv
import json
import math
import sys


def rows(results):
    with open(f"{results}/requests.csv", newline="") as f:
        return list(csv.DictReader(f))


def num(text):
    return float(text) if text not in (None, "") else None


def pct(values, p):
    """Nearest-rank percentile of a list (0 < p <= 100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(results):
    with open(f"{results}/summary.json") as f:
        return json.load(f)


def outcomes(s):
    return ", ".join(f"{k} {v}" for k, v in sorted(s["outcomes"].items()))


def throughput(results, wrk_rps):
    s = summary(results)
    load_s = s["phases"][-1]["endSeconds"] if s["phases"] else s["durationSeconds"]
    ok = [r for r in rows(results) if r["outcome"] == "ok"]
    summary_rps = s["rates"]["achievedRpm"] / 60
    # Steady state: completions after the first 5 s (JIT, connection set-up) up to the load end.
    steady = [r for r in ok if 5000 <= num(r["endedMs"]) <= load_s * 1000]
    steady_rps = len(steady) / (load_s - 5) if load_s > 5 else float("nan")
    print(f"harness requests ok: {len(ok)} in {load_s:.1f} s of load; outcomes: {outcomes(s)}")
    print(f"harness latency ms: p50 {s['latencyMs']['p50']:.2f} p99 {s['latencyMs']['p99']:.2f}")
    print(f"harness req/s (summary.json achievedRpm/60): {summary_rps:.0f}")
    print(f"harness req/s (steady, completions 5 s..end): {steady_rps:.0f}")
    print(f"wrk req/s: {wrk_rps:.0f}")
    print(f"ratio harness/wrk (summary): {summary_rps / wrk_rps:.3f}")
    print(f"ratio harness/wrk (steady): {steady_rps / wrk_rps:.3f}")


def peers(results, samples_file, node_line):
    """`loadtest run` in the peers target: CPU from /proc samples ("epoch cpu_s emulator_cpu_s"),
    requests from requests.csv, over the throughput target's steady window (completions 5 s..end
    of load); then its req/s per core against the Node SDK loop's line."""
    import datetime
    import re
    s = summary(results)
    started = datetime.datetime.fromisoformat(s["startedAt"]).timestamp()
    load_s = s["phases"][-1]["endSeconds"] if s["phases"] else s["durationSeconds"]
    ok = [r for r in rows(results) if r["outcome"] == "ok"]
    steady = [r for r in ok if 5000 <= num(r["endedMs"]) <= load_s * 1000]
    with open(samples_file) as f:
        samples = [tuple(float(x) for x in line.split()) for line in f if line.strip()]

    def at(t, column):
        """Linear interpolation of a sampled counter at epoch time t."""
        before = [x for x in samples if x[0] <= t]
        after = [x for x in samples if x[0] >= t]
        if not before or not after:
            return float("nan")
        a, b = before[-1], after[0]
        return a[column] if b[0] == a[0] else a[column] + (b[column] - a[column]) * (t - a[0]) / (b[0] - a[0])

    t0, t1 = started + 5, started + load_s
    window = t1 - t0
    cpu = at(t1, 1) - at(t0, 1)
    emu = at(t1, 2) - at(t0, 2)
    rps = len(steady) / window
    us = cpu * 1e6 / max(1, len(steady))
    print(f"peers: {'loadtest run (steady 5 s..end)':34s} {rps:8.0f} req/s  {us:6.0f} us CPU/req  "
          f"{1e6 / us:7.0f} req/s per core  client {cpu / window:.2f} cores  emulator {emu / window:.2f} cores")
    whole_cpu = samples[-1][1] if samples else float("nan")
    print(f"peers:   loadtest run whole process (start-up, JIT, {len(ok)} ok requests, reports): "
          f"{whole_cpu:.2f} s CPU, {whole_cpu * 1e6 / max(1, len(ok)):.0f} us CPU/req; outcomes: {outcomes(s)}")
    m = re.search(r"([0-9.]+) us CPU per request", node_line or "")
    if m and us > 0:
        node_us = float(m.group(1))
        print(f"peers: loadtest run req/s per core / Node SDK loop's: {node_us / us:.1f}x "
              f"({1e6 / us:.0f} vs {1e6 / node_us:.0f}; target >= 5x)")


def accuracy(results, target_rps):
    s = summary(results)
    phase = s["phases"][0]
    duration = phase["endSeconds"] - phase["startSeconds"]
    all_rows = rows(results)
    started = [r for r in all_rows if r["startedMs"] != ""]
    ok = [r for r in started if r["outcome"] == "ok"]
    late = [num(r["startedMs"]) - num(r["scheduledMs"]) for r in started]
    start_rate = len(started) / duration
    ok_rate = len(ok) / duration
    print(f"scheduled: {len(all_rows)} in {duration:.1f} s; outcomes: {outcomes(s)}")
    print(f"summary.json offeredRpm {s['rates']['offeredRpm']:.0f} achievedRpm {s['rates']['achievedRpm']:.0f}")
    print(f"started req/s: {start_rate:.1f} ({(start_rate / target_rps - 1) * 100:+.2f} % vs {target_rps:.0f})")
    print(f"ok req/s: {ok_rate:.1f} ({(ok_rate / target_rps - 1) * 100:+.2f} % vs {target_rps:.0f})")
    print("start lateness ms (startedMs - scheduledMs): "
          f"p50 {pct(late, 50):.3f} p90 {pct(late, 90):.3f} p99 {pct(late, 99):.3f} "
          f"p99.9 {pct(late, 99.9):.3f} max {max(late):.3f}")
    print(f"latency ms: p50 {s['latencyMs']['p50']:.2f} p99 {s['latencyMs']['p99']:.2f}")


def streams(results):
    s = summary(results)
    all_rows = rows(results)
    ok = [r for r in all_rows if r["outcome"] == "ok"]
    # Largest number of streams whose headers had arrived and that had not yet ended: the
    # emulator was holding every one of those open at that moment.
    events = []
    for r in ok:
        opened = num(r["firstByteMs"]) or num(r["startedMs"])
        events.append((opened, 1))
        events.append((num(r["endedMs"]), -1))
    events.sort()
    open_now = peak = 0
    peak_at = 0.0
    for t, d in events:
        open_now += d
        if open_now > peak:
            peak, peak_at = open_now, t
    with open(f"{results}/timeseries.csv", newline="") as f:
        in_flight = max(int(r["inFlight"]) for r in csv.DictReader(f))
    durations = [(num(r["endedMs"]) - num(r["startedMs"])) / 1000 for r in ok]
    print(f"requests: {len(all_rows)}; outcomes: {outcomes(s)}")
    print(f"peak streams open at once (from requests.csv, first byte..end): {peak} at {peak_at / 1000:.1f} s")
    print(f"peak in-flight (timeseries.csv): {in_flight}")
    print(f"stream duration s: p50 {pct(durations, 50):.1f} max {max(durations):.1f}" if durations else "no ok streams")
    print(f"ttft ms: p50 {s['ttftMs']['p50']:.0f} p99 {s['ttftMs']['p99']:.0f}")


if __name__ == "__main__":
    kind, directory = sys.argv[1], sys.argv[2]
    if kind == "throughput":
        throughput(directory, float(sys.argv[3]))
    elif kind == "accuracy":
        accuracy(directory, float(sys.argv[3]))
    elif kind == "streams":
        streams(directory)
    elif kind == "peers":
        peers(directory, sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown kind {kind}")
