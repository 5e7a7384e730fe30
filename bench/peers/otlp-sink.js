// A tiny OTLP/gRPC trace sink for bench/run.sh: accepts every ExportTraceServiceRequest on h2c (plain HTTP/2, what
// the services' exporter speaks to an http:// endpoint) and answers an empty ExportTraceServiceResponse, so the
// services pay the whole cost of exporting (batching, encoding, sending) and the sink almost none.
//   PORT=14317 node otlp-sink.js     prints {"requests":N,"bytes":B} on SIGTERM
const http2 = require('node:http2');

let requests = 0;
let bytes = 0;
const server = http2.createServer();
server.on('stream', (stream, headers) => {
  stream.on('data', (chunk) => { bytes += chunk.length; });
  stream.on('end', () => {
    requests++;
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    // One gRPC message: not compressed (0), length 0 (an empty response message).
    stream.end(Buffer.from([0, 0, 0, 0, 0]));
  });
});
server.listen(Number(process.env.PORT || 4317), '127.0.0.1');
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ requests, bytes }));
  process.exit(0);
});
