package dev.brigade.order;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Starts the stand-in OpenID Connect provider once for every test of this module (the resource is global), so the
 * service verifies test-support's {@code Tokens} against the provider's metadata and keys, as it would Keycloak's.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestIdentityProvider {

    private TestIdentityProvider() {
    }
}
