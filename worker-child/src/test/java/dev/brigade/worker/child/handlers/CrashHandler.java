package dev.brigade.worker.child.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.brigade.worker.child.JobHandler;
import dev.brigade.worker.child.JobOutput;
import dev.brigade.worker.child.ProgressReporter;

/**
 * Kills its own JVM mid-job, for tests: {@code {"halt":true}} halts at once, otherwise {@code System.exit(code)}.
 * With {@code "marker":"/some/file"} it crashes only while that file does not exist (and creates it first), so
 * the retry on a fresh child succeeds.
 */
public class CrashHandler implements JobHandler {

    @Override
    public String type() {
        return "crash";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public JobOutput handle(JsonNode payload, ProgressReporter progress) throws Exception {
        if (!FirstAttempt.isFirst(payload)) {
            return new JobOutput.Data(JsonNodeFactory.instance.objectNode().put("survived", true));
        }
        progress.report(10, "about to crash");
        Thread.sleep(50);
        if (payload.path("halt").asBoolean(false)) {
            Runtime.getRuntime().halt(payload.path("code").asInt(3));
        }
        System.exit(payload.path("code").asInt(3));
        throw new IllegalStateException("the child did not crash");
    }
}
