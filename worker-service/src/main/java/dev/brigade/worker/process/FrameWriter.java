package dev.brigade.worker.process;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes JSON frames (one compact JSON document, then {@code \n}) to a stream. Thread-safe: each frame is written
 * whole under a lock. Jackson escapes every control character inside strings, so a frame never contains a raw
 * newline. A frame is flushed at once unless {@link #deferFlush} is on (the child turns it on while it works
 * through a batch of already-received messages, then flushes once).
 */
public final class FrameWriter {

    private final ObjectMapper mapper;
    private final OutputStream out;
    private boolean deferFlush;

    public FrameWriter(ObjectMapper mapper, OutputStream out) {
        this.mapper = mapper;
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    /** Writes one message; throws {@link UncheckedIOException} when the other side has gone. */
    public void write(Object message) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalArgumentException("message cannot be written as JSON: " + e.getMessage(), e);
        }
        synchronized (this) {
            try {
                out.write(json);
                out.write('\n');
                if (!deferFlush) {
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("channel closed", e);
            }
        }
    }

    /** Writes several messages with one flush: one system call for a burst instead of one per message. */
    public void writeAll(java.util.Collection<?> messages) {
        java.util.List<byte[]> frames = new java.util.ArrayList<>(messages.size());
        for (Object message : messages) {
            try {
                frames.add(mapper.writeValueAsBytes(message));
            } catch (IOException e) {
                throw new IllegalArgumentException("message cannot be written as JSON: " + e.getMessage(), e);
            }
        }
        synchronized (this) {
            try {
                for (byte[] json : frames) {
                    out.write(json);
                    out.write('\n');
                }
                if (!deferFlush) {
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("channel closed", e);
            }
        }
    }

    public synchronized void deferFlush(boolean defer) {
        this.deferFlush = defer;
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("channel closed", e);
        }
    }

    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the other side is gone already
        }
    }
}
