package dev.brigade.common.security;

/**
 * The realm roles of {@code deploy/keycloak/brigade-realm.json}, as the access annotations name them. Keycloak puts
 * them in the token's {@code realm_access.roles}, which is where Quarkus reads roles from by default.
 */
public final class Roles {

    /** A shopper: places orders, reads and cancels their own, downloads their own invoices. */
    public static final String CUSTOMER = "customer";
    /** Runs the shop: products and prices, every order, sales reports, the kitchen. */
    public static final String STAFF = "staff";
    /** order-service calling with its own token: reserves stock, submits invoice jobs for a customer. */
    public static final String ORDER_SERVICE = "order-service";

    private Roles() {
    }
}
