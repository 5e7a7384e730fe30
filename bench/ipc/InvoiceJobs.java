import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.worker.pool.PoolConfig;
import dev.brigade.process.ChildProcesses;
import dev.brigade.process.ForkedChild;

/**
 * One fresh child, invoice jobs one at a time: how the child's JVM options (C1 or C2, an AOT cache) change the
 * first invoice, the next nine, the steady state and the child's CPU per job. Run through bench/ipc/run-invoices.sh.
 */
public class InvoiceJobs {

    private static final String PAYLOAD = """
            {"orderId":"o-1","customer":{"name":"Ada Lovelace","email":"ada@example.com"},"currency":"EUR",
             "lines":[{"productId":"1","name":"Espresso cup","quantity":2,"unitPriceCents":1250},
                      {"productId":"2","name":"Teapot","quantity":1,"unitPriceCents":3900}]}""";

    public static void main(String[] args) throws Exception {
        List<String> jvmOptions = List.of(args[0].trim().split("\\s+"));
        int jobs = Integer.parseInt(args[1]);
        ObjectMapper mapper = new ObjectMapper();
        ForkedChild child = ChildProcesses.fork(PoolConfig.CHILD_MAIN, List.of(),
                dev.brigade.process.ForkOptions.defaults().withExecArgv(jvmOptions));
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        child.onMessage(replies::add);
        replies.take(); // ready
        JsonNode payload = mapper.readTree(PAYLOAD);
        double[] ms = new double[jobs];
        long cpuAtTen = 0;
        for (int i = 0; i < jobs; i++) {
            if (i == 10) {
                cpuAtTen = child.process().cpuNanos();
            }
            ObjectNode job = mapper.createObjectNode().put("type", "job");
            job.putObject("job").put("id", "j" + i).put("type", "invoice").set("payload", payload);
            long started = System.nanoTime();
            child.send(job);
            JsonNode reply;
            do {
                reply = replies.take();
            } while (reply.path("type").asText().equals("progress"));
            if (!reply.path("type").asText().equals("result")) {
                throw new IllegalStateException(reply.toString());
            }
            ms[i] = (System.nanoTime() - started) / 1e6;
        }
        double cpuPerJob = (child.process().cpuNanos() - cpuAtTen) / 1e6 / (jobs - 10);
        System.out.printf(java.util.Locale.ROOT, "{\"jvmOptions\":\"%s\",\"jobs\":%d,\"firstMs\":%.1f,"
                        + "\"jobs2to10MedianMs\":%.1f,\"after10MedianMs\":%.2f,\"childCpuMsPerJobAfter10\":%.2f}%n",
                String.join(" ", jvmOptions), jobs, ms[0], median(Arrays.copyOfRange(ms, 1, 10)),
                median(Arrays.copyOfRange(ms, 10, jobs)), cpuPerJob);
        child.disconnect();
        System.exit(0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
