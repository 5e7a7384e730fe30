'use strict';
// The forked child of the Node IPC peer: says ready, then echoes every message back to the parent.
process.on('message', (message) => {
  if (message.type === 'echo') {
    process.send({ type: 'echo', id: message.id, payload: message.payload });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', pid: process.pid });
