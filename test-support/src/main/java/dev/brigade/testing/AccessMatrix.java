package dev.brigade.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;

import dev.brigade.testing.Tokens.Who;

/**
 * A service's access rules as a table: for each operation, the exact status every caller gets. A service's access
 * test lists its operations here and returns {@link #tests()} from a {@code @TestFactory}: one test per operation
 * and caller.
 */
public final class AccessMatrix {

    private record Rule(Map<Who, Integer> expected, Function<Who, Integer> call) {
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    /**
     * @param call sends the operation as the given caller (setting up whatever it needs as someone allowed to) and
     *             returns the status code
     */
    public AccessMatrix rule(String operation, int anonymous, int customerA, int customerB, int staff, int service,
            Function<Who, Integer> call) {
        Map<Who, Integer> expected = new EnumMap<>(Who.class);
        expected.put(Who.ANONYMOUS, anonymous);
        expected.put(Who.CUSTOMER_A, customerA);
        expected.put(Who.CUSTOMER_B, customerB);
        expected.put(Who.STAFF, staff);
        expected.put(Who.ORDER_SERVICE, service);
        if (rules.put(operation, new Rule(expected, call)) != null) {
            throw new IllegalArgumentException("Two rules for " + operation);
        }
        return this;
    }

    /** One test per operation and caller, named "operation by caller: status". */
    public Stream<DynamicTest> tests() {
        return rules.entrySet().stream().flatMap(rule -> rule.getValue().expected().entrySet().stream()
                .map(expected -> DynamicTest.dynamicTest(rule.getKey() + " by " + expected.getKey() + ": "
                        + expected.getValue(), () -> assertEquals((int) expected.getValue(),
                        rule.getValue().call().apply(expected.getKey()), rule.getKey() + " by " + expected.getKey()))));
    }
}
