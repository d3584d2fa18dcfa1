package org.doorstep.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem: what went wrong, in a sentence a person can act on. Its schema is the one every error response
 * of every service's OpenAPI document names (org.doorstep.common.openapi.StandardResponses). A problem of its own
 * type may carry extension members (RFC 9457), e.g. a limit's name and value: the schema allows them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = Problem.SCHEMA, description = "What went wrong (RFC 9457), in a sentence a person can act on",
        additionalProperties = Schema.True.class)
public record Problem(
        @Schema(required = true, example = "about:blank") String type,
        @Schema(required = true, example = "Invalid request") String title,
        @Schema(required = true, example = "400") int status,
        @Schema(required = true, example = "Please correct the request: items must hold 1 to 100 items.")
        String detail,
        @Schema(description = "For invalid input: each field and what is wrong with it") List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** The name of its schema in the OpenAPI documents. */
    public static final String SCHEMA = "Problem";

    @Schema(name = "Violation")
    public record Violation(@Schema(required = true, example = "items") String field,
                            @Schema(required = true, example = "must hold 1 to 100 items") String message) {
    }
}
