package dev.brigade.catalog.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

import dev.brigade.catalog.store.CategoryRepository;
import dev.brigade.catalog.store.ProductRepository;
import dev.brigade.common.problem.ProblemException;
import dev.brigade.common.store.StoredNow;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

/** Creating, changing and removing products. Reads go straight to the repositories. */
@ApplicationScoped
public class ProductCatalog {

    private final ProductRepository products;
    private final CategoryRepository categories;
    private final StoredNow stored;

    ProductCatalog(ProductRepository products, CategoryRepository categories, StoredNow stored) {
        this.products = products;
        this.categories = categories;
        this.stored = stored;
    }

    /** One page of a search and the number of products on all pages. */
    public record Page(List<Product> products, long total) {
    }

    /** A category and how many products it holds. */
    public record CategoryCount(Category category, long products) {
    }

    /** Products whose name or description contains {@code q} (any case), in {@code category} when given. */
    public Page search(String q, String category, Sort sort, int page, int size) {
        PanacheQuery<Product> query = products.search(q, category, sort).page(page, size);
        return new Page(query.list(), query.count());
    }

    public List<CategoryCount> categories() {
        return categories.listAll(Sort.ascending("name")).stream()
                .map(category -> new CategoryCount(category, products.countInCategory(category.id))).toList();
    }

    public Product get(long id) {
        return products.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Product", id));
    }

    public Product create(ProductData data, int stock) {
        return stored.kept(QuarkusTransaction.requiringNew().call(() -> {
            Product product = new Product();
            apply(data, product);
            product.stock = stock;
            products.persistAndFlush(product);
            return product;
        }));
    }

    /**
     * Replaces a product's data, not its stock, if its current version is one of {@code acceptedVersions} (from
     * {@code If-Match}; empty: any version). A client holding an older version gets a 412 instead of overwriting someone else's
     * change, also when that change commits while this one runs.
     */
    public Product update(long id, ProductData data, Optional<Set<Long>> acceptedVersions) {
        return stored.kept(QuarkusTransaction.requiringNew().call(() -> {
            Product product = get(id);
            if (acceptedVersions.isPresent() && !acceptedVersions.get().contains(product.version)) {
                throw staleVersion(id, acceptedVersions.get(), product.version);
            }
            long replaced = product.version;
            apply(data, product);
            try {
                products.flush();
            } catch (OptimisticLockException e) {
                throw staleVersion(id, Set.of(replaced), replaced + 1);
            }
            return product;
        }));
    }

    /**
     * Adds {@code change} units to the stock (a negative change writes units off), in one conditional statement, so
     * it adds to whatever reservations left however many run at the same time, and never goes below zero.
     */
    public Product changeStock(long id, int change) {
        return stored.kept(QuarkusTransaction.requiringNew().call(() -> {
            if (!products.changeStock(id, change, Product.MAX_STOCK)) {
                Product product = get(id);
                throw ProblemException.conflict("stock-out-of-range", "Product " + id + " has " + product.stock
                        + " in stock; a change of " + change + " would take it below 0 or above " + Product.MAX_STOCK);
            }
            return get(id);
        }));
    }

    /**
     * Removes the product whatever its version: one statement, so a reservation that moves its stock meanwhile
     * cannot make the delete fail (loading and removing the entity would check the version it loaded).
     */
    public void delete(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (products.delete("id", id) == 0) {
                throw ProblemException.notFound("Product", id);
            }
        });
        stored.await();
    }

    private void apply(ProductData data, Product product) {
        product.name = data.name();
        product.description = data.description();
        product.category = categories.findBySlug(data.category()).orElseThrow(() -> ProblemException.unprocessable(
                "unknown-category", "Category '" + data.category() + "' does not exist; see GET /api/categories"));
        product.priceCents = data.priceCents();
        product.currency = data.currency();
        product.imageUrl = data.imageUrl();
    }

    private static ProblemException staleVersion(long id, Set<Long> expected, long actual) {
        return ProblemException.preconditionFailed("Product " + id + " has changed: If-Match names "
                + (expected.isEmpty() ? "no version this service sent" : "version " + expected.stream().sorted()
                .map(String::valueOf).collect(Collectors.joining(", "))) + " but the current version is " + actual
                + "; fetch it again and reapply your change");
    }

    /** What a client may set on a product, its stock aside. */
    public record ProductData(String name, String description, String category, long priceCents, String currency,
            String imageUrl) {
    }
}
