package com.workestra.email.store.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records this node in the shared database and lists the nodes that share it. */
final class NodeRegistry {

    private final EntityManagerFactory emf;

    NodeRegistry(EntityManagerFactory emf) {
        this.emf = emf;
    }

    void register(String nodeId, String version, Instant now) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            NodeEntity node = em.find(NodeEntity.class, nodeId);
            if (node == null) {
                em.persist(new NodeEntity(nodeId, now, version));
            } else {
                node.restarted(now, version);
            }
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    List<Map<String, Object>> nodes() {
        EntityManager em = emf.createEntityManager();
        try {
            return em.createQuery("SELECT n FROM NodeEntity n ORDER BY n.id", NodeEntity.class).getResultList()
                    .stream()
                    .map(n -> Map.<String, Object>of("id", n.id(), "startedAt", n.startedAt().toString(),
                            "lastSeenAt", n.lastSeenAt().toString()))
                    .toList();
        } finally {
            em.close();
        }
    }
}
