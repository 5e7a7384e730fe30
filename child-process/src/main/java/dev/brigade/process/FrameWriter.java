package dev.brigade.process;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes JSON frames (one compact JSON document, then {@code \n}) to a stream. Thread-safe: each frame is written
 * whole under a lock. Jackson escapes every control character inside strings, so a frame never contains a raw
 * newline. A frame is flushed at once unless {@link #deferFlush} is on (the child turns it on while it works
 * through a batch of already-received messages, then flushes once).
 * <p>
 * One generator is kept for the stream (no per-message serializer set-up or intermediate byte array); it writes
 * strings through a reused char buffer ({@link CharBufferStringGenerator}). A message
 * that is not a {@link JsonNode} is turned into one first, so a message that cannot be written as JSON fails
 * before any of its bytes reach the stream.
 */
public final class FrameWriter {

    private final ObjectMapper mapper;
    private final ObjectMapper streaming;
    private final JsonGenerator generator;
    private boolean deferFlush;

    public FrameWriter(ObjectMapper mapper, OutputStream out) {
        this.mapper = mapper;
        this.streaming = mapper.copy().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        try {
            this.generator = new CharBufferStringGenerator(streaming.getFactory()
                    .createGenerator(new BufferedOutputStream(out, 64 * 1024))
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .setRootValueSeparator(null), CharBufferStringGenerator.writesAsciiAsIs(streaming.getFactory()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one message; throws {@link UncheckedIOException} when the other side has gone. */
    public void write(Object message) {
        JsonNode tree = toTree(message);
        synchronized (this) {
            try {
                writeFrame(tree);
                if (!deferFlush) {
                    generator.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("channel closed", e);
            }
        }
    }

    /** Writes several messages with one flush: one system call for a burst instead of one per message. */
    public void writeAll(Collection<?> messages) {
        List<JsonNode> trees = new ArrayList<>(messages.size());
        for (Object message : messages) {
            trees.add(toTree(message));
        }
        synchronized (this) {
            try {
                for (JsonNode tree : trees) {
                    writeFrame(tree);
                }
                if (!deferFlush) {
                    generator.flush();
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
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("channel closed", e);
        }
    }

    public synchronized void close() {
        try {
            generator.flush();
        } catch (IOException e) {
            // the other side is gone already
        }
        try {
            ((OutputStream) generator.getOutputTarget()).close();
        } catch (IOException e) {
            // the other side is gone already
        }
    }

    private void writeFrame(JsonNode tree) throws IOException {
        streaming.writeTree(generator, tree);
        generator.writeRaw('\n');
    }

    private JsonNode toTree(Object message) {
        if (message instanceof JsonNode node) {
            return node;
        }
        try {
            return mapper.valueToTree(message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
