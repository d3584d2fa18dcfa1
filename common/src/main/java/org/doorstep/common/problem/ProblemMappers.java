package org.doorstep.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.doorstep.common.Failures;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Every error of every service leaves as application/problem+json; nothing a client sent becomes a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ObjectMapper mapper;

    @ServerExceptionMapper
    public Response doorstep(DoorstepException e) {
        Response response = problem(e.status(), e.type(), e.title(), e.getMessage(), null, e.extensions());
        return e.retryAfterSeconds() == null ? response
                : Response.fromResponse(response).header("Retry-After", e.retryAfterSeconds().toString()).build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.stream()
                .map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; ", "Please correct the request: ", "."));
        return problem(400, "Invalid request", detail, violations);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String detail;
        List<Problem.Violation> violations = null;
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            String field = path(format);
            String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", "));
            detail = "Field '" + field + "' must be one of " + allowed + "; '" + format.getValue()
                    + "' is not one of them.";
            violations = List.of(new Problem.Violation(field, "must be one of " + allowed));
        } else if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String expected = mismatch.getTargetType() == null ? "another type"
                    : describe(mismatch.getTargetType());
            detail = "Field '" + field + "' has the wrong type: it must be " + expected + ".";
            violations = List.of(new Problem.Violation(field, "must be " + expected));
        } else if (e instanceof JsonParseException) {
            detail = "The body is not valid JSON: " + e.getOriginalMessage() + ".";
        } else {
            detail = "The body could not be read as the expected JSON: " + e.getOriginalMessage() + ".";
        }
        return problem(400, "Unreadable request body", detail, violations);
    }

    /** Takes precedence over Quarkus' own mapper for this type, which does not answer problem+json. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    /** No token, or one that is not valid (signature, issuer, expiry). */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(problem(401, "Unauthorized",
                        "Sign in: send a valid token as 'Authorization: Bearer <token>'.", null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token whose role may not call this. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "Forbidden", "Your role may not do this.", null);
    }

    @ServerExceptionMapper
    public Response concurrent(OptimisticLockException e) {
        return concurrentChange();
    }

    @ServerExceptionMapper
    public Response concurrent(StaleStateException e) {
        return concurrentChange();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "There is nothing at this address; check the path and the id.";
            case 405 -> "This address does not accept that method.";
            case 406 -> "This address answers in JSON; ask for application/json.";
            case 415 -> "Send the body as JSON with Content-Type: application/json.";
            default -> e.getMessage() == null ? title : e.getMessage();
        };
        if (status == 400 && e.getMessage() != null && !e.getMessage().startsWith("HTTP 400")) {
            detail = e.getMessage();
        } else if (status == 400) {
            detail = "The request could not be read; send a JSON body as the API describes.";
        }
        return problem(status, title, detail, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof DoorstepException doorstep) {
                return doorstep(doorstep);
            }
        }
        // The database first: its connection reset mid-query looks like a client's ("Connection reset") but is ours.
        if (Failures.databaseAway(e)) {
            // Nothing was written; the client's retry (with its Idempotency-Key) will do.
            LOG.warnf("Database unavailable: %s", Failures.describe(e));
            return Response.fromResponse(problem(503, "Temporarily unavailable",
                    "The service cannot reach its database just now; nothing was changed. Try again in a few seconds.",
                    null)).header("Retry-After", "5").build();
        }
        if (Failures.clientGone(e)) {
            // Routine on phone networks, and nothing was written: the body was never read whole. One line for whoever
            // debugs a client, not an error with a stack trace for whoever watches the service.
            LOG.debugf("Client closed the connection before the request was complete: %s", Failures.describe(e));
            return problem(400, "Incomplete request",
                    "The connection closed before the whole request arrived; nothing was changed. Send it again.", null);
        }
        if (Failures.concurrentChange(e)) {
            return concurrentChange();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s", reference);
        return problem(500, "Internal error",
                "Something went wrong on our side; nothing was changed. Report reference " + reference + ".", null);
    }

    private Response concurrentChange() {
        return problem(409, "Concurrent change",
                "Someone changed this at the same moment; reload it and try again.", null);
    }

    private Response problem(int status, String title, String detail, List<Problem.Violation> violations) {
        return problem(status, "about:blank", title, detail, violations, Map.of());
    }

    private Response problem(int status, String type, String title, String detail, List<Problem.Violation> violations,
                             Map<String, Object> extensions) {
        Problem body = new Problem(type, title, status, detail, violations);
        try {
            ObjectNode json = mapper.valueToTree(body);
            // Extension members beside the standard ones (RFC 9457), never in their place.
            extensions.forEach((name, value) -> {
                if (!json.has(name)) {
                    json.set(name, mapper.valueToTree(value));
                }
            });
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(mapper.writeValueAsString(json)).build();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** items[0].quantity rather than place.request.items[0].quantity */
    private static String field(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            String name = node.getName();
            if (name == null || name.startsWith("<")) {
                continue;
            }
            if (!parts.isEmpty() && node.getIndex() != null) {
                int last = parts.size() - 1;
                parts.set(last, parts.get(last) + "[" + node.getIndex() + "]");
            }
            parts.add(name);
        }
        if (parts.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return String.join(".", parts);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.getName().startsWith("java.time")) {
            return "an ISO-8601 time with offset, e.g. 2022-04-10T08:30:00+08:00";
        }
        return "an object";
    }
}
