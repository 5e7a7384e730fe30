package dev.brigade.common.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who sends the current request, read from the verified access token: its subject ({@code sub}, Keycloak's stable
 * user id, which is what owns orders and jobs), its name and e-mail, and its roles. The domain takes these values as
 * plain arguments; only resources read them from here.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The token's subject; the endpoints that call this need a signed-in caller, so there always is one. */
    public String subject() {
        String subject = token().map(JsonWebToken::getSubject).orElse(null);
        if (subject == null || subject.isBlank()) {
            // A token without "sub" cannot own anything; Keycloak's tokens always carry one (the "basic" scope).
            throw new AuthenticationFailedException("The access token has no subject (sub)");
        }
        return subject;
    }

    /** The display name: {@code name}, else {@code preferred_username}, else the subject. */
    public String name() {
        return claim("name").or(() -> claim("preferred_username")).orElseGet(this::subject);
    }

    public Optional<String> email() {
        return claim("email");
    }

    public boolean isStaff() {
        return identity.hasRole(Roles.STAFF);
    }

    public boolean isOrderService() {
        return identity.hasRole(Roles.ORDER_SERVICE);
    }

    /** Whether the caller may see what {@code owner} owns: its owner, or staff. */
    public boolean mayRead(String owner) {
        return isStaff() || (owner != null && !identity.isAnonymous() && owner.equals(subject()));
    }

    private Optional<JsonWebToken> token() {
        return identity.getPrincipal() instanceof JsonWebToken token ? Optional.of(token) : Optional.empty();
    }

    private Optional<String> claim(String name) {
        return token().map(token -> token.<Object>getClaim(name))
                .map(value -> value instanceof JsonString text ? text.getString() : value.toString())
                .filter(value -> !value.isBlank());
    }
}
