package dev.brigade.catalog.store;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.brigade.catalog.domain.Category;
import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class CategoryRepository implements PanacheRepository<Category> {

    public Optional<Category> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }
}
