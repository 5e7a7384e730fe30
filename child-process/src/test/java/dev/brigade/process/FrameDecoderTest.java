package dev.brigade.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class FrameDecoderTest {

    private final List<JsonNode> messages = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(new ObjectMapper(), 64, new FrameDecoder.Sink() {
        @Override
        public void message(JsonNode message) {
            messages.add(message);
        }

        @Override
        public void malformed(MalformedFrameException error) {
            errors.add(error.getMessage());
        }
    });

    @Test
    void framesSplitByteByByteOrMergedInOneChunkComeOutWhole() {
        byte[] bytes = "{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":3}\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            decoder.feed(new byte[] { b }, 0, 1);
        }
        decoder.feed(bytes, 0, bytes.length);
        assertEquals(6, messages.size());
        assertEquals(3, messages.get(5).path("c").asInt());
        assertTrue(errors.isEmpty());
    }

    @Test
    void aTooLongFrameIsDroppedAndTheNextOneStillArrives() {
        feed("{\"x\":\"" + "y".repeat(100));
        feed("\"}\n{\"ok\":true}\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("longer than 64 bytes"), errors.get(0));
        assertEquals(1, messages.size());
    }

    @Test
    void aFrameThatCrossesTheLimitInTheChunkThatEndsItDoesNotTakeTheNextFrameWithIt() {
        feed("{\"x\":\"" + "y".repeat(40));                     // 46 bytes pending: under the limit
        feed("y".repeat(40) + "\"}\n{\"next\":1}\n");             // over it, and the frame ends in this chunk
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(1, messages.size(), "the frame after the oversized one");
        assertEquals(1, messages.get(0).path("next").asInt());
    }

    @Test
    void junkAndNonObjectsAreReportedAndSkipped() {
        feed("hello\n42\n{\"ok\":1}\n{\"partial\":");
        decoder.end();
        assertEquals(1, messages.size());
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(2).contains("ended inside a frame"), errors.get(2));
    }

    @Test
    void framesTakenRawAreTheBytesTheSenderWroteAndJunkIsReportedAsForTrees() {
        List<String> frames = new ArrayList<>();
        List<String> rawErrors = new ArrayList<>();
        FrameDecoder raw = new FrameDecoder(new ObjectMapper(), 64, new FrameDecoder.FrameSink() {
            @Override
            public void frame(Frame frame) {
                frames.add(frame.toString());
            }

            @Override
            public void malformed(MalformedFrameException error) {
                rawErrors.add(error.getMessage());
            }
        });
        String junk = "hello\n42\n{\"a\": [1, {\"b\": \"zwölf\"}]}\r\n{\"broken\": tru}\n"
                + "{\"x\":\"" + "y".repeat(80) + "\"}\n";
        byte[] bytes = (junk + "{\"ok\":1}\n{\"partial\":").getBytes(StandardCharsets.UTF_8);
        raw.feed(bytes, 0, bytes.length);
        raw.end();
        feed(junk + "{\"ok\":1}\n{\"partial\":");
        decoder.end();

        assertEquals(List.of("{\"a\": [1, {\"b\": \"zwölf\"}]}", "{\"ok\":1}"), frames);
        assertEquals(errors, rawErrors);
        assertEquals(5, rawErrors.size(), rawErrors.toString());
        assertEquals("zwölf", messages.get(0).path("a").path(1).path("b").asText());
    }

    @Test
    void theNewlineIsFoundAtEveryOffsetOfAWord() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = new byte[length];
                java.util.Arrays.fill(bytes, (byte) 0x0B);
                bytes[at] = '\n';
                if (at + 1 < length) {
                    bytes[at + 1] = '\n';
                }
                assertEquals(at, FrameDecoder.indexOfNewline(bytes, 0, length));
                assertEquals(-1, FrameDecoder.indexOfNewline(bytes, 0, at));
            }
        }
        byte[] tricky = { 0x0B, 0x0B, 0x09, (byte) 0x8A, 0x0B, 0x0A, 0x0B, 0x0B, 0x0B };
        assertEquals(5, FrameDecoder.indexOfNewline(tricky, 0, tricky.length));
        assertEquals(5, FrameDecoder.indexOfNewline(tricky, 1, tricky.length));
    }

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        decoder.feed(bytes, 0, bytes.length);
    }
}
