package dev.brigade.order.standin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * worker-service's {@code POST /api/jobs/batch}: each job answered with 202 and a new job, or 200 and the existing job
 * for a key it has seen. It remembers every submission (key and body) and which keys came in one request, across
 * restarts of its server, so a test can count them.
 */
public class FakeWorker implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-worker";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> jobIdsByKey = new HashMap<>();
    private final Map<String, Integer> submissionsByKey = new HashMap<>();
    private final Map<String, JsonNode> firstRequestByKey = new HashMap<>();
    private final List<List<String>> requests = new ArrayList<>();
    private final Set<String> refused = new HashSet<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

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

    /** The keys of each request received, in the order received. */
    public synchronized List<List<String>> requests() {
        return List.copyOf(requests);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        try {
            ArrayNode answers = JSON.createArrayNode();
            List<String> keys = new ArrayList<>();
            for (JsonNode job : JSON.readTree(event.getRequest().getBodyAsString()).path("jobs")) {
                keys.add(job.get("key").asText());
                answers.add(submitOne(job));
            }
            requests.add(keys);
            ObjectNode body = JSON.createObjectNode().set("jobs", answers);
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
        } catch (Exception e) {
            return FakeCatalog.problem(400, "bad-request", e.toString());
        }
    }

    private ObjectNode submitOne(JsonNode body) {
        String key = body.get("key").asText();
        submissionsByKey.merge(key, 1, Integer::sum);
        if (refused.contains(key)) {
            ObjectNode problem = JSON.createObjectNode().put("status", 422).put("detail", "this payload will never do");
            return JSON.createObjectNode().put("status", 422).set("problem", problem);
        }
        boolean isNew = !jobIdsByKey.containsKey(key);
        String id = jobIdsByKey.computeIfAbsent(key, k -> "job-" + (jobIdsByKey.size() + 1));
        firstRequestByKey.putIfAbsent(key, body);
        ObjectNode job = JSON.createObjectNode().put("id", id).put("type", body.get("type").asText())
                .put("key", key).put("status", "QUEUED");
        return JSON.createObjectNode().put("status", isNew ? 202 : 200).set("job", job);
    }
}
