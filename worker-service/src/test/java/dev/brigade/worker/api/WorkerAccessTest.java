package dev.brigade.worker.api;

import static dev.brigade.worker.api.JobResourceTest.INVOICE;
import static dev.brigade.worker.api.JobsApi.awaitStatus;
import static dev.brigade.worker.api.JobsApi.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.brigade.testing.AccessMatrix;
import dev.brigade.testing.Tokens.Who;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Who may do what at worker-service (README, "Identity and access"): order-service submits invoices for a customer,
 * who owns the job; staff run the other job types and see every job and the kitchen. A job, its events and its file
 * are its owner's and staff's; anyone else gets 404, as for a job that does not exist.
 */
@QuarkusTest
class WorkerAccessTest {

    /** An invoice order-service submitted for customer A, finished, so that its file and events can be read. */
    private static String alicesInvoice;

    private static final AccessMatrix MATRIX = new AccessMatrix()
            //                                    anonymous customerA customerB staff service
            .rule("POST /api/jobs (invoice)", 401, 403, 403, 403, 202, who -> who.request().contentType(ContentType.JSON)
                    .body(INVOICE.formatted("ord-" + UUID.randomUUID())).post("/api/jobs").statusCode())
            .rule("POST /api/jobs (echo)", 401, 403, 403, 202, 403, who -> who.request().contentType(ContentType.JSON)
                    .body("{\"type\":\"echo\",\"payload\":{}}").post("/api/jobs").statusCode())
            // A batch's own answer is 200 for a caller who may send one; each job in it is answered as alone.
            .rule("POST /api/jobs/batch (invoice)", 401, 403, 403, 403, 202, who -> batchAnswer(who,
                    INVOICE.formatted("ord-" + UUID.randomUUID())))
            .rule("POST /api/jobs/batch (echo)", 401, 403, 403, 202, 403, who -> batchAnswer(who,
                    "{\"type\":\"echo\",\"payload\":{}}"))
            .rule("GET /api/jobs", 401, 403, 403, 200, 403, who -> who.request().get("/api/jobs").statusCode())
            .rule("GET /api/jobs/{id}", 401, 200, 404, 200, 404,
                    who -> who.request().get("/api/jobs/" + alicesInvoice()).statusCode())
            .rule("GET /api/jobs/{id}/result", 401, 200, 404, 200, 404,
                    who -> who.request().get("/api/jobs/" + alicesInvoice() + "/result").statusCode())
            .rule("GET /api/jobs/{id}/events", 401, 200, 404, 200, 404, who -> who.request()
                    .accept("text/event-stream").get("/api/jobs/" + alicesInvoice() + "/events").statusCode())
            .rule("GET /api/workers", 401, 403, 403, 200, 403, who -> who.request().get("/api/workers").statusCode());

    /** The status of the batch's answer, or of its one job's when the batch was taken. */
    private static int batchAnswer(Who who, String job) {
        Response answer = who.request().contentType(ContentType.JSON)
                .body("{\"jobs\":[" + job + "]}").post("/api/jobs/batch");
        return answer.statusCode() == 200 ? answer.path("jobs[0].status") : answer.statusCode();
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsExactlyItsAnswer() {
        return MATRIX.tests();
    }

    @Test
    void theCustomerAnInvoiceIsForOwnsItsJob() {
        Who.CUSTOMER_A.request().get("/api/jobs/" + alicesInvoice()).then().statusCode(200)
                .body("owner", equalTo(Who.CUSTOMER_A.subject));
    }

    @Test
    void orderServiceMustNameTheCustomerAndSubmitsNothingButInvoices() {
        String withoutOwner = INVOICE.formatted("ord-no-owner").replace("\"owner\":\"alice-sub\",", "");
        Who.ORDER_SERVICE.request().contentType(ContentType.JSON).body(withoutOwner).post("/api/jobs")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("owner"));
        Who.ORDER_SERVICE.request().contentType(ContentType.JSON).body("{\"type\":\"echo\",\"payload\":{}}")
                .post("/api/jobs").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void staffCannotSubmitAJobForSomeoneElse() {
        Who.STAFF.request().contentType(ContentType.JSON)
                .body("{\"type\":\"echo\",\"owner\":\"alice-sub\",\"payload\":{}}").post("/api/jobs")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("owner"));
    }

    @Test
    void aKeyOfAnotherOwnersJobIsNotHandedOut() {
        String key = "invoice:" + UUID.randomUUID();
        String forAlice = INVOICE.formatted("ord-keyed").replace("{\"type\"", "{\"key\":\"" + key + "\",\"type\"");
        submit(forAlice).then().statusCode(202);
        submit(forAlice.replace("alice-sub", "bob-sub")).then().statusCode(422)
                .body("type", equalTo("urn:brigade:problem:idempotency-key-reused"));
    }

    @Test
    void theEventStreamNeedsAToken() {
        given().accept("text/event-stream").get("/api/jobs/" + alicesInvoice() + "/events").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"brigade\""));
    }

    private static synchronized String alicesInvoice() {
        if (alicesInvoice == null) {
            String id = submit(INVOICE.formatted("ord-" + UUID.randomUUID())).then().statusCode(202)
                    .extract().path("id");
            awaitStatus(id, "SUCCEEDED");
            alicesInvoice = id;
        }
        return alicesInvoice;
    }
}
