package dev.brigade.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running (or failed-to-start) child, as returned by {@link ChildProcesses#spawn}.
 * <p>
 * Both output pipes are always drained by their own thread, so a child never blocks on a full pipe whether or not
 * anyone listens. {@link #onExit()} completes when the process has exited (Java's process reaper has waited for
 * it, so it leaves no zombie); {@link #onClose()} completes after that and after both pipes reached EOF and were
 * closed — Node's {@code exit} and {@code close} events. When the program could not be started both complete
 * exceptionally with a {@link ChildProcessException} whose {@code errorCode} is {@code ENOENT} or {@code EACCES}.
 */
public final class ChildProcess {

    private static final Logger LOG = Logger.getLogger(ChildProcess.class.getName());

    private final Process process;
    private final String cmd;
    private final SpawnOptions options;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private final CompletableFuture<ExitStatus> close = new CompletableFuture<>();
    private volatile boolean killed;
    private volatile boolean timedOut;
    private volatile boolean aborted;
    private volatile ScheduledFuture<?> timeoutTask;

    private ChildProcess(Process process, String cmd, SpawnOptions options) {
        this.process = process;
        this.cmd = cmd;
        this.options = options;
    }

    static ChildProcess failed(String cmd, ChildProcessException error) {
        ChildProcess child = new ChildProcess(null, cmd, null);
        child.exit.completeExceptionally(error);
        child.close.completeExceptionally(error);
        return child;
    }

    static ChildProcess started(Process process, String cmd, SpawnOptions options) {
        return new ChildProcess(process, cmd, options);
    }

    /** Starts the pipe threads and the timeout; separate from construction so callbacks can see this object. */
    void start() {
        CompletableFuture<Void> out = drain(process.getInputStream(), options.stdout(), "stdout");
        CompletableFuture<Void> err = drain(process.getErrorStream(), options.stderr(), "stderr");
        feedStdin();
        if (options.timeout() != null) {
            timeoutTask = ChildProcesses.SCHEDULER.schedule(this::onTimeout, options.timeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        if (options.abort() != null) {
            options.abort().whenComplete((v, e) -> {
                if (process.isAlive()) {
                    aborted = true;
                    terminate(options.killSignal(), options.killGrace());
                }
            });
        }
        process.onExit().whenComplete((p, failure) -> {
            ScheduledFuture<?> t = timeoutTask;
            if (t != null) {
                t.cancel(false);
            }
            ExitStatus status = ExitStatus.fromExitValue(process.exitValue());
            exit.complete(status);
            CompletableFuture.allOf(out, err).whenComplete((v, e) -> {
                closeQuietly(process.getOutputStream());
                close.complete(status);
            });
        });
    }

    private void feedStdin() {
        Stdin stdin = options.stdin();
        if (stdin instanceof Stdin.Bytes bytes && bytes.bytes().length == 0) {
            closeQuietly(process.getOutputStream());
        } else if (stdin instanceof Stdin.Bytes bytes) {
            ChildProcesses.IO.execute(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(bytes.bytes());
                } catch (IOException e) {
                    LOG.log(Level.FINE, "stdin of " + cmd + " closed early", e);
                }
            });
        } else if (stdin instanceof Stdin.Stream stream) {
            ChildProcesses.IO.execute(() -> {
                try (InputStream source = stream.in(); OutputStream in = process.getOutputStream()) {
                    source.transferTo(in);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "stdin of " + cmd + " closed early", e);
                }
            });
        }
    }

    /** An output listener that consumes the chunk before returning, so the pipe thread's buffer is lent, not copied. */
    interface ChunkSink extends Consumer<byte[]> {
        void accept(byte[] buffer, int length);

        @Override
        default void accept(byte[] chunk) {
            accept(chunk, chunk.length);
        }
    }

    private static CompletableFuture<Void> drain(InputStream in, Consumer<byte[]> sink, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ChildProcesses.IO.execute(() -> {
            byte[] buffer = new byte[64 * 1024];
            Consumer<byte[]> target = sink;
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (target != null && n > 0) {
                        try {
                            if (target instanceof ChunkSink lender) {
                                lender.accept(buffer, n); // reads the bytes before returning: no copy needed
                            } else {
                                target.accept(Arrays.copyOf(buffer, n));
                            }
                        } catch (RuntimeException e) {
                            // Keep draining: a failing listener must not leave the child blocked on a full pipe.
                            LOG.log(Level.WARNING, name + " listener failed, dropping the rest of the output", e);
                            target = null;
                        }
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, name + " closed", e);
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    private void onTimeout() {
        if (process.isAlive()) {
            timedOut = true;
            terminate(options.killSignal(), options.killGrace());
        }
    }

    /**
     * Sends {@code signal} to the child and its descendants, then {@code SIGKILL} to whatever is still alive after
     * {@code grace}. Used for timeouts and maxBuffer.
     */
    public void terminate(Signal signal, java.time.Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(d -> ChildProcesses.signal(d, signal));
        kill(signal);
        if (signal != Signal.SIGKILL) {
            ChildProcesses.SCHEDULER.schedule(() -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }, grace.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Sends {@code SIGTERM}. */
    public boolean kill() {
        return kill(Signal.SIGTERM);
    }

    /**
     * Sends {@code signal} to the child. Returns false (and sets nothing) when it is not running.
     * {@link #killed()} is true at once when the signal was sent.
     */
    public boolean kill(Signal signal) {
        if (process == null || !process.isAlive()) {
            return false;
        }
        killed = true;
        return ChildProcesses.signal(process.toHandle(), signal);
    }

    /** True once this toolkit has sent the child a signal. */
    public boolean killed() {
        return killed;
    }

    /** True when the child was signalled because its timeout expired. */
    public boolean timedOut() {
        return timedOut;
    }

    /** True when the abort signal of the options killed the child (aborting after its exit does nothing). */
    public boolean aborted() {
        return aborted;
    }

    /** -1 when the child never started. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** False when the program could not be started (see {@link #onExit()}). */
    public boolean spawned() {
        return process != null;
    }

    /** CPU time the child has used so far, in nanoseconds; -1 when the platform does not say. */
    public long cpuNanos() {
        return process == null ? -1
                : process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String cmd() {
        return cmd;
    }

    /** The child's stdin when {@link Stdin#pipe()} was chosen; close it to send EOF. */
    public OutputStream stdin() {
        if (process == null) {
            throw new IllegalStateException("the child never started: " + cmd);
        }
        return process.getOutputStream();
    }

    /** Completes when the process has exited. */
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    /** Completes after the exit and after both output pipes reached EOF and all listeners were called. */
    public CompletableFuture<ExitStatus> onClose() {
        return close;
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // already closed by the child's exit: nothing to do
        }
    }
}
