package dev.brigade.order.standin;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * worker-service's {@code POST /api/jobs}: 202 and a new job, or 200 and the existing job for a key it has seen. It
 * remembers every submission (key and body) across restarts of its server, so a test can count them.
 */
public class FakeWorker implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-worker";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> jobIdsByKey = new HashMap<>();
    private final Map<String, Integer> submissionsByKey = new HashMap<>();
    private final Map<String, JsonNode> firstRequestByKey = new HashMap<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    private final java.util.Set<String> refused = new java.util.HashSet<>();

    /** From now on the job with this key is refused with a 422, as worker-service refuses a payload for good. */
    public synchronized void refuse(String key) {
        refused.add(key);
    }

    public synchronized int submissions(String key) {
        return submissionsByKey.getOrDefault(key, 0);
    }

    public synchronized JsonNode request(String key) {
        return firstRequestByKey.get(key);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        try {
            JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
            String key = body.get("key").asText();
            submissionsByKey.merge(key, 1, Integer::sum);
            if (refused.contains(key)) {
                return FakeCatalog.problem(422, "unprocessable", "this payload will never do");
            }
            boolean isNew = !jobIdsByKey.containsKey(key);
            String id = jobIdsByKey.computeIfAbsent(key, k -> "job-" + (jobIdsByKey.size() + 1));
            firstRequestByKey.putIfAbsent(key, body);
            ObjectNode job = JSON.createObjectNode().put("id", id).put("type", body.get("type").asText())
                    .put("key", key).put("status", "QUEUED");
            return ResponseDefinitionBuilder.responseDefinition().withStatus(isNew ? 202 : 200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Location", "/api/jobs/" + id)
                    .withBody(job.toString()).build();
        } catch (Exception e) {
            return FakeCatalog.problem(400, "bad-request", e.toString());
        }
    }
}
