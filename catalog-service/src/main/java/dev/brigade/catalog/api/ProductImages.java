package dev.brigade.catalog.api;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.catalog.domain.Product;

/** Draws a product's picture as a small SVG, so the shop needs no image files and fetches nothing from outside. */
@ApplicationScoped
public class ProductImages {

    private static final Map<String, String> CATEGORY_COLOURS = Map.of(
            "kitchen", "#c0392b",
            "pantry", "#7d8b2a",
            "tableware", "#2c6e8f",
            "baking", "#b9770e",
            "coffee-tea", "#6e4b3a");

    public String render(Product product) {
        String colour = CATEGORY_COLOURS.getOrDefault(product.category.slug, "#555f6d");
        String initials = Arrays.stream(product.name.split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .limit(2)
                .map(word -> word.substring(0, 1).toUpperCase())
                .collect(Collectors.joining());
        return """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" role="img" aria-label="%s">
                  <rect width="320" height="240" fill="%s"/>
                  <circle cx="160" cy="108" r="64" fill="#ffffff" fill-opacity="0.18"/>
                  <text x="160" y="132" text-anchor="middle" font-family="sans-serif" font-size="64" font-weight="700" fill="#ffffff">%s</text>
                  <text x="160" y="212" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#ffffff">%s</text>
                </svg>
                """.formatted(escape(product.name), colour, escape(initials), escape(product.category.name));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
