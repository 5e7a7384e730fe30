package dev.brigade.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LinesTest {

    private final List<String> lines = new ArrayList<>();

    @Test
    void chunksBecomeLinesWhereverTheyAreSplit() {
        Lines splitter = Lines.of(lines::add);
        splitter.accept(bytes("one\r\ntw"));
        splitter.accept(bytes("o\nthree"));
        splitter.flush();
        assertEquals(List.of("one", "two", "three"), lines);
    }

    @Test
    void aLineOverTheLimitIsCutAndSaysHowMuchWasLeftOut() {
        Lines splitter = Lines.of(lines::add, 10);
        splitter.accept(bytes("0123456789abc"));
        splitter.accept(bytes("def\nshort\n"));
        splitter.accept(bytes("x".repeat(25)));
        splitter.flush();
        assertEquals(List.of("0123456789... (6 more bytes)", "short", "xxxxxxxxxx... (15 more bytes)"), lines);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
