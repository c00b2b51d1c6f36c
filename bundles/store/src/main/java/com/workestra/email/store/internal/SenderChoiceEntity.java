package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** Row of email_sender_choice: the From a user chose last. */
@Entity
@Table(name = "email_sender_choice")
@IdClass(SenderChoiceEntity.Key.class)
public class SenderChoiceEntity {

    @Id
    @Column(name = "workspace_id")
    String workspaceId;
    @Id
    @Column(name = "user_id")
    String userId;
    @Column(name = "from_type")
    String fromType;
    @Column(name = "connection_id")
    String connectionId;
    @Column(name = "updated_at")
    Instant updatedAt;

    /** Primary key: workspace and user. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Workspace id. */
        public String workspaceId;
        /** User id. */
        public String userId;

        /** For JPA. */
        public Key() {
        }

        Key(String workspaceId, String userId) {
            this.workspaceId = workspaceId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, userId);
        }
    }
}
