package dev.brigade.order.api;

import java.util.List;

public record OrderPage(List<OrderView> items, int page, int size, long total) {
}
