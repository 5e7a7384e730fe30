package dev.brigade.common.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Numbers are read as they were written:
 * <ul>
 * <li>a fraction for a whole-number field ({@code "quantity": 1.5}) is a 400 naming the field, not silently 1;</li>
 * <li>a number in free-form JSON (a job's payload) keeps its digits: {@code 1e400} stays {@code 1E+400} instead of
 * becoming the double {@code Infinity}, which is no JSON at all once it is written back.</li>
 * </ul>
 */
@Singleton
public class StrictNumbers implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
