package org.doorstep.common.problem;

/** A refusal the client can understand and act on; carries its HTTP status. */
public class DoorstepException extends RuntimeException {

    private final int status;
    private final String title;

    protected DoorstepException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
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
