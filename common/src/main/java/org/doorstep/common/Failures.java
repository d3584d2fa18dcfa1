package org.doorstep.common;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

/** Tells failures that pass by themselves (database away, a concurrent change, a deadlock) from those that do not. */
public final class Failures {

    private Failures() {
    }

    /** The database cannot be reached (down, restarting, no free connection): retry later. */
    public static boolean databaseAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                    || t.getClass().getName().startsWith("io.agroal")
                    || String.valueOf(t.getMessage()).contains("Acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Someone else changed the same rows at the same moment. */
    public static boolean concurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // SQLTransactionRollbackException: a deadlock or lock wait timeout met outside Hibernate (the outbox's
            // insert at commit), which Hibernate would have called a LockAcquisitionException.
            if (t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof LockAcquisitionException || t instanceof SQLTransactionRollbackException) {
                return true;
            }
        }
        return false;
    }

    /** A unique key already holds this value (e.g. an Idempotency-Key used by a request at the same moment). */
    public static boolean duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || (t instanceof SQLException sql && "23000".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Worth trying again as it is. */
    public static boolean mayPass(Throwable e) {
        if (databaseAway(e) || concurrentChange(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // A rollback at commit says why in its cause, judged above and here; one without a cause (the transaction
            // timed out) may pass. One caused by a lasting error (data too long for a column) would fail forever.
            if (t instanceof SQLTransientException
                    || (t instanceof jakarta.transaction.RollbackException && t.getCause() == null)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client closed the connection before its request was whole (a phone losing signal in a stairwell, a client
     * giving up): nothing to fix on our side.
     */
    public static boolean clientGone(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof io.vertx.core.http.HttpClosedException
                    || t instanceof java.nio.channels.ClosedChannelException
                    || (t instanceof java.io.IOException && (String.valueOf(t.getMessage()).contains("Connection reset")
                    || String.valueOf(t.getMessage()).contains("Broken pipe")))) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
