package dev.brigade.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns output chunks into UTF-8 lines: {@code SpawnOptions.defaults().withStdout(Lines.of(line -> ...))}.
 * A last line without a newline is delivered when the stream ends via {@link #flush()}.
 */
public final class Lines implements Consumer<byte[]> {

    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    private Lines(Consumer<String> lines) {
        this.lines = lines;
    }

    public static Lines of(Consumer<String> lines) {
        return new Lines(lines);
    }

    @Override
    public synchronized void accept(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                partial.write(chunk, start, i - start);
                emit();
                start = i + 1;
            }
        }
        partial.write(chunk, start, chunk.length - start);
    }

    public synchronized void flush() {
        if (partial.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
}
