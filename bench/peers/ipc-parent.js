'use strict';
// The Node side of the IPC comparison: child_process.fork with process.send, 1 KiB JSON messages.
//   round trip: one message in flight, p50/p99 in µs over --rounds after --warmup
//   pipelined:  --messages echoes with up to --window in flight; completed round trips per second
//   cold start: fork() to the child's first ('ready') message, median of --cold-starts children; and fork() to the
//               answer to one echo sent at 'ready' (the child's first work)
// Prints one JSON line (the numbers) on stdout; run.sh reads it.
const { fork, execFileSync } = require('node:child_process');
const path = require('node:path');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const rounds = Number(args.rounds || 20000);
const warmup = Number(args.warmup || 5000);
const messages = Number(args.messages || 200000);
const window = Number(args.window || 256);
const coldStarts = Number(args['cold-starts'] || 10);
const childPath = path.join(__dirname, 'ipc-child.js');

// {"type":"echo","id":<n>,"payload":"xxx…"} serialised is 1024 bytes for a 6-digit id.
const PAYLOAD = 'x'.repeat(1024 - JSON.stringify({ type: 'echo', id: 100000, payload: '' }).length);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const nowNs = () => process.hrtime.bigint();

function startChild() {
  const started = nowNs();
  const child = fork(childPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m) => {
      if (m.type !== 'ready') reject(new Error(`expected ready, got ${m.type}`));
      resolve({ child, started, readyMs: Number(nowNs() - started) / 1e6 });
    });
  });
}

function roundTrips(child, count) {
  const samples = new Float64Array(count);
  return new Promise((resolve) => {
    let i = 0;
    let sentAt = 0n;
    const sendNext = () => {
      sentAt = nowNs();
      child.send({ type: 'echo', id: 100000 + i, payload: PAYLOAD });
    };
    const onMessage = () => {
      samples[i] = Number(nowNs() - sentAt) / 1000;
      i += 1;
      if (i === count) {
        child.off('message', onMessage);
        resolve(Array.from(samples).sort((a, b) => a - b));
      } else {
        sendNext();
      }
    };
    child.on('message', onMessage);
    sendNext();
  });
}

function pipelined(child, count, inFlight) {
  return new Promise((resolve) => {
    let sent = 0;
    let received = 0;
    const started = nowNs();
    const send = () => {
      child.send({ type: 'echo', id: 100000 + (sent % 900000), payload: PAYLOAD });
      sent += 1;
    };
    const onMessage = () => {
      received += 1;
      if (received === count) {
        child.off('message', onMessage);
        resolve(count / (Number(nowNs() - started) / 1e9));
      } else if (sent < count) {
        send();
      }
    };
    child.on('message', onMessage);
    while (sent < Math.min(inFlight, count)) send();
  });
}

async function main() {
  const messageBytes = JSON.stringify({ type: 'echo', id: 100000, payload: PAYLOAD }).length;
  const { child } = await startChild();
  await roundTrips(child, warmup);
  const rtt = await roundTrips(child, rounds);
  await pipelined(child, Math.min(messages, 20000), window); // warm-up
  const perSecond = await pipelined(child, messages, window);
  child.disconnect();

  const starts = [];
  const firstReplies = [];
  for (let i = 0; i < coldStarts; i += 1) {
    const { child: c, started, readyMs } = await startChild();
    starts.push(readyMs);
    firstReplies.push(await new Promise((resolve) => {
      c.once('message', () => resolve(Number(nowNs() - started) / 1e6));
      c.send({ type: 'echo', id: 1, payload: PAYLOAD });
    }));
    c.disconnect();
    await new Promise((r) => c.once('exit', r));
  }
  starts.sort((a, b) => a - b);
  firstReplies.sort((a, b) => a - b);

  const bare = [];
  for (let i = 0; i < coldStarts; i += 1) {
    const t = nowNs();
    execFileSync(process.execPath, ['-e', '0']);
    bare.push(Number(nowNs() - t) / 1e6);
  }
  bare.sort((a, b) => a - b);

  console.log(JSON.stringify({
    subject: 'node-fork', node: process.version, messageBytes, rounds, window, messages,
    rttP50Us: +percentile(rtt, 50).toFixed(1), rttP99Us: +percentile(rtt, 99).toFixed(1),
    pipelinedPerSec: Math.round(perSecond),
    coldStartMedianMs: +percentile(starts, 50).toFixed(1),
    coldStartFirstReplyMedianMs: +percentile(firstReplies, 50).toFixed(1),
    bareNodeMedianMs: +percentile(bare, 50).toFixed(1),
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
