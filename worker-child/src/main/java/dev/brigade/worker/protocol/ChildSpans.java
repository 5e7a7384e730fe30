package dev.brigade.worker.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code spans} frame's list, for {@link MessageCodec}. Reading applies {@link ChildSpan}'s limits whatever the
 * child sent: the spans beyond {@link ChildSpan#MAX_PER_JOB} are counted as dropped, attributes beyond
 * {@link ChildSpan#MAX_ATTRIBUTES} and values of other types left out, texts cut.
 */
final class ChildSpans {

    private ChildSpans() {
    }

    static void write(ChildSpan span, ObjectNode node) {
        node.put("id", span.id()).put("parent", span.parent()).put("name", span.name())
                .put("startEpochNanos", span.startEpochNanos()).put("endEpochNanos", span.endEpochNanos());
        ObjectNode attributes = node.putObject("attributes");
        span.attributes().forEach((key, value) -> {
            switch (value) {
                case Long number -> attributes.put(key, number);
                case Double number -> attributes.put(key, number);
                case Boolean flag -> attributes.put(key, flag);
                default -> attributes.put(key, String.valueOf(value));
            }
        });
        if (span.error() != null) {
            node.put("error", span.error());
        }
    }

    static Message.Spans read(JsonNode frame) {
        JsonNode list = frame.path("spans");
        int dropped = Math.max(0, frame.path("dropped").asInt(0));
        List<ChildSpan> spans = new ArrayList<>(Math.min(list.size(), ChildSpan.MAX_PER_JOB));
        for (JsonNode span : list) {
            if (spans.size() == ChildSpan.MAX_PER_JOB) {
                dropped++;
                continue;
            }
            spans.add(new ChildSpan(span.path("id").asInt(), span.path("parent").asInt(),
                    ChildSpan.bounded(span.path("name").asText("child span")),
                    span.path("startEpochNanos").asLong(), span.path("endEpochNanos").asLong(),
                    attributes(span.path("attributes")), ChildSpan.bounded(span.path("error").asText(null))));
        }
        return new Message.Spans(frame.path("id").asText(), List.copyOf(spans), dropped);
    }

    private static Map<String, Object> attributes(JsonNode node) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (attributes.size() == ChildSpan.MAX_ATTRIBUTES) {
                break;
            }
            JsonNode value = field.getValue();
            String key = ChildSpan.bounded(field.getKey());
            if (value.isIntegralNumber()) {
                attributes.put(key, value.asLong());
            } else if (value.isNumber()) {
                attributes.put(key, value.asDouble());
            } else if (value.isBoolean()) {
                attributes.put(key, value.asBoolean());
            } else if (value.isTextual()) {
                attributes.put(key, ChildSpan.bounded(value.asText()));
            }
        }
        return attributes;
    }
}
