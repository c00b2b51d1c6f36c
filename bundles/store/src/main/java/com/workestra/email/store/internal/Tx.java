package com.workestra.email.store.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Function;

/**
 * Runs work in one resource-local transaction: commit on return, roll back on any exception. Work started inside the
 * work of the same thread joins the outer transaction (so one store can write another store's rows atomically with
 * its own, for example a backfill slice with its position).
 */
final class Tx {

    private final EntityManagerFactory emf;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();

    Tx(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Work that may throw a checked exception. */
    @FunctionalInterface
    interface Work<T, X extends Exception> {
        T run(EntityManager em) throws X;
    }

    /** Whether this thread is inside a transaction of this Tx. */
    boolean inTransaction() {
        return current.get() != null;
    }

    <T> T call(Function<EntityManager, T> work) {
        return run(work::apply);
    }

    <T, X extends Exception> T run(Work<T, X> work) throws X {
        EntityManager outer = current.get();
        if (outer != null) {
            return work.run(outer);
        }
        EntityManager em = emf.createEntityManager();
        current.set(em);
        try {
            em.getTransaction().begin();
            T result = work.run(em);
            em.getTransaction().commit();
            return result;
        } finally {
            current.remove();
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
