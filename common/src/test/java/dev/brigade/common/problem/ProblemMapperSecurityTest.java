package dev.brigade.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** What a caller without a (valid) token, without the role, or while Keycloak is away gets: a problem it can act on. */
class ProblemMapperSecurityTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void noTokenIsA401ThatSaysHowToAuthenticate() {
        Response answer = mapper.unauthenticated(new UnauthorizedException());
        assertEquals(401, answer.getStatus());
        assertEquals("Bearer realm=\"brigade\"", answer.getHeaderString("WWW-Authenticate"));
        assertEquals(Problem.typeUri("unauthenticated"), ((Problem) answer.getEntity()).type());
    }

    @Test
    void aBadTokenIsA401NamingTheError() {
        Response answer = mapper.unauthenticated(new AuthenticationFailedException("expired"));
        assertEquals(401, answer.getStatus());
        assertEquals("Bearer realm=\"brigade\", error=\"invalid_token\"", answer.getHeaderString("WWW-Authenticate"));
    }

    @Test
    void aMissingRoleIsA403WithOurReasonWhenThereIsOne() {
        assertEquals("Your account may not do this",
                ((Problem) mapper.forbidden(new ForbiddenException()).getEntity()).detail());
        assertEquals("order-service submits invoice jobs only",
                ((Problem) mapper.forbidden(new ForbiddenException("order-service submits invoice jobs only"))
                        .getEntity()).detail());
    }

    @Test
    void anUnreachableIdentityProviderIsA503ToTryAgain() {
        Response answer = mapper.identityProviderUnavailable(new OIDCException("OIDC Server is not available"));
        assertEquals(503, answer.getStatus());
        assertEquals("5", answer.getHeaderString("Retry-After"));
        assertEquals(Problem.typeUri("identity-provider-unavailable"), ((Problem) answer.getEntity()).type());
    }
}
