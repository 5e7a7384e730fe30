package dev.brigade.worker.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import dev.brigade.testing.Tokens.Who;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The jobs API as the tests call it. */
public final class JobsApi {

    private JobsApi() {
    }

    /** Submits as order-service does for an invoice, as staff for the other types. */
    public static Response submit(String body) {
        Who submitter = body.contains("\"type\":\"invoice\"") ? Who.ORDER_SERVICE : Who.STAFF;
        return submitter.request().contentType(ContentType.JSON).body(body).post("/api/jobs");
    }

    /** Waits for the job to reach {@code status} (fails early if it FAILED instead) and returns it as JSON. */
    public static String awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> Who.STAFF.request().get("/api/jobs/" + id).then().statusCode(200).extract().path("status"),
                        s -> s.equals(status) || s.equals("FAILED") && !status.equals("FAILED"));
        return Who.STAFF.request().get("/api/jobs/" + id).then().statusCode(200).body("status", equalTo(status))
                .extract().asString();
    }
}
