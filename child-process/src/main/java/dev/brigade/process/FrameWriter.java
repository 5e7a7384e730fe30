package dev.brigade.process;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes JSON frames (one compact JSON document, then {@code \n}) to a stream. Thread-safe: each frame is written
 * whole under a lock. Jackson escapes every control character inside strings, so a frame never contains a raw
 * newline. A frame is flushed at once unless {@link #deferFlush} is on (the child turns it on while it works
 * through a batch of already-received messages, then flushes once).
 * <p>
 * One generator is kept for the stream (no per-message serializer set-up or intermediate byte array); it writes
 * strings through a reused char buffer ({@link CharBufferStringGenerator}). A tree is written node by node with the
 * generator alone, as Jackson writes it, with no {@link ObjectMapper}: setting one up costs a starting child on one
 * core about 60 ms (its date format and time zone data), more than the rest of its way to its first message. A
 * message that is not a {@link JsonNode} is turned into one first, by the mapper, so a message that cannot be
 * written as JSON fails before any of its bytes reach the stream.
 */
public final class FrameWriter {

    private final Supplier<ObjectMapper> mapper;
    private final JsonGenerator generator;
    private boolean deferFlush;

    /** {@code mapper} is asked only for a message that is not a tree, or a tree that holds a Java object. */
    public FrameWriter(Supplier<ObjectMapper> mapper, OutputStream out) {
        this.mapper = mapper;
        JsonFactory factory = new JsonFactory();
        try {
            this.generator = new CharBufferStringGenerator(factory
                    .createGenerator(new BufferedOutputStream(out, 64 * 1024))
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .setRootValueSeparator(null), CharBufferStringGenerator.writesAsciiAsIs(factory));
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
        writeNode(tree);
        generator.writeRaw('\n');
    }

    private void writeNode(JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    writeNode(field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> writeNumber(node);
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case BINARY -> generator.writeBinary(node.binaryValue());
            case POJO -> mapper.get().writeTree(generator, node);
        }
    }

    private void writeNumber(JsonNode number) throws IOException {
        switch (number.numberType()) {
            case INT -> generator.writeNumber(number.intValue());
            case LONG -> generator.writeNumber(number.longValue());
            case BIG_INTEGER -> generator.writeNumber(number.bigIntegerValue());
            case FLOAT -> generator.writeNumber(number.floatValue());
            case DOUBLE -> generator.writeNumber(number.doubleValue());
            case BIG_DECIMAL -> generator.writeNumber(number.decimalValue());
        }
    }

    private JsonNode toTree(Object message) {
        if (message instanceof JsonNode node) {
            return node;
        }
        try {
            return mapper.get().valueToTree(message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
