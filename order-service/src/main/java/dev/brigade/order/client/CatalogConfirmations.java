package dev.brigade.order.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * catalog-service's answer to confirming reservations: each id confirmed (now or before), released (it holds no stock,
 * and cannot be confirmed) or unknown to catalog.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogConfirmations(List<String> confirmed, List<String> released, List<String> unknown) {
}
