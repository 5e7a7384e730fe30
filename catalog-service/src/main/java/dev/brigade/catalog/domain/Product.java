package dev.brigade.catalog.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;

@Entity
public class Product {

    /** The most units of one product the shop holds (ProductRequest's limit, and a stock change's). */
    public static final int MAX_STOCK = 1_000_000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String description;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "category_id")
    public Category category;

    @Column(name = "price_cents")
    public long priceCents;

    public String currency;

    /** At most {@link #MAX_STOCK}; changed by reservations and by staff's explicit stock changes only. */
    public int stock;

    @Column(name = "image_url")
    public String imageUrl;

    /** Bumped by every change, stock included; it is the product's ETag. */
    @Version
    public long version;
}
