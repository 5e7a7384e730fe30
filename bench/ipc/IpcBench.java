import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.worker.pool.JobOutcome;
import dev.brigade.worker.pool.JobRequest;
import dev.brigade.worker.pool.PoolConfig;
import dev.brigade.worker.pool.ProgressListener;
import dev.brigade.worker.pool.WorkerPool;
import dev.brigade.process.ChildClasspath;
import dev.brigade.process.ChildProcesses;
import dev.brigade.process.AotCache;
import dev.brigade.process.ForkOptions;
import dev.brigade.process.ForkedChild;
import dev.brigade.process.Frame;

/**
 * The brigade side of the IPC comparison with bench/peers/ipc-parent.js: the same 1 KiB echo message, the same
 * measures, against the real child program (dev.brigade.worker.child.ChildMain) with the pool's JVM options.
 * Prints one JSON line on stdout. Run through bench/ipc/run.sh.
 */
public class IpcBench {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CHILD = PoolConfig.CHILD_MAIN;

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "20000"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "5000"));
        int messages = Integer.parseInt(args.getOrDefault("messages", "200000"));
        int window = Integer.parseInt(args.getOrDefault("window", "256"));
        int coldStarts = Integer.parseInt(args.getOrDefault("cold-starts", "10"));
        int jobs = Integer.parseInt(args.getOrDefault("jobs", String.valueOf(Math.max(200, rounds / 10))));
        List<String> jvm = args.containsKey("jvm-options")
                ? List.of(args.get("jvm-options").trim().split("\\s+"))
                : PoolConfig.DEFAULT_JVM_OPTIONS;
        ForkOptions options = ForkOptions.defaults().withExecArgv(jvm);

        String padding = "x".repeat(1024 - message(100000, "").toString().length());
        int messageBytes = message(100000, padding).toString().length();

        ForkedChild child = startChild(options).child;
        double[] rtt = roundTrips(child, warmup, padding);
        rtt = roundTrips(child, rounds, padding);
        pipelined(child, Math.min(messages, 20000), window, padding, false);
        pipelined(child, Math.min(messages, 20000), window, padding, true);
        long parentCpu0 = processCpuNanos();
        long childCpu0 = child.process().cpuNanos();
        double perSecond = pipelined(child, messages, window, padding, false);
        double parentCpuUs = (processCpuNanos() - parentCpu0) / 1e3 / messages;
        double childCpuUs = (child.process().cpuNanos() - childCpu0) / 1e3 / messages;
        // The same with every reply parsed into a tree, as Node's parent does and as the pool does.
        parentCpu0 = processCpuNanos();
        double treesPerSecond = pipelined(child, messages, window, padding, true);
        double parentTreeCpuUs = (processCpuNanos() - parentCpu0) / 1e3 / messages;
        child.disconnect();
        child.exit().get(10, TimeUnit.SECONDS);

        double[] starts = new double[coldStarts];
        for (int i = 0; i < coldStarts; i++) {
            Started s = startChild(options);
            starts[i] = s.readyMs;
            s.child.disconnect();
            s.child.exit().get(10, TimeUnit.SECONDS);
        }
        // The same with the AOT cache the pool writes (worker.child.aot-cache-dir): train once, then measure.
        java.nio.file.Path aotCacheDir = java.nio.file.Files.createTempDirectory("brigade-aot");
        String childClasspath = ChildClasspath.detect(CHILD);
        java.nio.file.Path archive = AotCache.cacheFor(aotCacheDir, childClasspath, jvm);
        java.nio.file.Path record = archive.resolveSibling("training.config");
        List<String> training = AotCache.trainingOptions(jvm, record);
        Started trainee = startChild(ForkOptions.defaults().withExecArgv(training));
        CompletableFuture<Void> trained = new CompletableFuture<>();
        trainee.child.onMessage(m -> trained.complete(null));
        ObjectNode job = MAPPER.createObjectNode().put("type", "job");
        job.putObject("job").put("id", "train").put("type", "echo").putObject("payload").put("warm", "up");
        trainee.child.send(job);
        trained.get(60, TimeUnit.SECONDS);
        trainee.child.disconnect();
        trainee.child.exit().get(60, TimeUnit.SECONDS);
        if (!AotCache.create(jvm, childClasspath, record, archive)) {
            System.err.println("the AOT cache could not be created: the 'with its AOT cache' number is without one");
        }
        java.nio.file.Files.deleteIfExists(record);
        List<String> withAot = AotCache.useOptions(jvm, archive);
        double[] aotStarts = new double[coldStarts];
        double[] aotFirstReplies = new double[coldStarts];
        for (int i = 0; i < coldStarts; i++) {
            Started s = startChild(options.withExecArgv(withAot));
            aotStarts[i] = s.readyMs;
            aotFirstReplies[i] = s.firstReplyMs(padding);
            s.child.disconnect();
            s.child.exit().get(10, TimeUnit.SECONDS);
        }
        java.nio.file.Files.deleteIfExists(archive);
        java.nio.file.Files.deleteIfExists(aotCacheDir);

        double[] bare = new double[coldStarts];
        for (int i = 0; i < coldStarts; i++) {
            long t = System.nanoTime();
            new ProcessBuilder(ChildProcessesJava.java(), "-Xshare:auto", "-version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            bare[i] = (System.nanoTime() - t) / 1e6;
        }
        double[] dispatch = dispatch(jobs);

        Arrays.sort(rtt);
        Arrays.sort(starts);
        Arrays.sort(aotStarts);
        Arrays.sort(aotFirstReplies);
        Arrays.sort(bare);
        Arrays.sort(dispatch);
        System.out.printf(java.util.Locale.ROOT,
                "{\"subject\":\"brigade-fork\",\"java\":\"%s\",\"jvmOptions\":\"%s\",\"messageBytes\":%d,"
                        + "\"rounds\":%d,\"window\":%d,\"messages\":%d,\"rttP50Us\":%.1f,\"rttP99Us\":%.1f,"
                        + "\"pipelinedPerSec\":%d,\"pipelinedCpuUsPerMessage\":{\"parent\":%.2f,\"child\":%.2f},"
                        + "\"pipelinedTreesPerSec\":%d,\"pipelinedTreesParentCpuUsPerMessage\":%.2f,\"coldStartMedianMs\":%.1f,\"coldStartAotMedianMs\":%.1f,\"coldStartAotFirstReplyMedianMs\":%.1f,\"bareJavaMedianMs\":%.1f,"
                        + "\"dispatchJobs\":%d,\"dispatchP50Ms\":%.3f,\"dispatchP99Ms\":%.3f}%n",
                System.getProperty("java.version"), String.join(" ", jvm), messageBytes, rounds, window, messages,
                percentile(rtt, 50), percentile(rtt, 99), Math.round(perSecond), parentCpuUs, childCpuUs,
                Math.round(treesPerSecond), parentTreeCpuUs, percentile(starts, 50), percentile(aotStarts, 50),
                percentile(aotFirstReplies, 50),
                percentile(bare, 50), jobs, percentile(dispatch, 50), percentile(dispatch, 99));
        System.exit(0);
    }

    private static ObjectNode message(int id, String payload) {
        return MAPPER.createObjectNode().put("type", "echo").put("id", id).put("payload", payload);
    }

    record Started(ForkedChild child, long forkedAt, double readyMs) {

        /** Sends one echo now and waits for its answer: fork to the child's first work done, in ms. */
        double firstReplyMs(String padding) throws Exception {
            CompletableFuture<Double> replied = new CompletableFuture<>();
            child.onFrame(frame -> replied.complete((System.nanoTime() - forkedAt) / 1e6));
            child.send(message(1, padding));
            return replied.get(60, TimeUnit.SECONDS);
        }
    }

    private static Started startChild(ForkOptions options) throws Exception {
        long t = System.nanoTime();
        CompletableFuture<Double> ready = new CompletableFuture<>();
        ForkedChild child = ChildProcesses.fork(CHILD, List.of(), options);
        child.onMessage(m -> {
            if ("ready".equals(m.path("type").asText())) {
                ready.complete((System.nanoTime() - t) / 1e6);
            }
        });
        return new Started(child, t, ready.get(60, TimeUnit.SECONDS));
    }

    /**
     * One message in flight: the next is sent from the reply handler, as the Node peer does. The handler looks at
     * no field, so it takes the replies as frames (checked to be JSON objects, not parsed into trees).
     */
    private static double[] roundTrips(ForkedChild child, int count, String padding) throws Exception {
        double[] samples = new double[count];
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger i = new AtomicInteger();
        long[] sentAt = new long[1];
        Consumer<Frame> handler = reply -> {
            int n = i.get();
            samples[n] = (System.nanoTime() - sentAt[0]) / 1e3;
            if (i.incrementAndGet() == count) {
                done.countDown();
            } else {
                sentAt[0] = System.nanoTime();
                child.send(message(100000 + n + 1, padding));
            }
        };
        child.onFrame(handler);
        sentAt[0] = System.nanoTime();
        child.send(message(100000, padding));
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("round trips did not finish");
        }
        return samples;
    }

    /**
     * Up to {@code window} messages in flight. A separate thread sends (the reply handler only counts): a reader
     * thread that blocks writing to a full pipe while the child blocks writing its replies would deadlock. The
     * handler wakes the sender only when a quarter window has room (waking it for every reply would cost a
     * context switch per message); the sender then sends a burst with one flush. The handler takes the replies as
     * frames, or with {@code trees} parses each into a tree and reads its id.
     */
    private static double pipelined(ForkedChild child, int count, int window, String padding, boolean trees)
            throws Exception {
        int quarter = Math.max(1, window / 4);
        Thread sender = Thread.currentThread();
        AtomicInteger received = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong sentCount = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Runnable onReply = () -> {
            int r = received.incrementAndGet();
            if (r == count) {
                done.countDown();
            }
            if (window - (sentCount.get() - r) >= quarter || r == count) {
                java.util.concurrent.locks.LockSupport.unpark(sender);
            }
        };
        if (trees) {
            child.onMessage(reply -> {
                if (reply.path("id").asInt() > 0) {
                    onReply.run();
                }
            });
        } else {
            child.onFrame(reply -> onReply.run());
        }
        long started = System.nanoTime();
        int sent = 0;
        List<ObjectNode> burst = new ArrayList<>(window);
        while (sent < count) {
            int room = window - (sent - received.get());
            if (room < Math.min(quarter, count - sent)) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                continue;
            }
            int n = Math.min(room, count - sent);
            burst.clear();
            for (int k = 0; k < n; k++) {
                burst.add(message(100000 + (sent + k) % 900000, padding));
            }
            sent += n;
            sentCount.set(sent);
            child.sendAll(burst);
        }
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pipelined run did not finish");
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    /** Warm pool of one child: submit an echo job, wait for its outcome; milliseconds per job. */
    private static double[] dispatch(int jobs) throws Exception {
        try (WorkerPool pool = new WorkerPool(PoolConfig.defaults().withSize(1))) {
            pool.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pool.readyWorkers() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            JsonNode payload = MAPPER.readTree("{\"orderId\":\"o-1\",\"n\":1}");
            for (int i = 0; i < jobs; i++) { // warm-up
                pool.submit(new JobRequest("w" + i, "echo", payload), ProgressListener.NONE).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            double[] samples = new double[jobs];
            for (int i = 0; i < jobs; i++) {
                long t = System.nanoTime();
                JobOutcome outcome = pool.submit(new JobRequest("j" + i, "echo", payload), ProgressListener.NONE)
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                samples[i] = (System.nanoTime() - t) / 1e6;
                if (!outcome.succeeded()) {
                    throw new IllegalStateException(outcome.toString());
                }
            }
            return samples;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static final class ChildProcessesJava {
        static String java() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
