#!/usr/bin/env python3
"""One row of bench/streaming/run.sh's table from one (api, N) folder.

usage: analyze.py DIR LABEL API N [--harness-cpu-s S] [--emulator-cpu-s S] [--wall-s S] [--harness-hwm-kib K]

DIR holds results/ (the `loadtest run` output), and when the builds support them
emulator-timing.jsonl (`loadtest emulator --timing-log`) and harness-timing.jsonl
(`loadtest run --timing-log`). Both timing logs stamp with the machine's monotonic clock
(CLOCK_MONOTONIC, what .NET's Stopwatch reads on Linux) in microseconds, so a delta's arrival in
the harness and its write in the emulator can be subtracted directly.

Only requests that started 3 s or more into the run count ("steady"): the first seconds open
every connection and JIT the client, which is not what the benchmark is about.
"""
import argparse
import csv
import json
import math
import os

MODEL_TTFT_MS = 500.0
MODEL_GAP_MS = 10.0
WARMUP_MS = 3000.0


def pct(values, p):
    """Nearest-rank percentile (0 < p <= 100); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def read_jsonl(path):
    out = {}
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                record = json.loads(line)
                if "requestId" in record:  # the emulator ends its log with a {"summary": ...} line
                    out[record["requestId"]] = record
    return out


def gaps(offsets):
    return [(b - a) / 1000.0 for a, b in zip(offsets, offsets[1:])]


def f(x, digits=1):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("label")
    ap.add_argument("api")
    ap.add_argument("n", type=int)
    ap.add_argument("--harness-cpu-s", type=float)
    ap.add_argument("--emulator-cpu-s", type=float)
    ap.add_argument("--wall-s", type=float)
    ap.add_argument("--harness-hwm-kib", type=float)
    a = ap.parse_args()

    results = os.path.join(a.dir, "results")
    with open(os.path.join(results, "summary.json")) as fh:
        summary = json.load(fh)
    with open(os.path.join(results, "requests.csv"), newline="") as fh:
        rows = list(csv.DictReader(fh))
    load_s = summary["phases"][-1]["endSeconds"] if summary.get("phases") else summary["durationSeconds"]
    ok = [r for r in rows if r["outcome"] == "ok"]
    steady = [r for r in ok if float(r["startedMs"]) >= WARMUP_MS and r["firstTokenMs"]]
    steady_ids = {r["requestId"] for r in steady}
    ttft = [float(r["firstTokenMs"]) - float(r["startedMs"]) for r in steady]

    emu = read_jsonl(os.path.join(a.dir, "emulator-timing.jsonl"))
    har = read_jsonl(os.path.join(a.dir, "harness-timing.jsonl"))

    # End to end, as a user of the report sees it.
    if har is not None:
        h_gaps = [g for rid in steady_ids if rid in har for g in gaps(har[rid]["deltasUs"])]
        itl_source = "harness timing log, steady"
    else:
        h_gaps = None
        itl_source = "summary.json, whole run"
    itl50 = pct(h_gaps, 50) if h_gaps is not None else summary["itlMs"]["p50"]
    itl99 = pct(h_gaps, 99) if h_gaps is not None else summary["itlMs"]["p99"]

    print(f"--- {a.label} {a.api} N={a.n}: {len(ok)} ok of {len(rows)} rows, {len(steady)} steady; outcomes "
          + ", ".join(f"{k} {v}" for k, v in sorted(summary["outcomes"].items()) if v))
    print(f"end to end: TTFT p50 {f(pct(ttft, 50))} p99 {f(pct(ttft, 99))} ms (modelled {MODEL_TTFT_MS:.0f}); "
          f"inter-token p50 {f(itl50, 2)} p99 {f(itl99, 2)} ms (modelled {MODEL_GAP_MS:.0f}; {itl_source})")

    deltas = None
    if emu is not None:
        late, e_gaps, e_first = [], [], []
        for rid in steady_ids:
            e = emu.get(rid)
            if not e or not e.get("writtenUs"):
                continue
            late += [(w - d) / 1000.0 for w, d in zip(e["writtenUs"], e["dueUs"])]
            e_gaps += gaps(e["writtenUs"])
            e_first.append(e["writtenUs"][0] / 1000.0)
        deltas = sum(len(e.get("writtenUs") or []) for e in emu.values())
        print(f"emulator: first delta p50 {f(pct(e_first, 50))} p99 {f(pct(e_first, 99))} ms after arrival; "
              f"gap p50 {f(pct(e_gaps, 50), 2)} p99 {f(pct(e_gaps, 99), 2)} ms; "
              f"lateness p50 {f(pct(late, 50), 2)} p99 {f(pct(late, 99), 2)} max {f(max(late) if late else None, 1)} ms")

    if emu is not None and har is None:
        # A harness without a timing log (an older build): its TTFT from requests.csv against the
        # emulator's first-delta time still gives the harness-added TTFT error.
        ttft_err = []
        for r in steady:
            e = emu.get(r["requestId"])
            if e and e.get("writtenUs"):
                ttft_err.append(float(r["firstTokenMs"]) - float(r["startedMs"]) - e["writtenUs"][0] / 1000.0)
        print(f"harness-added: TTFT error p50 {f(pct(ttft_err, 50), 2)} p99 {f(pct(ttft_err, 99), 2)} ms "
              f"(from requests.csv; this harness writes no timing log, so no per-delta figures)")

    if emu is not None and har is not None:
        ttft_err, itl_err, delivery = [], [], []
        for rid in steady_ids:
            e, h = emu.get(rid), har.get(rid)
            if not e or not h or not e.get("writtenUs") or not h["deltasUs"]:
                continue
            ttft_err.append((h["deltasUs"][0] - e["writtenUs"][0]) / 1000.0)
            itl_err += [hg - eg for hg, eg in zip(gaps(h["deltasUs"]), gaps(e["writtenUs"]))]
            delivery += [((h["startUs"] + hd) - (e["arrivedUs"] + ew)) / 1000.0 for hd, ew in zip(h["deltasUs"], e["writtenUs"])]
        print(f"harness-added: TTFT error p50 {f(pct(ttft_err, 50), 2)} p99 {f(pct(ttft_err, 99), 2)} ms; "
              f"inter-token error p50 {f(pct(itl_err, 50), 2)} p99 {f(pct(itl_err, 99), 2)} ms; "
              f"delta delivery (harness arrival - emulator write) p50 {f(pct(delivery, 50), 2)} p99 {f(pct(delivery, 99), 2)} ms")

    frames = deltas if deltas is not None else sum(int(r["outputTokens"] or 0) for r in ok)
    parts = []
    if a.harness_cpu_s is not None and a.wall_s:
        parts.append(f"harness CPU {a.harness_cpu_s:.1f} s = {a.harness_cpu_s / a.wall_s:.2f} cores over {a.wall_s:.1f} s")
    if a.emulator_cpu_s is not None and a.wall_s:
        parts.append(f"emulator CPU {a.emulator_cpu_s / a.wall_s:.2f} cores")
    parts.append(f"deltas/s {frames / load_s:.0f}")
    if a.harness_hwm_kib:
        parts.append(f"harness peak RSS {a.harness_hwm_kib / 1024:.0f} MiB")
    sat = summary.get("harness")
    if sat is not None:
        periods = sat.get("periods") or sat.get("saturatedPeriods") or []
        parts.append(f"saturation warning: {'yes' if sat.get('saturated') else 'no'}"
                     + (" " + "; ".join(json.dumps(p) for p in periods) if periods else ""))
    print("; ".join(parts))


main()
