package dev.brigade.testing;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Access tokens for the services' module tests, signed with the key of the stand-in OpenID Connect provider
 * ({@code OidcWiremockTestResource}), whose metadata and keys the service under test fetches exactly as it would
 * Keycloak's. The claims are Keycloak's: {@code sub}, {@code name}, {@code email}, the roles in
 * {@code realm_access.roles}, the audience {@code brigade-api}. The integration suite uses the real Keycloak instead.
 */
public final class Tokens {

    /** The issuer the stand-in provider announces; the test profile expects it (common's test settings). */
    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "brigade-api";

    /** The callers of every access test: who they are and what the realm gives them. */
    public enum Who {
        ANONYMOUS(null, null, null, Set.of()),
        CUSTOMER_A("alice-sub", "Alice Martin", "alice@example.com", Set.of("customer")),
        CUSTOMER_B("bob-sub", "Bob Okafor", "bob@example.com", Set.of("customer")),
        STAFF("sam-sub", "Sam Staff", "sam@example.com", Set.of("staff")),
        ORDER_SERVICE("order-service-sub", null, null, Set.of("order-service"));

        public final String subject;
        public final String name;
        public final String email;
        final Set<String> roles;

        Who(String subject, String name, String email, Set<String> roles) {
            this.subject = subject;
            this.name = name;
            this.email = email;
            this.roles = roles;
        }

        /** A request carrying this caller's token (none for the anonymous caller). */
        public RequestSpecification request() {
            RequestSpecification request = given();
            return this == ANONYMOUS ? request : request.auth().oauth2(token(this));
        }
    }

    private Tokens() {
    }

    public static String token(Who who) {
        if (who.name == null) {
            return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject(who.subject)
                    .claim("realm_access", Map.of("roles", who.roles)).expiresIn(300));
        }
        return signed(who.subject, who.name, who.email, who.roles);
    }

    /** A customer of one test: a subject of its own, so the test sees exactly this customer's orders. */
    public static String customer(String subject, String name, String email) {
        return signed(subject, name, email, Set.of("customer"));
    }

    private static String signed(String subject, String name, String email, Set<String> roles) {
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).claim("name", name).claim("email", email)
                .claim("realm_access", Map.of("roles", roles)).expiresIn(300));
    }

    /** A token of a customer that another client of the realm was given: the audience is not brigade-api. */
    public static String tokenForAnotherAudience() {
        return sign(Jwt.issuer(ISSUER).audience("account").subject("alice-sub")
                .claim("realm_access", Map.of("roles", Set.of("customer"))).expiresIn(300));
    }

    /** A customer's token that ran out an hour ago. */
    public static String expiredToken() {
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("alice-sub")
                .claim("realm_access", Map.of("roles", Set.of("customer")))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)));
    }

    private static String sign(JwtClaimsBuilder claims) {
        // privateKey.jwk is the stand-in provider's signing key (kid "1"), on the test class path with it.
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }
}
