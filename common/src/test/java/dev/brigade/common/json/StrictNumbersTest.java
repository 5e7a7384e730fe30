package dev.brigade.common.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

class StrictNumbersTest {

    record Line(int quantity, long priceCents) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    StrictNumbersTest() {
        new StrictNumbers().customize(mapper);
    }

    @Test
    void aFractionForAWholeNumberIsRefusedNotTruncated() {
        assertThrows(InvalidFormatException.class,
                () -> mapper.readValue("{\"quantity\":1.5,\"priceCents\":1}", Line.class));
        assertEquals(new Line(2, 300),
                assertDoesNotThrow(() -> mapper.readValue("{\"quantity\":2,\"priceCents\":300}", Line.class)));
    }

    @Test
    void aHugeNumberInFreeFormJsonIsWrittenBackAsValidJson() throws Exception {
        JsonNode payload = mapper.readTree("{\"total\":1e400,\"rate\":0.1}");
        String written = mapper.writeValueAsString(payload);
        assertEquals("{\"total\":1E+400,\"rate\":0.1}", written);
        assertEquals(payload, mapper.readTree(written));
    }
}
