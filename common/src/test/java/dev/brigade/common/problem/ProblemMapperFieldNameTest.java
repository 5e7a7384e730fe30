package dev.brigade.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ProblemMapperFieldNameTest {

    record Line(@NotNull Long productId, @Min(1) int quantity) {
    }

    record Order(@NotBlank String email, List<@NotNull @Valid Line> lines) {
    }

    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory().getValidator();

    @Test
    void nestedListElementsAreNamedLikeJsonPaths() {
        Order order = new Order("", List.of(new Line(1L, 1), new Line(null, 0)));
        Set<String> fields = new TreeSet<>();
        for (ConstraintViolation<Order> violation : validator.validate(order)) {
            fields.add(ProblemMapper.fieldName(violation.getPropertyPath()));
        }
        assertEquals(Set.of("email", "lines[1].productId", "lines[1].quantity"), fields);
    }

    @Test
    void aNullListElementIsNamedByItsIndex() {
        Order order = new Order("a@b.c", java.util.Arrays.asList(new Line(1L, 1), null));
        ConstraintViolation<Order> violation = validator.validate(order).iterator().next();
        assertEquals("lines[1]", ProblemMapper.fieldName(violation.getPropertyPath()));
    }
}
