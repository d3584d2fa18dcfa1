package org.doorstep.common.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.doorstep.common.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.Map;
import java.util.Set;

/**
 * The answers every operation of every service may give, in one place rather than on each resource (API.md, general
 * rules):
 * <ul>
 *   <li>what {@code ProblemMappers} answers to any request: 400 where there is input to be wrong, 401 and 403 where a
 *   token is needed, 404 where the path names a thing or a query value does not convert to its type, 409 for a
 *   concurrent change on a write, 415 for a body that is not JSON, 503 while the database is away;</li>
 *   <li>every error response, these and those a resource declares itself (a 404 for an id in a body, a 409 for a
 *   state, a 422 for content), carries the problem+json {@link Problem} schema;</li>
 *   <li>every 201 carries a {@code Location} header.</li>
 * </ul>
 * A resource declares only its own answers: the 201 and its body, and its refusals by status and a sentence.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class StandardResponses implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/" + Problem.SCHEMA;

    private static final String CONCURRENT = "Someone changed the same thing at the same moment; reload and retry";
    private static final String CONCURRENT_TOO = "; or someone changed the same thing at the same moment";

    /** Quarkus' own words for the responses it adds; ours say more. */
    private static final Set<String> GENERIC = Set.of("Not Authorized", "Not Allowed", "Bad Request");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            if (path.getValue().getOperations() == null) {
                continue;
            }
            boolean namesAThing = path.getKey().contains("{");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                Operation operation = entry.getValue();
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                APIResponses responses = operation.getResponses();
                // A path parameter that does not parse names no resource (404); a body, a query or a header may be bad.
                boolean takesInput = operation.getRequestBody() != null || (operation.getParameters() != null
                        && operation.getParameters().stream().anyMatch(p -> p.getIn() != Parameter.In.PATH));
                boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
                if (takesInput) {
                    standard(responses, "400", "The request is malformed or breaks a rule of its schema; "
                            + "violations name each field");
                }
                if (secured) {
                    standard(responses, "401", "No token, or one that is not valid (signature, issuer, expiry)");
                    standard(responses, "403", "The caller's role or area may not do this");
                }
                if (namesAThing) {
                    standard(responses, "404", "No such thing, or none the caller may see");
                } else if (hasTypedQuery(operation)) {
                    standard(responses, "404", "A query value that is not of its type (a word for an id) names "
                            + "nothing");
                }
                if (entry.getKey() != PathItem.HttpMethod.GET) {
                    APIResponse conflict = responses.getAPIResponse("409");
                    if (conflict == null || conflict.getDescription() == null) {
                        standard(responses, "409", CONCURRENT);
                    } else if (!conflict.getDescription().contains(CONCURRENT_TOO)) {
                        conflict.setDescription(conflict.getDescription() + CONCURRENT_TOO);
                    }
                }
                if (operation.getRequestBody() != null) {
                    standard(responses, "415", "The body is not sent as application/json");
                }
                standard(responses, "503", "The database is unreachable just now; nothing was changed. "
                        + "Retry after the seconds in Retry-After");
                responses.getAPIResponses().forEach((status, response) -> {
                    if (isError(status) && response.getRef() == null && isEmpty(response.getContent())) {
                        response.setContent(problemContent());
                    }
                    if (status.equals("503") && (response.getHeaders() == null
                            || !response.getHeaders().containsKey("Retry-After"))) {
                        response.addHeader("Retry-After", OASFactory.createHeader().required(true)
                                .description("Seconds to wait before sending the same request again")
                                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(
                                        java.math.BigDecimal.ONE)));
                    }
                    if (status.equals("201") && (response.getHeaders() == null
                            || !response.getHeaders().containsKey("Location"))) {
                        response.addHeader("Location", OASFactory.createHeader().required(true)
                                .description("The address of what was created")
                                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")));
                    }
                });
            }
        }
    }

    /** Adds the response unless the resource declared its own; replaces Quarkus' generic wording. */
    private static void standard(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        } else if (existing.getDescription() == null || existing.getDescription().isBlank()
                || GENERIC.contains(existing.getDescription())) {
            existing.setDescription(description);
        }
    }

    /** JAX-RS answers 404 to a query value that does not convert to its parameter's type. */
    private static boolean hasTypedQuery(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.QUERY && p.getSchema() != null
                        && p.getSchema().getType() != null
                        && !p.getSchema().getType().contains(Schema.SchemaType.STRING));
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static boolean isEmpty(Content content) {
        return content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty();
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }
}
