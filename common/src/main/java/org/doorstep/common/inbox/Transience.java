package org.doorstep.common.inbox;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells failures that a retry may cure (database away, a concurrent change, a deadlock) from those it cannot. */
final class Transience {

    private Transience() {
    }

    static boolean mayPass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof JDBCConnectionException || t instanceof LockAcquisitionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof jakarta.transaction.RollbackException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && sql.getSQLState().startsWith("08"))
                    || t.getClass().getName().contains("AgroalTimeout")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
