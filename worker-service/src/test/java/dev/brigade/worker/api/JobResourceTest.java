package dev.brigade.worker.api;

import static dev.brigade.testing.Tokens.Who.ORDER_SERVICE;
import static dev.brigade.testing.Tokens.Who.STAFF;
import static dev.brigade.worker.api.JobsApi.awaitStatus;
import static dev.brigade.worker.api.JobsApi.submit;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.brigade.contracts.InvoiceJob;
import dev.brigade.testing.ManagementPort;
import dev.brigade.worker.child.handlers.ReportHandler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The jobs REST contract: submit, idempotency, listing, results, and every error case. */
@Tag("sql")
@QuarkusTest
class JobResourceTest {

    static final String INVOICE = """
            {"type":"invoice","owner":"alice-sub","payload":{"orderId":"%s","customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "lines":[{"productId":1,"name":"Copper Saucepan","quantity":2,"unitPriceCents":4999},
                      {"productId":2,"name":"Chef's Knife","quantity":1,"unitPriceCents":8950}],
             "currency":"EUR","createdAt":"2026-11-30T10:15:00Z"}}""";

    @Test
    void anInvoiceJobIsAcceptedRunsInAChildAndItsPdfCanBeDownloaded() throws Exception {
        String orderId = "ord-" + UUID.randomUUID();
        String id = submit(INVOICE.formatted(orderId)).then().statusCode(202)
                .header("Location", endsWith("/api/jobs/" + STAFF.request().get("/api/jobs?size=1").path("items[0].id")))
                .body("type", equalTo("invoice"))
                .body("status", org.hamcrest.Matchers.oneOf("QUEUED", "RUNNING"))
                .body("createdAt", notNullValue())
                .extract().path("id");

        awaitStatus(id, "SUCCEEDED");
        STAFF.request().get("/api/jobs/" + id).then()
                .body("progress", equalTo(100))
                .body("attempts", equalTo(1))
                .body("startedAt", notNullValue())
                .body("finishedAt", notNullValue())
                .body("error", nullValue())
                .body("resultUrl", equalTo("/api/jobs/" + id + "/result"));

        byte[] pdf = STAFF.request().get("/api/jobs/" + id + "/result").then().statusCode(200)
                .contentType("application/pdf")
                .header("Content-Disposition", "attachment; filename=\"invoice-" + orderId + ".pdf\"")
                .extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains(orderId), text);
            assertTrue(text.contains("189.48"), "the total 2 x 49.99 + 89.50 in:\n" + text);
        }
    }

    @Test
    void anInvoiceWithANegativeQuantityFailsWithTheReason() {
        String body = INVOICE.formatted("ord-negative").replace("\"quantity\":2", "\"quantity\":-3");
        String id = submit(body).then().statusCode(202).extract().path("id");
        awaitStatus(id, "FAILED");
        STAFF.request().get("/api/jobs/" + id).then()
                .body("error", containsString("quantity"))
                .body("resultUrl", nullValue());
        STAFF.request().get("/api/jobs/" + id + "/result").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("FAILED"));
    }

    @Test
    void theSameKeyReturnsTheSameJob() {
        String key = "invoice:" + UUID.randomUUID();
        String body = INVOICE.formatted("ord-key").replace("{\"type\"", "{\"key\":\"" + key + "\",\"type\"");
        String first = submit(body).then().statusCode(202).body("key", equalTo(key)).extract().path("id");
        submit(body).then().statusCode(200).body("id", equalTo(first))
                .header("Location", endsWith("/api/jobs/" + first));
        STAFF.request().queryParam("size", 100).get("/api/jobs").then()
                .body("items.findAll { it.key == '" + key + "' }.size()", equalTo(1));
    }

    @Test
    void theIdempotencyKeyHeaderWorksLikeTheBodyKey() {
        String key = "header-" + UUID.randomUUID();
        String first = ORDER_SERVICE.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(INVOICE.formatted("ord-header")).post("/api/jobs").then().statusCode(202)
                .body("key", equalTo(key)).extract().path("id");
        ORDER_SERVICE.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(INVOICE.formatted("ord-header")).post("/api/jobs").then().statusCode(200)
                .body("id", equalTo(first));
    }

    @Test
    void aKeyReusedForADifferentJobIsRefused() {
        String key = "reused-" + UUID.randomUUID();
        ORDER_SERVICE.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(INVOICE.formatted("ord-a")).post("/api/jobs").then().statusCode(202);
        ORDER_SERVICE.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(INVOICE.formatted("ord-b")).post("/api/jobs").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:idempotency-key-reused"));
    }

    @Test
    void concurrentSubmissionsWithOneKeyMakeOneJob() throws Exception {
        String key = "race-" + UUID.randomUUID();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = threads.invokeAll(java.util.Collections.nCopies(16, () -> {
                Response response = ORDER_SERVICE.request().contentType(ContentType.JSON).header("Idempotency-Key", key)
                        .body(INVOICE.formatted("ord-race")).post("/api/jobs");
                ids.add(response.path("id"));
                return response.statusCode();
            }));
            long created = 0;
            for (Future<Integer> status : statuses) {
                created += status.get() == 202 ? 1 : 0;
                assertTrue(Set.of(200, 202).contains(status.get()), "status " + status.get());
            }
            assertEquals(1, created, "exactly one submission created the job");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, ids.size(), "one job id for all: " + ids);
    }

    @Test
    void anUnknownTypeIsA400NamingTheField() {
        submit("{\"type\":\"bake-bread\",\"payload\":{}}").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("type"))
                .body("errors[0].message", containsString("invoice"));
    }

    @Test
    void missingPayloadFieldsAreA400NamingEachOne() {
        submit("{\"type\":\"invoice\",\"payload\":{\"orderId\":\"x\",\"customer\":{\"name\":\"A\"},\"currency\":\"EUR\"}}")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("payload.customer.email", "payload.lines")));
        submit("{\"type\":\"invoice\"}").then().statusCode(400).body("errors.field", hasItem("payload"));
        submit("{\"type\":\"invoice\",\"payload\":[1,2]}").then().statusCode(400).body("errors.field", hasItem("payload"));
    }

    @Test
    void arraysOverTheirTypesLimitAreA400NamingTheFieldAndTheLimit() {
        String line = "{\"productId\":1,\"name\":\"Spoon\",\"quantity\":1,\"unitPriceCents\":100}";
        String invoice = "{\"type\":\"invoice\",\"owner\":\"alice-sub\",\"payload\":{\"orderId\":\"ord-many-lines\","
                + "\"customer\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},\"currency\":\"EUR\",\"lines\":["
                + String.join(",", Collections.nCopies(InvoiceJob.MAX_LINES + 1, line)) + "]}}";
        submit(invoice).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("payload.lines"))
                .body("errors.message", hasItem(containsString("at most " + InvoiceJob.MAX_LINES)));
        String orders = String.join(",", Collections.nCopies(ReportHandler.MAX_ORDERS + 1, "{}"));
        submit("{\"type\":\"report\",\"payload\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\",\"orders\":["
                + orders + "]}}").then().statusCode(400).body("errors.field", hasItem("payload.orders"));
    }

    @Test
    void malformedJsonIsA400() {
        submit("{\"type\":\"invoice\",").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:malformed-json"));
    }

    @Test
    void aBodyOverTheLimitIsA413() {
        String envelope = "{\"type\":\"report\",\"payload\":{\"filler\":\"\"}}";
        String huge = envelope.replace("\"\"}}", "\"" + "x".repeat(2 * 1024 * 1024 + 1 - envelope.length()) + "\"}}");
        submit(huge).then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 2097152"));
    }

    @Test
    void anInvoicePayloadOverItsTypesLimitIsA413NamingIt() {
        String body = INVOICE.formatted("ord-huge").replace("\"name\":\"Ada Lovelace\"",
                "\"name\":\"" + "A".repeat(300_000) + "\"");
        submit(body).then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:payload-too-large"))
                .body("detail", containsString("262144 bytes"));
    }

    @Test
    void millionsOfEmptyOrdersUnderTheByteLimitAreRefusedBeforeTheyFillTheHeap() {
        // 600,000 "{}," is 1.7 MiB, under the 2 MiB body limit, and would be 600,000 objects in a tree.
        String hostile = "{\"type\":\"report\",\"payload\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-02\",\"orders\":["
                + "{},".repeat(600_000) + "{}]}}";
        submit(hostile).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:json-over-limit"));
        // The service is still ready (or becomes so, if its children were still warming up when this test began).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .until(() -> ManagementPort.given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aKeyInBodyAndHeaderMustAgree() {
        STAFF.request().contentType(ContentType.JSON).header("Idempotency-Key", "one")
                .body("{\"key\":\"two\",\"type\":\"echo\",\"payload\":{}}").post("/api/jobs")
                .then().statusCode(400).body("errors.field", hasItem("key"));
    }

    @Test
    void unknownJobsAreA404Problem() {
        for (String path : List.of("/api/jobs/nope", "/api/jobs/nope/result", "/api/jobs/nope/events")) {
            STAFF.request().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("detail", containsString("nope"));
        }
    }

    @Test
    void theResultOfARunningJobIsNotThereYet() {
        String id = submit("{\"type\":\"sleep\",\"payload\":{\"millis\":1500}}").then().statusCode(202)
                .extract().path("id");
        STAFF.request().get("/api/jobs/" + id + "/result").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:brigade:problem:no-result-yet"))
                .body("detail", containsString("/api/jobs/" + id + "/events"));
        awaitStatus(id, "SUCCEEDED");
    }

    /** GET reads the row, as another replica would: a running job's progress is written to it about once a second. */
    @Test
    void aRunningJobsProgressReachesItsRow() {
        String id = submit("{\"type\":\"sleep\",\"payload\":{\"millis\":4000,\"steps\":8}}").then().statusCode(202)
                .extract().path("id");
        Response running = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> STAFF.request().get("/api/jobs/" + id),
                        job -> job.path("status").equals("RUNNING") ? job.<Integer>path("progress") > 0
                                : !job.path("status").equals("QUEUED"));
        running.then().body("status", equalTo("RUNNING")).body("message", containsString("of 8"));
        awaitStatus(id, "SUCCEEDED");
    }

    @Test
    void theListFiltersByStatusAndPages() {
        String id = submit("{\"type\":\"echo\",\"payload\":{\"n\":1}}").then().statusCode(202).extract().path("id");
        awaitStatus(id, "SUCCEEDED");
        STAFF.request().queryParam("status", "SUCCEEDED").queryParam("size", 100).get("/api/jobs").then().statusCode(200)
                .body("items.status", everyItem(equalTo("SUCCEEDED")))
                .body("items.id", hasItem(id))
                .body("size", equalTo(100))
                .body("page", equalTo(0));
        STAFF.request().queryParam("size", 1).get("/api/jobs").then().body("items.size()", equalTo(1));
        STAFF.request().queryParam("status", "COOKING").get("/api/jobs").then().statusCode(400)
                .contentType("application/problem+json");
        STAFF.request().queryParam("size", 0).get("/api/jobs").then().statusCode(400)
                .contentType("application/problem+json");
        STAFF.request().queryParam("size", 101).get("/api/jobs").then().statusCode(400);
    }
}
