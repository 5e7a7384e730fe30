package dev.brigade.catalog.store;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.catalog.domain.Product;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class ProductRepository implements PanacheRepository<Product> {

    /** Products whose name or description contains {@code text} (any case), optionally in one category. */
    public PanacheQuery<Product> search(String text, String categorySlug, Sort sort) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (text != null && !text.isBlank()) {
            where.append(" and (lower(name) like :text escape '\\' or lower(description) like :text escape '\\')");
            params.put("text", "%" + escapeLike(text.trim().toLowerCase()) + "%");
        }
        if (categorySlug != null && !categorySlug.isBlank()) {
            where.append(" and category.slug = :category");
            params.put("category", categorySlug);
        }
        return find(where.toString(), sort, params);
    }

    /**
     * Takes stock only if enough is left; the condition and the change are one statement, so no race can overdraw.
     * SQL, not HQL, as every update made once per order: Hibernate 7 caches no plan for an HQL update and translates
     * it again at each call (bench/README.md, 2026-12-07, "per-order waste").
     */
    public boolean takeStock(long productId, int quantity) {
        return getEntityManager().createNativeQuery("update {h-schema}product set stock = stock - :quantity,"
                        + " version = version + 1 where id = :id and stock >= :quantity")
                .setParameter("quantity", quantity).setParameter("id", productId).executeUpdate() == 1;
    }

    /** The stock as committed now, bypassing an entity this transaction loaded earlier. */
    public int stockOf(long productId) {
        return getEntityManager().createQuery("select stock from Product where id = :id", Integer.class)
                .setParameter("id", productId).getSingleResult();
    }

    /** Adds {@code change} (negative: removes) when the result stays within 0 and {@code max}; false otherwise. */
    public boolean changeStock(long productId, int change, int max) {
        return update("stock = stock + ?1, version = version + 1 where id = ?2 and stock + ?1 >= 0 and stock + ?1 <= ?3",
                change, productId, max) == 1;
    }

    public void returnStock(long productId, int quantity) {
        update("stock = stock + ?1, version = version + 1 where id = ?2", quantity, productId);
    }

    public long countInCategory(long categoryId) {
        return count("category.id", categoryId);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
