package dev.brigade.worker.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The jobs API as the tests call it. */
public final class JobsApi {

    private JobsApi() {
    }

    public static Response submit(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/jobs");
    }

    /** Waits for the job to reach {@code status} (fails early if it FAILED instead) and returns it as JSON. */
    public static String awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/jobs/" + id).then().statusCode(200).extract().path("status"),
                        s -> s.equals(status) || s.equals("FAILED") && !status.equals("FAILED"));
        return given().get("/api/jobs/" + id).then().statusCode(200).body("status", equalTo(status))
                .extract().asString();
    }
}
