package dev.brigade.worker.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.brigade.process.AotCache;
import dev.brigade.process.ChildProcesses;
import dev.brigade.process.ForkOptions;
import dev.brigade.process.ForkedChild;
import dev.brigade.worker.protocol.Message;
import dev.brigade.worker.protocol.MessageCodec;

/**
 * Makes the children's AOT cache ({@link AotCache}) usable, off the pool's start-up path: the first children start
 * without it. A cache from an earlier start is checked once; a missing one is written by a training child that
 * renders one invoice, so Jackson, PDFBox and the job path are in it. A cache the JVM cannot use is dropped with one
 * log line, and the children go on starting without it.
 */
final class ChildAotTrainer {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final PoolConfig config;
    private final String classpath;
    private final Path cache;
    private final MessageCodec codec = new MessageCodec();

    ChildAotTrainer(PoolConfig config, String classpath, Path cache) {
        this.config = config;
        this.classpath = classpath;
        this.cache = cache;
    }

    /** True once the cache exists and this JVM maps it; {@code sender} sends the training job. */
    boolean prepare(ExecutorService sender) {
        try {
            if (!Files.exists(cache)) {
                train(sender);
            }
            if (AotCache.usable(config.jvmOptions(), classpath, cache)) {
                LOG.infof("children start from the AOT cache %s", cache);
                return true;
            }
            Files.deleteIfExists(cache);
            LOG.warnf("the children's AOT cache %s cannot be used by this JVM; children start without it", cache);
        } catch (Exception e) {
            LOG.warnf("could not prepare the children's AOT cache %s (children start without it): %s", cache,
                    e.toString());
        }
        return false;
    }

    /** A training child renders one invoice and exits normally, recording what it did; the cache is made from that. */
    private void train(ExecutorService sender) throws Exception {
        Path record = cache.resolveSibling(cache.getFileName() + ".config");
        Path written = cache.resolveSibling(cache.getFileName() + ".tmp");
        List<String> options = AotCache.trainingOptions(config.jvmOptions(), record);
        ForkedChild trainee = ChildProcesses.fork(config.mainClass(), List.of(),
                ForkOptions.defaults().withExecArgv(options).withClasspath(classpath)
                        .withOnlyEnv(ChildEnvironment.of(System.getenv())));
        CompletableFuture<Void> done = new CompletableFuture<>();
        trainee.onMessage(frame -> {
            switch (codec.decode(frame)) {
                case Message.Ready ready -> sender.execute(() -> trainee.send(codec.encode(trainingJob())));
                case Message.Result result -> done.complete(null);
                case Message.Failure failure -> done.complete(null);
                default -> {
                }
            }
        }).onError(error -> done.completeExceptionally(error));
        done.get(config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        trainee.disconnect();
        trainee.exit().get(config.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        boolean created = AotCache.create(config.jvmOptions(), classpath, record, written);
        Files.deleteIfExists(record);
        if (!created) {
            Files.deleteIfExists(written);
            throw new IllegalStateException("the JVM could not assemble the AOT cache from the training child");
        }
        // Renamed only when complete, so no child ever maps a half-written cache.
        Files.move(written, cache, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("AOT cache for children written: %s", cache);
    }

    private static Message.StartJob trainingJob() {
        JobRequest job = WarmUpJobs.invoice("aot-training");
        return new Message.StartJob(job.id(), job.type(), job.payload());
    }
}
