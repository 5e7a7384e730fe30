package dev.brigade.worker.child.handlers;

import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobOutput;
import dev.brigade.worker.child.ProgressReporter;

/** Answers the names of the environment variables the child sees, for the test that no secret reaches a child. */
public class EnvHandler implements JobHandler {

    @Override
    public String type() {
        return "env";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public JobOutput handle(JsonNode payload, ProgressReporter progress) {
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        new TreeSet<>(System.getenv().keySet()).forEach(names::add);
        return new JobOutput.Data(names);
    }
}
