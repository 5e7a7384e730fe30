#!/usr/bin/env python3
"""A container's log (stdin) as short lines a person reads: the services log JSON (Quarkus' %prod console format),
one object a line, whose cause sits deep in its `exception` field. Each JSON line becomes
`LEVEL logger: message` and, when it carries an exception, ` <- Type: message` for each cause whose message says
something new, down to the innermost (the one that says what went wrong: a path, a host, a read-only file system).
Other lines are kept as they are. `errors` puts ERROR and FATAL lines before the others.

    podman logs <container> 2>&1 | deploy/podman/log-lines.py errors   # the distinct error lines, first ones first
    podman logs <container> 2>&1 | deploy/podman/log-lines.py last N   # the last N distinct lines
"""
import json
import sys

ERROR_WORDS = ("ERROR", "FATAL", "Exception", "Error:", "error:")


def causes(exception):
    """Each exception of the chain, outermost first."""
    while isinstance(exception, dict):
        yield exception
        caused_by = exception.get("causedBy")
        exception = caused_by.get("exception") if isinstance(caused_by, dict) else None


def readable(line):
    line = line.rstrip("\n")
    if not line.startswith("{"):
        return line
    try:
        entry = json.loads(line)
    except ValueError:
        return line
    text = f"{entry.get('level', '')} {str(entry.get('loggerName', '')).rsplit('.', 1)[-1]}: {entry.get('message', '')}"
    chain = list(causes(entry.get("exception")))
    # the outermost ("Failed to start quarkus") says no more than the message: its causes, minus repeated messages
    for cause in chain[1:] or chain:
        message = str(cause.get("message", ""))
        if message and message not in text:
            text += f" <- {cause.get('exceptionType', '')}: {message}"
    return text


def distinct(lines):
    seen = set()
    for line in lines:
        if line not in seen:
            seen.add(line)
            yield line


lines = [readable(line)[:600] for line in sys.stdin]
if sys.argv[1:2] == ["errors"]:
    errors = list(distinct(l for l in lines if any(w in l for w in ERROR_WORDS)))
    errors.sort(key=lambda l: not l.startswith(("ERROR", "FATAL")))
    for line in errors[:6]:
        print(line)
else:
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    print("\n".join(list(distinct(reversed(lines)))[:count][::-1]))
