package dev.brigade.worker.child.handlers;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobOutput;
import dev.brigade.worker.child.ProgressReporter;

/** Returns its payload: the smallest job there is. */
public class EchoHandler implements JobHandler {

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public JobOutput handle(JsonNode payload, ProgressReporter progress) {
        return new JobOutput.Data(payload);
    }
}
