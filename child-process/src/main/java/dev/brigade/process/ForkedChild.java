package dev.brigade.process;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JVM child started by {@link ChildProcesses#fork}, with its message channel.
 * <p>
 * Each message arrives as a tree ({@link #onMessage}) or, for a consumer that needs none, as the {@link Frame} the
 * child wrote ({@link #onFrame}: checked to be a JSON object, not parsed). Messages the child sends before either
 * is called are kept and delivered, in order, to the first handler. Handlers run on the channel's reader thread,
 * one message at a time: keep them short, and do not send bursts from a handler: {@link #send} blocks while the
 * child's stdin pipe is full, and a reader thread blocked there stops draining the child's replies, which can
 * block the child in turn. Send from another thread.
 */
public final class ForkedChild {

    private static final Logger LOG = Logger.getLogger(ForkedChild.class.getName());
    private static final Logger CHILD_LOG = Logger.getLogger("dev.brigade.worker.child");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Object handlerLock = new Object();
    private final Queue<Frame> early = new ArrayDeque<>();
    private volatile Consumer<Frame> frameHandler;
    private volatile Consumer<MalformedFrameException> errorHandler;
    private volatile boolean connected = true;
    private ChildProcess process;
    private FrameWriter writer;

    private ForkedChild() {
    }

    static ForkedChild start(String mainClass, List<String> args, ForkOptions options) {
        ForkedChild child = new ForkedChild();
        String java = options.java() != null ? options.java() : ChildProcesses.javaCommand().toString();
        String classpath = options.classpath() != null ? options.classpath() : ChildClasspath.detect(mainClass);
        // JVM warnings go to stdout by default, where they would be read as (malformed) frames: send them to stderr.
        List<String> argv = new ArrayList<>(List.of("-Xlog:disable", "-Xlog:all=warning:stderr"));
        argv.addAll(options.execArgv());
        argv.add("-cp");
        argv.add(classpath);
        argv.add(mainClass);
        argv.addAll(args);

        FrameDecoder decoder = new FrameDecoder(MAPPER, options.maxFrameBytes(), new FrameDecoder.FrameSink() {
            @Override
            public void frame(Frame frame) {
                child.deliver(frame);
            }

            @Override
            public void malformed(MalformedFrameException error) {
                child.malformed(error);
            }
        });
        Lines stderr = Lines.of(options.stderrLines() != null ? options.stderrLines()
                : line -> CHILD_LOG.info(() -> "[child " + child.pid() + "] " + line));
        SpawnOptions spawn = SpawnOptions.defaults().withCwd(options.cwd())
                .withStdout((ChildProcess.ChunkSink) (buffer, length) -> decoder.feed(buffer, 0, length))
                .withStderr(stderr);
        if (options.env() != null) {
            spawn = options.replaceEnv() ? spawn.withOnlyEnv(options.env()) : spawn.withEnv(options.env());
        }
        child.process = ChildProcesses.create(java, argv, mainClass, spawn);
        if (child.process.spawned()) {
            child.writer = new FrameWriter(() -> MAPPER, child.process.stdin());
            child.process.start();
            child.process.onClose().whenComplete((status, failure) -> {
                decoder.end();
                stderr.flush();
                child.connected = false;
            });
        } else {
            child.connected = false;
        }
        return child;
    }

    /** Sends one message (anything Jackson can write as a JSON object). Blocks while the pipe is full. */
    public void send(Object message) {
        if (!connected) {
            throw new IllegalStateException("channel to child " + pid() + " is closed");
        }
        try {
            writer.write(message);
        } catch (UncheckedIOException e) {
            connected = false;
            throw new IllegalStateException("channel to child " + pid() + " is closed", e);
        }
    }

    /**
     * Sends several messages in order with one flush (one system call for the burst, where {@link #send} makes one
     * per message): for pipelined traffic.
     */
    public void sendAll(java.util.Collection<?> messages) {
        if (!connected) {
            throw new IllegalStateException("channel to child " + pid() + " is closed");
        }
        try {
            writer.writeAll(messages);
        } catch (UncheckedIOException e) {
            connected = false;
            throw new IllegalStateException("channel to child " + pid() + " is closed", e);
        }
    }

    /**
     * Sets the handler for messages from the child, each parsed into a tree; earlier messages are delivered to it
     * first. Replaces a handler set with {@link #onFrame}.
     */
    public ForkedChild onMessage(Consumer<JsonNode> handler) {
        return onFrame(frame -> {
            JsonNode message;
            try {
                message = frame.tree();
            } catch (MalformedFrameException e) {
                malformed(e);
                return;
            }
            handler.accept(message);
        });
    }

    /**
     * Sets the handler for messages from the child as the frames it wrote, for a consumer that needs no tree (it
     * counts, stores or forwards them); earlier messages are delivered to it first. Replaces a handler set with
     * {@link #onMessage}.
     */
    public ForkedChild onFrame(Consumer<Frame> handler) {
        synchronized (handlerLock) {
            Frame frame;
            while ((frame = early.poll()) != null) {
                handler.accept(frame);
            }
            frameHandler = handler;
        }
        return this;
    }

    /** Sets the handler for malformed frames from the child (by default they are logged as warnings). */
    public ForkedChild onError(Consumer<MalformedFrameException> handler) {
        errorHandler = handler;
        return this;
    }

    /** Calls {@code handler} once the child has exited and its output is closed. */
    public ForkedChild onExit(Consumer<ExitStatus> handler) {
        process.onClose().thenAccept(handler);
        return this;
    }

    /** Completes after the child exited and its pipes were closed; fails if it never started. */
    public CompletableFuture<ExitStatus> exit() {
        return process.onClose();
    }

    /** Closes the channel: the child reads EOF and exits by itself. */
    public void disconnect() {
        connected = false;
        if (writer != null) {
            writer.close();
        }
    }

    public boolean connected() {
        return connected;
    }

    public boolean kill(Signal signal) {
        return process.kill(signal);
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ChildProcess process() {
        return process;
    }

    private void deliver(Frame frame) {
        Consumer<Frame> handler = frameHandler;
        if (handler == null) {
            synchronized (handlerLock) {
                handler = frameHandler;
                if (handler == null) {
                    early.add(frame);
                    return;
                }
            }
        }
        try {
            handler.accept(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "message handler of child " + pid() + " failed", e);
        }
    }

    private void malformed(MalformedFrameException error) {
        Consumer<MalformedFrameException> handler = errorHandler;
        if (handler != null) {
            handler.accept(error);
        } else {
            LOG.warning(() -> "child " + pid() + " sent a malformed frame: " + error.getMessage());
        }
    }
}
