package dev.careflow.platform;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.PreparedStatement;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Component;

/**
 * Locks by key inside the current database transaction: a PostgreSQL transaction-scoped advisory lock, released when
 * the transaction commits or rolls back. Writers of one thing (one encounter's messages, one scheduled job) on any
 * node sharing the database wait for each other; the namespace keeps one feature's keys from meeting another's.
 */
@Component
public class TransactionLocks {

    private final EntityManagerFactory entityManagerFactory;

    public TransactionLocks(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    /** Waits for, then holds until the current transaction ends, the lock on {@code (namespace, key)}. */
    public void lock(int namespace, int key) {
        EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
        if (entityManager == null) {
            throw new IllegalStateException("A transaction lock is taken inside a database transaction");
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                statement.setInt(1, namespace);
                statement.setInt(2, key);
                statement.execute();
            }
        });
    }
}
