#!/usr/bin/env python3
"""Runs wirewatch against the newsroom (newsroom.py) and samples it every
SAMPLE seconds: resident memory, CPU, alerts written, outbox depth and store
size. Fails (exit 1) if memory or the outbox keeps growing after the warm-up.

    soak.py WIREWATCH_BINARY  (settings from the environment, see soak.sh)
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MINUTES = float(os.environ.get("SOAK_MINUTES", "60"))
FEEDS = int(os.environ.get("SOAK_FEEDS", "2000"))
PERIOD = float(os.environ.get("SOAK_PERIOD", "60"))
SAMPLE = float(os.environ.get("SOAK_SAMPLE", "60"))
WARMUP = float(os.environ.get("SOAK_WARMUP_MINUTES", str(max(2.0, MINUTES / 5))))
KEEP = os.environ.get("SOAK_KEEP") == "1"
# The config's `store:` value; the store file must stay var/state.sqlite, e.g.
# SOAK_STORE='{ path: var/state.sqlite, retention: { articles: 5m, alerts: 5m, seen: 5m }, prune_every: 1m }'
STORE = os.environ.get("SOAK_STORE", "var/state.sqlite")
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_install(work, feed_port, hook_port, admin_port):
    feeds = "".join(f"  - id: soak-{i}\n    url: http://127.0.0.1:{feed_port}/soak-{i}.xml\n" for i in range(FEEDS))
    with open(os.path.join(work, "wirewatch.yaml"), "w") as f:
        f.write(f"""store: {STORE}
data: {ROOT}/Config
rules: rules.d
poll:
  interval: {int(PERIOD)}s
  min_interval: {int(PERIOD)}s
  max_interval: {int(PERIOD)}s
  adaptive: false
  concurrency: 64
admin:
  listen: 127.0.0.1:{admin_port}
feeds:
{feeds}sinks:
  - id: alert-log
    type: alert-log
    path: var/alerts.jsonl
  - id: hook
    type: webhook
    url: http://127.0.0.1:{hook_port}/hook
""")
    os.makedirs(os.path.join(work, "rules.d"))
    with open(os.path.join(work, "rules.d", "soak.yaml"), "w") as f:
        f.write("rules:\n  - id: distillation\n    query: 'DeepSeek AND distil*'\n    throttle: { per: article }\n")


def status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read().rsplit(")", 1)[1].split()
    cpu = (int(stat[11]) + int(stat[12])) / TICKS
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024, cpu


def outbox_depth(admin_port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/metrics", timeout=10) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("wirewatch_outbox_depth"):
                    return int(float(line.split()[-1]))
    except OSError:
        pass
    return -1


def lines(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def size(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0


def verdict(samples):
    """Memory: after the warm-up, the trend may not add more than 10% of the mean over the
    window, unless the last sample is below the earlier peak. Outbox: it must end near empty."""
    steady = [s for s in samples if s["minute"] >= WARMUP]
    problems = []
    if len(steady) < 3:
        return [f"too short to judge: {len(steady)} samples after a {WARMUP:g}-minute warm-up (need 3)"]
    xs = [s["minute"] for s in steady]
    rss = [s["rss"] / 2**20 for s in steady]
    growth = slope(xs, rss) * (xs[-1] - xs[0])
    mean = sum(rss) / len(rss)
    if growth > 0.10 * mean and rss[-1] >= max(rss[:-1]):
        problems.append(f"memory keeps growing: +{growth:.1f} MiB over {xs[-1] - xs[0]:.0f} min (mean {mean:.1f} MiB)")
    depth = [s["outbox"] for s in steady]
    per_minute = max(1, max(s["alerts_per_min"] for s in steady))
    if depth[-1] > 2 * per_minute and slope(xs, depth) > 0:
        problems.append(f"the outbox keeps growing: {depth} (alerts per minute up to {per_minute})")
    return problems


def main():
    work = tempfile.mkdtemp(prefix="wirewatch-soak.")
    feed_port, hook_port, admin_port = free_port(), free_port(), free_port()
    write_install(work, feed_port, hook_port, admin_port)
    newsroom = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "newsroom.py"),
                                 str(FEEDS), str(PERIOD), str(feed_port), str(hook_port)])
    time.sleep(1)
    log = open(os.path.join(work, "daemon.log"), "w")
    daemon = subprocess.Popen([BIN, "run", "--config", os.path.join(work, "wirewatch.yaml")], stderr=log, cwd=work)
    print(f"soak: {FEEDS} feeds changing every {PERIOD:g} s for {MINUTES:g} min; state in {work}", flush=True)
    print(f"{'min':>5} {'rss MiB':>8} {'peak MiB':>8} {'cpu %':>6} {'alerts':>7} {'/min':>5} {'outbox':>6} {'store MiB':>9}", flush=True)
    samples = []
    started = time.time()
    last_cpu, last_alerts, last_time = 0.0, 0, started
    try:
        while time.time() - started < MINUTES * 60:
            time.sleep(max(0.0, SAMPLE - (time.time() - last_time)))
            if daemon.poll() is not None:
                print(f"soak: the daemon exited with {daemon.returncode}; see {work}/daemon.log", flush=True)
                return 1
            now = time.time()
            rss, peak, cpu = status(daemon.pid)
            alerts = lines(os.path.join(work, "var", "alerts.jsonl"))
            minute = (now - started) / 60
            sample = dict(minute=minute, rss=rss, peak=peak, cpu=100 * (cpu - last_cpu) / (now - last_time),
                          alerts=alerts, alerts_per_min=(alerts - last_alerts) * 60 / (now - last_time),
                          outbox=outbox_depth(admin_port), store=size(os.path.join(work, "var", "state.sqlite")))
            samples.append(sample)
            last_cpu, last_alerts, last_time = cpu, alerts, now
            print(f"{minute:5.1f} {rss / 2**20:8.1f} {peak / 2**20:8.1f} {sample['cpu']:6.1f} {alerts:7d} "
                  f"{sample['alerts_per_min']:5.0f} {sample['outbox']:6d} {sample['store'] / 2**20:9.1f}", flush=True)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
        newsroom.kill()
        newsroom.wait()
    with open(os.path.join(work, "samples.json"), "w") as f:
        json.dump(samples, f, indent=1)
    problems = verdict(samples)
    for p in problems:
        print(f"soak: FAIL: {p}", flush=True)
    if not problems:
        print(f"soak: OK: memory and outbox steady after a {WARMUP:g}-minute warm-up", flush=True)
        if not KEEP:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
