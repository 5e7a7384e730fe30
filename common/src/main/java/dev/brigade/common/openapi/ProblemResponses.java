package dev.brigade.common.openapi;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import dev.brigade.common.problem.Problem;

/**
 * Makes every service's OpenAPI document say what its errors look like. Each operation declares the answers every
 * Brigade endpoint can give ({@code 400} for bad input, {@code 404} under a path parameter, {@code 406}, {@code 413}
 * and {@code 415} with a body, {@code 500}); the resources declare their own ({@code 409}, {@code 412}, {@code 422},
 * {@code 503}, ...) with {@code @APIResponse}. Every 4xx and 5xx then gets the problem schema as
 * {@code application/problem+json}, which is what {@link dev.brigade.common.problem.ProblemMapper} writes.
 */
public class ProblemResponses implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean pathParameter = path.getKey().contains("{");
            for (Operation operation : path.getValue().getOperations().values()) {
                declareCommon(operation, pathParameter);
            }
        }
    }

    private static void declareCommon(Operation operation, boolean pathParameter) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (hasInput) {
            declare(responses, "400", "Bad input: the problem's errors name each field");
        }
        if (pathParameter) {
            declare(responses, "404", "Nothing with this id");
        }
        if (operation.getRequestBody() != null) {
            declare(responses, "413", "The body is over the service's size limit");
            declare(responses, "415", "The body is not JSON");
        }
        declare(responses, "406", "The Accept header names no media type this operation writes");
        declare(responses, "500", "An unexpected error; the problem says no more than that");
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                response.getValue().setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
            }
        }
    }

    private static void declare(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text).addProperty("message", text);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail: the body of every 4xx and 5xx answer")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("urn:brigade:problem:<slug>, the kind of problem"))
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text)
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .addRequired("type").addRequired("title").addRequired("status");
    }
}
