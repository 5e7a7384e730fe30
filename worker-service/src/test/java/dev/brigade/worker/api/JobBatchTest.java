package dev.brigade.worker.api;

import static dev.brigade.testing.Tokens.Who.ORDER_SERVICE;
import static dev.brigade.testing.Tokens.Who.STAFF;
import static dev.brigade.worker.api.JobResourceTest.INVOICE;
import static dev.brigade.worker.api.JobsApi.awaitStatus;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.contracts.InvoiceJobBatch;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code POST /api/jobs/batch}, as order-service's relay sends the invoices due at once: each job is checked, queued
 * and answered as {@code POST /api/jobs} would answer it alone, and a job refused does not keep the others out.
 */
@Tag("sql")
@QuarkusTest
class JobBatchTest {

    @Test
    void eachJobIsQueuedAndAnsweredOnItsOwnAndTheSameBatchAgainGetsTheSameJobs() {
        String first = keyed(INVOICE.formatted("ord-" + UUID.randomUUID()), "invoice:" + UUID.randomUUID());
        String second = keyed(INVOICE.formatted("ord-" + UUID.randomUUID()), "invoice:" + UUID.randomUUID());
        String withoutCustomer = INVOICE.formatted("ord-" + UUID.randomUUID())
                .replace("\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},", "");

        Response queued = batch(first, withoutCustomer, second);
        queued.then().statusCode(200).contentType(ContentType.JSON)
                .body("jobs.status", equalTo(List.of(202, 400, 202)))
                .body("jobs[0].job.status", equalTo("QUEUED"))
                .body("jobs[1].job", nullValue())
                .body("jobs[1].problem.errors.field", hasItem("payload.customer.name"))
                .body("jobs[2].job.owner", equalTo("alice-sub"));
        String firstId = queued.path("jobs[0].job.id");
        String secondId = queued.path("jobs[2].job.id");
        assertNotEquals(firstId, secondId);
        awaitStatus(firstId, "SUCCEEDED");
        awaitStatus(secondId, "SUCCEEDED");

        batch(first, withoutCustomer, second).then().statusCode(200)
                .body("jobs.status", equalTo(List.of(200, 400, 200)))
                .body("jobs[0].job.id", equalTo(firstId))
                .body("jobs[2].job.id", equalTo(secondId))
                .body("jobs[2].job.status", equalTo("SUCCEEDED"));
    }

    @Test
    void aKeyTwiceInOneBatchMakesOneJob() {
        String job = keyed(INVOICE.formatted("ord-" + UUID.randomUUID()), "invoice:" + UUID.randomUUID());

        Response answer = batch(job, job);

        answer.then().statusCode(200).body("jobs.status", equalTo(List.of(202, 200)));
        assertEquals(answer.<String>path("jobs[0].job.id"), answer.path("jobs[1].job.id"));
    }

    @Test
    void aKeyReusedForADifferentJobIsRefusedAndTheRestAreQueued() {
        String key = "invoice:" + UUID.randomUUID();
        batch(keyed(INVOICE.formatted("ord-" + UUID.randomUUID()), key)).then().statusCode(200)
                .body("jobs[0].status", equalTo(202));

        batch(keyed(INVOICE.formatted("ord-" + UUID.randomUUID()), key), INVOICE.formatted("ord-" + UUID.randomUUID()))
                .then().statusCode(200)
                .body("jobs.status", equalTo(List.of(422, 202)))
                .body("jobs[0].problem.type", equalTo("urn:brigade:problem:idempotency-key-reused"))
                .body("jobs[1].job.id", notNullValue());
    }

    @Test
    void aBatchWithoutJobsOrWithTooManyIsA400AndQueuesNothing() {
        long before = STAFF.request().get("/api/jobs").then().extract().jsonPath().getLong("total");
        for (String body : List.of("{\"jobs\":[]}", "{}", "{\"jobs\":[null]}", "{\"jobs\":[" + String.join(",",
                Collections.nCopies(InvoiceJobBatch.MAX_JOBS + 1, INVOICE.formatted("ord-too-many"))) + "]}")) {
            ORDER_SERVICE.request().contentType(ContentType.JSON).body(body).post("/api/jobs/batch").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors", hasSize(1));
        }
        assertEquals(before, STAFF.request().get("/api/jobs").then().extract().jsonPath().getLong("total"));
    }

    @Test
    void aTraceParentThatIsNotOneIsA400NamingIt() {
        String job = INVOICE.formatted("ord-" + UUID.randomUUID()).replace("{\"type\"", "{\"traceParent\":\"x\",\"type\"");
        ORDER_SERVICE.request().contentType(ContentType.JSON).body("{\"jobs\":[" + job + "]}").post("/api/jobs/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("jobs[0].traceParent"));
    }

    static Response batch(String... jobs) {
        boolean invoices = jobs[0].contains("\"type\":\"invoice\"");
        return (invoices ? ORDER_SERVICE : STAFF).request().contentType(ContentType.JSON)
                .body("{\"jobs\":[" + String.join(",", jobs) + "]}").post("/api/jobs/batch");
    }

    private static String keyed(String job, String key) {
        return job.replace("{\"type\"", "{\"key\":\"" + key + "\",\"type\"");
    }
}
