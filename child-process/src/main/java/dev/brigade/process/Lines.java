package dev.brigade.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns output chunks into UTF-8 lines: {@code SpawnOptions.defaults().withStdout(Lines.of(line -> ...))}.
 * A last line without a newline is delivered when the stream ends via {@link #flush()}. A line longer than its
 * limit ({@link #DEFAULT_MAX_LINE_BYTES} unless given) is cut there and ends with how much was left out, so a child
 * that prints without newlines cannot fill the parent's memory or its log.
 */
public final class Lines implements Consumer<byte[]> {

    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024;

    private final Consumer<String> lines;
    private final int maxLineBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long cut;

    private Lines(Consumer<String> lines, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1");
        }
        this.lines = lines;
        this.maxLineBytes = maxLineBytes;
    }

    public static Lines of(Consumer<String> lines) {
        return new Lines(lines, DEFAULT_MAX_LINE_BYTES);
    }

    public static Lines of(Consumer<String> lines, int maxLineBytes) {
        return new Lines(lines, maxLineBytes);
    }

    @Override
    public synchronized void accept(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                keep(chunk, start, i - start);
                emit();
                start = i + 1;
            }
        }
        keep(chunk, start, chunk.length - start);
    }

    public synchronized void flush() {
        if (partial.size() > 0 || cut > 0) {
            emit();
        }
    }

    private void keep(byte[] chunk, int offset, int length) {
        int room = Math.max(0, maxLineBytes - partial.size());
        partial.write(chunk, offset, Math.min(room, length));
        cut += Math.max(0, length - room);
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (cut > 0) {
            line += "... (" + cut + " more bytes)";
            cut = 0;
        } else if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        lines.accept(line);
    }
}
