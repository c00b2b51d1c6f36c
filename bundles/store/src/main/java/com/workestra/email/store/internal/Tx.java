package com.workestra.email.store.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Function;

/** Runs work in one resource-local transaction: commit on return, roll back on any exception. */
final class Tx {

    private final EntityManagerFactory emf;

    Tx(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Work that may throw a checked exception. */
    @FunctionalInterface
    interface Work<T, X extends Exception> {
        T run(EntityManager em) throws X;
    }

    <T> T call(Function<EntityManager, T> work) {
        return run(work::apply);
    }

    <T, X extends Exception> T run(Work<T, X> work) throws X {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.run(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
