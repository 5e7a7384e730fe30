package dev.brigade.worker.child.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobOutput;
import dev.brigade.worker.child.ProgressReporter;

/**
 * Never finishes, for timeout tests. With {@code "marker":"/some/file"} it hangs only while that file does not
 * exist (and creates it first), so the retry on a fresh child succeeds.
 */
public class HangHandler implements JobHandler {

    @Override
    public String type() {
        return "hang";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public JobOutput handle(JsonNode payload, ProgressReporter progress) throws Exception {
        if (!FirstAttempt.isFirst(payload)) {
            return new JobOutput.Data(JsonNodeFactory.instance.objectNode().put("hung", false));
        }
        while (true) {
            Thread.sleep(60_000);
        }
    }
}
