package dev.brigade.common.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * What one JSON request body may hold, on top of the body size limit ({@code quarkus.http.limits.max-body-size}):
 * nesting {@value #MAX_NESTING_DEPTH} deep at most, strings of at most {@value #MAX_STRING_LENGTH} characters, and
 * {@value #MAX_TOKENS} tokens (a value, a name, a bracket each). The token limit is what keeps a body of millions
 * of empty objects, small in bytes, from becoming millions of objects in the heap. A body past any of them is
 * refused as a 400 problem that names the limits, while it is read.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 1_000_000;
    public static final long MAX_TOKENS = 1_000_000;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxTokenCount(MAX_TOKENS)
                .build());
    }
}
