#!/usr/bin/env python3
"""Interleaved process timing with sub-millisecond resolution, where /usr/bin/time's 10 ms hides
the difference (NativeAOT start-up, the tool's one-file scan).

Usage: bench/cli-startup/timeit.py ROUNDS 'LABEL=[VAR:VALUE,...]::COMMAND ARGS' ...

Every command runs once per round, in the order given (A B A B ...), so load drifts hit all of them
alike; stdout and stderr are discarded. Prints each command's median and minimum wall time and its
median CPU time (user + sys of the child), then the load average."""
import os
import resource
import statistics
import subprocess
import sys
import time


def parse(spec):
    label, rest = spec.split("=", 1)
    assignments, command = rest.split("::", 1)
    env = dict(os.environ)
    for assignment in filter(None, assignments.split(",")):
        name, value = assignment.split(":", 1)
        env[name] = value
    return label, env, command.split()


def run_once(env, command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    specs = [parse(a) for a in sys.argv[2:]]
    print("load before", open("/proc/loadavg").read().strip())
    timings = {label: [] for label, _, _ in specs}
    for _ in range(rounds):
        for label, env, command in specs:
            timings[label].append(run_once(env, command))
    for label, _, _ in specs:
        walls = [w for w, _ in timings[label]]
        cpus = [c for _, c in timings[label]]
        print(f"{label:40s} wall median {statistics.median(walls) * 1000:8.1f} ms (min {min(walls) * 1000:.1f})"
              f"  cpu median {statistics.median(cpus) * 1000:8.1f} ms")
    print("load after", open("/proc/loadavg").read().strip())


main()
