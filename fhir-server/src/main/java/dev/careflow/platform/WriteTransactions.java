package dev.careflow.platform;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * HAPI's transaction manager, which also knows when each open read-write transaction began: the full-text index's
 * checkpoint ({@link SearchIndexCheckpoint}) may only claim what every transaction that could still write before it has
 * finished. A transaction is forgotten after its completion, that is after Hibernate Search has handed its documents
 * to the index (with the default {@code read-sync}, before the commit returns).
 */
class WriteTransactions extends JpaTransactionManager {

    private final Map<Object, Long> beganAt = new ConcurrentHashMap<>();

    WriteTransactions(jakarta.persistence.EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        if (!definition.isReadOnly()) {
            beganAt.put(transaction, System.currentTimeMillis());
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            beganAt.remove(transaction);
        }
    }

    /** When the oldest read-write transaction still open began (epoch milliseconds), if any is open. */
    OptionalLong oldestOpenSince() {
        return beganAt.values().stream().mapToLong(Long::longValue).min();
    }
}
