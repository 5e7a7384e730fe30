package dev.brigade.worker.api;

import static dev.brigade.testing.Tokens.Who.STAFF;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.testing.ManagementPort;
import dev.brigade.worker.pool.JobOutcome;
import dev.brigade.worker.pool.JobRequest;
import dev.brigade.worker.pool.ProgressListener;
import dev.brigade.worker.pool.WorkerPool;
import io.quarkus.test.junit.QuarkusTest;

@Tag("sql")
@QuarkusTest
class WorkerResourceTest {

    @Inject
    WorkerPool pool;

    @BeforeEach
    void waitForTheBrigade() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pool.readyWorkers() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void readinessIsUpOnceChildrenAreReady() {
        ManagementPort.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'worker-pool' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'worker-pool' }.data.readyWorkers", equalTo(2))
                .body("checks.find { it.name == 'worker-pool' }.data.reason", equalTo("warm"))
                .body("checks.find { it.name == 'worker-pool' }.data.children", equalTo("warm"));
    }

    @Test
    void listsEachChildAndThePoolTotals() throws Exception {
        JobOutcome outcome = pool.submit(new JobRequest("resource-test", "echo",
                new ObjectMapper().readTree("{\"hello\":\"brigade\"}")), ProgressListener.NONE)
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(outcome.succeeded(), outcome.toString());

        STAFF.request().get("/api/workers").then().statusCode(200)
                .body("size", equalTo(2))
                .body("ready", equalTo(2))
                .body("jobsDone", greaterThanOrEqualTo(1))
                .body("workers", hasSize(2))
                .body("workers.pid", everyItem(greaterThan(0)))
                .body("workers.state", everyItem(in(List.of("idle", "busy"))))
                .body("workers.uptimeMillis", everyItem(greaterThanOrEqualTo(0)));
    }

    @Test
    void anUnknownMethodIsAProblem() {
        STAFF.request().delete("/api/workers").then().statusCode(405)
                .contentType("application/problem+json");
    }
}
