package dev.brigade.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The CORS contract every Brigade service keeps (README, "Conventions every service shares"). A service's test extends this class
 * and names one of its resources; the integration suite extends it once per running service.
 */
public abstract class CorsContract {

    /** A collection resource of the service under test, e.g. {@code /api/products}. */
    protected abstract String resourcePath();

    /** The methods that resource answers to, as a plain {@code OPTIONS} should list them in {@code Allow}. */
    protected abstract Set<String> resourceMethods();

    /** The shop's origin, one of those the service was configured with. */
    protected String allowedOrigin() {
        return "http://localhost:8000";
    }

    /** Where requests go; override to point at a service that is not the one under {@code @QuarkusTest}. */
    protected RequestSpecification request() {
        return given();
    }

    @Test
    void preflightFromTheShopIsAllowedWithTheConfiguredPolicy() {
        request()
                .header("Origin", allowedOrigin())
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,idempotency-key")
                .options(resourcePath())
                .then()
                .statusCode(both(greaterThanOrEqualTo(200)).and(lessThan(300)))
                .header("Access-Control-Allow-Origin", equalTo(allowedOrigin()))
                .header("Access-Control-Allow-Methods", listsExactly("GET", "POST", "PUT", "DELETE", "OPTIONS"))
                .header("Access-Control-Allow-Headers", listsExactly("Authorization", "Content-Type", "Idempotency-Key",
                        "If-Match", "traceparent", "tracestate"))
                .header("Access-Control-Max-Age", equalTo("600"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")))
                .header("Vary", containsString("Origin"));
    }

    /** The case that trips everyone: a bearer token makes every call of the page a preflighted one. */
    @Test
    void preflightForABearerTokenIsAllowedWithoutCredentials() {
        allowedPreflight("DELETE", "authorization,if-match")
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
    }

    /** The page starts the trace of each call: traceparent is no CORS-safelisted header, so it is a preflight. */
    @Test
    void preflightForTraceContextIsAllowed() {
        allowedPreflight("POST", "authorization,content-type,traceparent,tracestate")
                .header("Access-Control-Allow-Headers", containsString("traceparent"))
                .header("Access-Control-Allow-Headers", containsString("tracestate"));
    }

    /** A preflight from the page's origin, answered 2xx for that origin and without credentials. */
    private ValidatableResponse allowedPreflight(String method, String requestHeaders) {
        return request()
                .header("Origin", allowedOrigin())
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", requestHeaders)
                .options(resourcePath())
                .then()
                .statusCode(both(greaterThanOrEqualTo(200)).and(lessThan(300)))
                .header("Access-Control-Allow-Origin", equalTo(allowedOrigin()))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")));
    }

    /** The page reads the trace id of what it did from traceresponse, so a cross-origin answer must carry and expose it. */
    @Test
    void aCrossOriginAnswerCarriesItsTraceAndExposesIt() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        request()
                .header("Origin", allowedOrigin())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .get(resourcePath())
                .then()
                .statusCode(200)
                .header("traceresponse", matchesPattern("00-" + traceId + "-[0-9a-f]{16}-01"))
                .header("Access-Control-Expose-Headers", containsString("traceresponse"));
    }

    @Test
    void simpleGetFromTheShopReflectsTheOriginAndExposesHeaders() {
        request()
                .header("Origin", allowedOrigin())
                .get(resourcePath())
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(allowedOrigin()))
                .header("Access-Control-Expose-Headers", listsExactly("Location", "ETag", "Retry-After", "WWW-Authenticate",
                        "Content-Disposition", "traceresponse"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")))
                .header("Vary", containsString("Origin"));
    }

    @ParameterizedTest(name = "origin {0} is refused")
    @ValueSource(strings = {
            "http://evil.example",
            "null",
            "http://localhost:8000.evil.example",
            "http://evillocalhost:8000",
            "http://localhost:8001",
            "https://localhost:8000"})
    void foreignOriginsGetNoAllowOrigin(String origin) {
        request()
                .header("Origin", origin)
                .get(resourcePath())
                .then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Vary", containsString("Origin"));
        request()
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .options(resourcePath())
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void responsesWithoutOriginStillVaryOnOrigin() {
        // A shared cache must not hand a response made without Origin to a cross-origin request.
        request().get(resourcePath()).then().statusCode(200).header("Vary", containsString("Origin"));
    }

    @Test
    void plainOptionsListsTheResourceMethodsInAllow() {
        ValidatableResponse response = request().options(resourcePath()).then();
        response.statusCode(both(greaterThanOrEqualTo(200)).and(lessThan(300)));
        response.header("Allow", listsExactly(withOptions(resourceMethods())));
        response.header("Access-Control-Allow-Origin", nullValue());
    }

    private static String[] withOptions(Set<String> methods) {
        Set<String> all = new TreeSet<>(methods);
        all.add("OPTIONS");
        all.add("HEAD");
        if (!methods.contains("GET")) {
            all.remove("HEAD");
        }
        return all.toArray(String[]::new);
    }

    /** Matches a comma-separated header value holding exactly these tokens, in any order and case. */
    static org.hamcrest.Matcher<String> listsExactly(String... expected) {
        Set<String> want = Arrays.stream(expected).map(String::toLowerCase).collect(Collectors.toCollection(TreeSet::new));
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(String actual) {
                Set<String> got = Arrays.stream(actual.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(String::toLowerCase)
                        .collect(Collectors.toCollection(TreeSet::new));
                return got.equals(want);
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a list of exactly ").appendValue(want);
            }
        };
    }
}
