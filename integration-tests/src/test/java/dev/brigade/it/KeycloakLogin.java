package dev.brigade.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens from the suite's real Keycloak, got the way the page gets them: the Authorization Code flow with
 * PKCE (S256) of the public client {@code brigade-shop}, through Keycloak's own login form; and order-service's
 * client-credentials token. A user's token is kept until a minute before it expires.
 */
final class KeycloakLogin {

    /** The realm's dev users (deploy/keycloak/brigade-realm.json). */
    enum User {
        ALICE("alice", "alice-dev", "alice@example.com"),
        BOB("bob", "bob-dev", "bob@example.com"),
        SAM("sam", "sam-dev", "sam@example.com");

        final String username;
        final String password;
        final String email;

        User(String username, String password, String email) {
            this.username = username;
            this.password = password;
            this.email = email;
        }
    }

    private record Token(String value, Instant expires) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private KeycloakLogin() {
    }

    static String token(User user) {
        return TOKENS.compute(user.name(), (name, held) -> fresh(held) ? held : signIn(user)).value();
    }

    static String serviceToken() {
        return TOKENS.compute("order-service", (name, held) -> fresh(held) ? held : clientCredentials()).value();
    }

    private static boolean fresh(Token token) {
        return token != null && Instant.now().plusSeconds(60).isBefore(token.expires());
    }

    private static Token signIn(User user) {
        RunningServices shop = RunningServices.get();
        String realm = shop.issuer();
        String redirect = shop.frontendOrigin() + "/";
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(URI.create(realm
                    + "/protocol/openid-connect/auth?" + form(Map.of("client_id", "brigade-shop",
                            "redirect_uri", redirect, "response_type", "code", "scope", "openid profile email",
                            "state", state, "code_challenge", challenge(verifier), "code_challenge_method", "S256"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher action = FORM_ACTION.matcher(loginPage.body());
            if (loginPage.statusCode() != 200 || !action.find()) {
                throw new IllegalStateException("Keycloak showed no login form (" + loginPage.statusCode() + ")");
            }
            HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(
                            URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Cookie", cookiesOf(loginPage))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user.username,
                            "password", user.password, "credentialId", "")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = signedIn.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                    "Keycloak did not sign " + user.username + " in (" + signedIn.statusCode() + ")"));
            Map<String, String> answer = query(URI.create(location));
            String code = answer.get("code");
            if (!location.startsWith(redirect) || code == null || !state.equals(answer.get("state"))) {
                throw new IllegalStateException("Unexpected redirect after sign-in: " + location);
            }
            return tokenFrom(browser, Map.of("grant_type", "authorization_code", "client_id", "brigade-shop",
                    "code", code, "redirect_uri", redirect, "code_verifier", verifier));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak could not be reached at " + realm, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Token clientCredentials() {
        try {
            return tokenFrom(HttpClient.newHttpClient(), Map.of("grant_type", "client_credentials",
                    "client_id", "order-service", "client_secret", RunningServices.ORDER_SERVICE_SECRET));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Token tokenFrom(HttpClient client, Map<String, String> grant) throws IOException, InterruptedException {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create(RunningServices.get().issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(grant))).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Token request refused: " + answer.statusCode() + " " + answer.body());
        }
        JsonNode token = JSON.readTree(answer.body());
        return new Token(token.get("access_token").asText(), Instant.now().plusSeconds(token.get("expires_in").asLong()));
    }

    /**
     * The login form's cookies, sent back as a browser would. Keycloak marks them Secure, which a browser honours
     * on http://localhost (a secure context) but java.net's CookieManager never sends over http, so they are
     * carried by hand.
     */
    private static String cookiesOf(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.split(";", 2)[0])
                .collect(Collectors.joining("; "));
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0],
                        pair -> pair.length > 1 ? java.net.URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "",
                        (first, second) -> first));
    }
}
