package org.doorstep.common.problem;

import java.util.Map;

/** A refusal the client can understand and act on; carries its HTTP status. */
public class DoorstepException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;
    private Integer retryAfterSeconds;

    protected DoorstepException(int status, String title, String detail) {
        this(status, "about:blank", title, detail, Map.of());
    }

    /**
     * A refusal of a kind a client may act on by itself: its problem {@code type} names it, and its extension
     * members (RFC 9457) carry the facts, e.g. which limit and its value.
     */
    protected DoorstepException(int status, String type, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Seconds the client should wait before trying again (the Retry-After header), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 401: the caller could not be identified (e.g. a sign-in code that is wrong or used). */
    public static DoorstepException unauthorized(String detail) {
        return new DoorstepException(401, "Unauthorized", detail);
    }

    /** 401 of a kind the client acts on by itself, named by its problem {@code type} (e.g. a WeChat user not bound). */
    public static DoorstepException unauthorized(String type, String title, String detail) {
        return new DoorstepException(401, type, title, detail, Map.of());
    }

    /** 503 with Retry-After: something this service depends on is away; nothing was changed. */
    public static DoorstepException unavailable(String detail, int retryAfterSeconds) {
        DoorstepException e = new DoorstepException(503, "Temporarily unavailable", detail);
        e.retryAfterSeconds = retryAfterSeconds;
        return e;
    }

    /** 404: the id names nothing (or nothing the caller may see). */
    public static DoorstepException notFound(String detail) {
        return new DoorstepException(404, "Not found", detail);
    }

    /** 409: the thing exists but its state forbids the action. */
    public static DoorstepException conflict(String detail) {
        return new DoorstepException(409, "Conflict", detail);
    }

    /** 422: well-formed, but the content is refused (e.g. a wrong handoff code). */
    public static DoorstepException unprocessable(String detail) {
        return new DoorstepException(422, "Unprocessable", detail);
    }

    /** 403: the caller is known, but this is not theirs to see or do. */
    public static DoorstepException forbidden(String detail) {
        return new DoorstepException(403, "Forbidden", detail);
    }

    /** 400: the request itself is wrong. */
    public static DoorstepException badRequest(String detail) {
        return new DoorstepException(400, "Bad request", detail);
    }
}
