package dev.brigade.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the writer puts on the wire is what Jackson writes for the message in UTF-8, one frame per line. */
class FrameWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyStringIsWrittenAsJacksonWritesIt() throws Exception {
        String tricky = "zwölf \"quoted\" \\ / \n\r\t\u0000\u001f\u007f \u2028 😀 ü";
        List<String> strings = new ArrayList<>(List.of("", "plain", tricky, "x".repeat(16 * 1024),
                "x".repeat(16 * 1024 + 1), tricky.repeat(2_000), "ü".repeat(100_000), "why?", "é", "\u0100",
                "ascii then \u0141", "/path/~x", "\ud83d", "x".repeat(1000)));
        // Every character that needs care, at every offset of an eight-byte word, in a string otherwise plain.
        for (String special : List.of("\"", "\\", "?", "\n", "\u0000", "\u001f", "\u007f", "é", "\u0141", "😀", "\udc00")) {
            for (int at = 0; at < 17; at++) {
                strings.add("a".repeat(at) + special + "b".repeat(17 - at));
            }
        }
        List<ObjectNode> messages = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (String text : strings) {
            ObjectNode message = MAPPER.createObjectNode().put("type", "echo").put("text", text);
            message.putObject("nested").put(tricky, text).putArray("list").add(text).addNull();
            messages.add(message);
            expected.append(new String(MAPPER.writeValueAsBytes(message), StandardCharsets.UTF_8)).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(MAPPER, out);
        writer.write(messages.get(0));
        writer.writeAll(messages.subList(1, messages.size()));

        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
    }
}
