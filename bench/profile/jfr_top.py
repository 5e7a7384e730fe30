#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording: the hottest methods by self and by inclusive time.

    python3 bench/profile/jfr_top.py recording.jfr [--filter dev.brigade] [--top 30]

Uses the JDK's `jfr print`; no other tool needed.
"""
import argparse
import collections
import re
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("recording")
parser.add_argument("--top", type=int, default=30)
parser.add_argument("--filter", default=None, help="only list inclusive frames containing this text")
args = parser.parse_args()

text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", args.recording],
                      capture_output=True, text=True, check=True).stdout
samples = text.split("jdk.ExecutionSample")[1:]
self_time, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
for sample in samples:
    frames = re.findall(r"^\s+([\w.$<>/]+)\(.*?line:", sample, re.M)
    thread = re.search(r'sampledThread = "([^"]*)"', sample)
    if thread:
        threads[re.sub(r"\d+", "N", thread.group(1))] += 1
    if frames:
        self_time[frames[0]] += 1
        for frame in set(frames):
            inclusive[frame] += 1
total = max(1, len(samples))
print(f"{len(samples)} samples")
print("\nby thread:")
for name, count in threads.most_common(8):
    print(f"{100 * count / total:5.1f}%  {name}")
print("\nself:")
for frame, count in self_time.most_common(args.top):
    print(f"{100 * count / total:5.1f}%  {frame}")
print("\ninclusive:")
shown = 0
for frame, count in inclusive.most_common():
    if args.filter and args.filter not in frame:
        continue
    print(f"{100 * count / total:5.1f}%  {frame}")
    shown += 1
    if shown >= args.top:
        break
