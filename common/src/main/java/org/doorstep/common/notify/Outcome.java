package org.doorstep.common.notify;

/** What became of one send. */
public record Outcome(Result result, String reason) {

    /** How a refusal for want of the person's consent in WeChat (errcode 43101) begins. */
    public static final String NO_CONSENT = "no consent";

    public enum Result {
        /** The provider took the message. */
        SENT,
        /** Not now (outage, timeout, busy, rate limit): try again after a pause. */
        RETRY,
        /** Never (no consent, a number or template the provider refuses): recorded as not sent with the reason. */
        REFUSED
    }

    public static Outcome sent() {
        return new Outcome(Result.SENT, null);
    }

    public static Outcome retry(String reason) {
        return new Outcome(Result.RETRY, reason);
    }

    public static Outcome refused(String reason) {
        return new Outcome(Result.REFUSED, reason);
    }

    /** WeChat says the person allows no message of this template (what was counted as allowed is gone). */
    public boolean noConsent() {
        return result == Result.REFUSED && reason != null && reason.startsWith(NO_CONSENT);
    }
}
