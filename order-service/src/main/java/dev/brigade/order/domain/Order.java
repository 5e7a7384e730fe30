package dev.brigade.order.domain;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A confirmed (or later cancelled) order. Its id is also the id of its stock reservation at catalog-service. */
@Entity(name = "CustomerOrder")
@Table(name = "customer_order")
public class Order {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    /** The subject (Keycloak user id) of the customer's token: who may read and cancel the order, besides staff. */
    @Column(name = "customer_subject")
    public String customerSubject;

    @Column(name = "customer_name")
    public String customerName;

    @Column(name = "customer_email")
    public String customerEmail;

    /** The address as the list looks it up: lower case (customer_order_email_key_idx). */
    @Column(name = "customer_email_key")
    public String customerEmailKey;

    public String currency;

    @Column(name = "total_cents")
    public long totalCents;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "cancelled_at")
    public OffsetDateTime cancelledAt;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** A hash of the request that made the order, to tell a retry from a different order under the same key. */
    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "invoice_job_id")
    public String invoiceJobId;

    @Version
    public long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("productId")
    public List<OrderLine> lines = new ArrayList<>();
}
