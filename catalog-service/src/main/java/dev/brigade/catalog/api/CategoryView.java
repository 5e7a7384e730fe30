package dev.brigade.catalog.api;

public record CategoryView(String slug, String name, long productCount) {
}
