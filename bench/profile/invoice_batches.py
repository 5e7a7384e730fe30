#!/usr/bin/env python3
"""How many invoice jobs order-service's relay sent per request, minute by minute, read from its JSON log.

    python3 bench/profile/invoice_batches.py bench/.work/run-<stamp>-full/h2-order.log

The relay logs "Invoice job ... accepted for order ..." for each job of a request one after the other, on the
delivery thread that sent it, within microseconds (InvoiceDeliveries.record); lines of one thread less than 0.5 ms
apart are counted as one request.
"""
import collections
import datetime
import json
import sys

rows = []
for line in open(sys.argv[1]):
    if 'accepted for order' not in line:
        continue
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    seconds, _, fraction = entry['timestamp'].rstrip('Z').partition('.')  # 1 to 9 digits of fraction, UTC
    rows.append((datetime.datetime.fromisoformat(seconds + '.' + (fraction + '000000')[:6]), entry['threadName']))

requests = []  # [jobs, thread, last line's time, first line's time]
for at, thread in rows:
    if requests and requests[-1][1] == thread and (at - requests[-1][2]).total_seconds() < 0.0005:
        requests[-1][0] += 1
        requests[-1][2] = at
    else:
        requests.append([1, thread, at, at])

by_minute = collections.defaultdict(list)
for jobs, _, _, first in requests:
    by_minute[first.strftime('%H:%M')].append(jobs)
print('minute  requests  jobs  jobs per request  most in one')
for minute in sorted(by_minute):
    sizes = by_minute[minute]
    print(f'{minute}  {len(sizes):8}  {sum(sizes):4}  {sum(sizes) / len(sizes):16.2f}  {max(sizes):11}')
