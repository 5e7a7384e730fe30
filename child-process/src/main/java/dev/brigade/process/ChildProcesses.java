package dev.brigade.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Node's {@code child_process} for Java: {@link #spawn}, {@link #exec}, {@link #execFile} and {@link #fork}.
 * See the package documentation for the semantics and the fork channel's framing.
 */
public final class ChildProcesses {

    static final ExecutorService IO = Executors.newCachedThreadPool(daemon("child-io"));
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(daemon("child-timer"));

    private ChildProcesses() {
    }

    /**
     * Starts {@code command} with {@code args}, without a shell. Output is delivered to the options' listeners as it
     * arrives. Never throws for a program that cannot be started: the returned child's {@link ChildProcess#onExit()}
     * fails with a {@link ChildProcessException} ({@code ENOENT}, {@code EACCES}) instead, as Node's {@code error}
     * event does.
     */
    public static ChildProcess spawn(String command, List<String> args, SpawnOptions options) {
        ChildProcess child = create(command, args, ChildProcessException.commandLine(command, args), options);
        if (child.spawned()) {
            child.start();
        }
        return child;
    }

    public static ChildProcess spawn(String command, String... args) {
        return spawn(command, List.of(args), SpawnOptions.defaults());
    }

    /**
     * Runs {@code commandLine} with {@code /bin/sh -c}, buffering its output. Only for trusted, configured commands:
     * the shell interprets everything in it. Fails with a {@link ChildProcessException} ("Command failed: ...") on
     * a non-zero exit, a signal, a timeout or an exceeded maxBuffer.
     */
    public static CompletableFuture<ExecResult> exec(String commandLine, ExecOptions options) {
        return exec(commandLine, options, null);
    }

    /** {@link #exec} that is killed (and fails with {@code ABORT_ERR}) when {@code abort} completes. */
    public static CompletableFuture<ExecResult> exec(String commandLine, ExecOptions options,
            java.util.concurrent.CompletionStage<?> abort) {
        return run("/bin/sh", List.of("-c", commandLine), commandLine, options, abort);
    }

    /** {@link #exec} without a shell: every argument reaches the program exactly as given. The safe default. */
    public static CompletableFuture<ExecResult> execFile(String file, List<String> args, ExecOptions options) {
        return execFile(file, args, options, null);
    }

    /** {@link #execFile} that is killed (and fails with {@code ABORT_ERR}) when {@code abort} completes. */
    public static CompletableFuture<ExecResult> execFile(String file, List<String> args, ExecOptions options,
            java.util.concurrent.CompletionStage<?> abort) {
        return run(file, args, ChildProcessException.commandLine(file, args), options, abort);
    }

    /**
     * Starts {@code mainClass} in a new JVM of the same Java runtime with a JSON message channel over its
     * stdin/stdout; the child side is {@link ChildChannel}.
     */
    public static ForkedChild fork(String mainClass, List<String> args, ForkOptions options) {
        return ForkedChild.start(mainClass, args, options);
    }

    static ChildProcess create(String command, List<String> args, String cmd, SpawnOptions options) {
        if (options.abort() != null && options.abort().toCompletableFuture().isDone()) {
            return ChildProcess.failed(cmd, new ChildProcessException("The operation was aborted",
                    ChildProcessException.ABORT, null, null, false, cmd, null, null, false, null));
        }
        if (options.cwd() != null && !Files.isDirectory(options.cwd())) {
            return ChildProcess.failed(cmd, ChildProcessException.spawnFailed(ChildProcessException.ENOENT, cmd,
                    command, "cwd " + options.cwd() + " is not a directory", null));
        }
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(command);
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (options.cwd() != null) {
            builder.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            if (options.replaceEnv()) {
                builder.environment().clear();
            }
            builder.environment().putAll(options.env());
        }
        if (options.stdin() instanceof Stdin.Inherit) {
            builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        try {
            return ChildProcess.started(builder.start(), cmd, options);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            String code = message.contains("error=13") ? ChildProcessException.EACCES : ChildProcessException.ENOENT;
            return ChildProcess.failed(cmd, ChildProcessException.spawnFailed(code, cmd, command, message, e));
        }
    }

    private static CompletableFuture<ExecResult> run(String file, List<String> args, String cmd, ExecOptions options,
            java.util.concurrent.CompletionStage<?> abort) {
        BoundedBuffer out = new BoundedBuffer(options.maxBuffer(), "stdout");
        BoundedBuffer err = new BoundedBuffer(options.maxBuffer(), "stderr");
        ChildProcess child = create(file, args, cmd,
                options.toSpawnOptions().withStdout(out).withStderr(err).withAbort(abort));
        if (!child.spawned()) {
            return child.onClose().thenApply(s -> null);
        }
        Runnable overflow = () -> child.terminate(options.killSignal(), options.killGrace());
        out.onOverflow = overflow;
        err.onOverflow = overflow;
        child.start();
        return child.onClose().thenApply(status -> {
            BoundedBuffer overflowed = out.exceeded ? out : err.exceeded ? err : null;
            if (overflowed != null) {
                throw new ChildProcessException(overflowed.name + " maxBuffer length exceeded",
                        ChildProcessException.MAXBUFFER, status.code(), status.signal(), child.killed(), cmd,
                        out.bytes(), err.bytes(), true, null);
            }
            if (child.aborted()) {
                throw new ChildProcessException("The operation was aborted", ChildProcessException.ABORT,
                        status.code(), status.signal(), child.killed(), cmd, out.bytes(), err.bytes(), true, null);
            }
            if (!status.success()) {
                throw new ChildProcessException(ChildProcessException.commandFailed(cmd, err.bytes()), null,
                        status.code(), status.signal(), child.killed(), cmd, out.bytes(), err.bytes(), true, null);
            }
            return new ExecResult(out.bytes(), err.bytes(), options.encoding());
        });
    }

    /** Sends {@code signal} to one process: Java can send TERM and KILL itself, anything else goes through kill(1). */
    static boolean signal(ProcessHandle handle, Signal signal) {
        switch (signal) {
            case SIGTERM:
                return handle.destroy();
            case SIGKILL:
                return handle.destroyForcibly();
            default:
                try {
                    Process kill = new ProcessBuilder("kill", "-s", signal.shortName(), Long.toString(handle.pid()))
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return kill.waitFor() == 0;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
        }
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Collects up to {@code max} bytes; one more marks it exceeded, keeps the first max bytes and drops the rest. */
    private static final class BoundedBuffer implements Consumer<byte[]> {
        private final long max;
        private final String name;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile Runnable onOverflow;
        volatile boolean exceeded;

        BoundedBuffer(long max, String name) {
            this.max = max;
            this.name = name;
        }

        @Override
        public synchronized void accept(byte[] chunk) {
            if (exceeded) {
                return;
            }
            long room = max - bytes.size();
            if (chunk.length > room) {
                bytes.write(chunk, 0, (int) Math.max(0, room));
                exceeded = true;
                onOverflow.run();
            } else {
                bytes.write(chunk, 0, chunk.length);
            }
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    static Path javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
