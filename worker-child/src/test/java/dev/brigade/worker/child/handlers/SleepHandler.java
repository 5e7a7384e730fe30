package dev.brigade.worker.child.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobOutput;
import dev.brigade.worker.child.ProgressReporter;

/** {@code {"millis":500,"steps":5}}: sleeps, reporting progress after each step. */
public class SleepHandler implements JobHandler {

    @Override
    public String type() {
        return "sleep";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public JobOutput handle(JsonNode payload, ProgressReporter progress) throws InterruptedException {
        long millis = payload.path("millis").asLong(100);
        int steps = Math.max(1, payload.path("steps").asInt(1));
        for (int step = 1; step <= steps; step++) {
            Thread.sleep(millis / steps);
            progress.report(step * 100 / steps, "step " + step + " of " + steps);
        }
        return new JobOutput.Data(JsonNodeFactory.instance.objectNode().put("slept", millis));
    }
}
