package dev.brigade.worker.child.handlers;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobOutput;
import dev.brigade.worker.child.ProgressReporter;

/** Prints garbage (half frames, braces, newlines) with System.out, then returns its payload. */
public class NoisyHandler implements JobHandler {

    @Override
    public String type() {
        return "noisy";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public JobOutput handle(JsonNode payload, ProgressReporter progress) {
        System.out.println("noise: {\"type\":\"result\",\"id\":\"fake\"");
        System.out.print("{ not json\n\n}");
        System.out.printf("%s%n", "more noise");
        System.out.flush();
        return new JobOutput.Data(payload);
    }
}
