package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Row of email_message_address: one address of a message (from, to, cc or bcc) at its position, for linking. */
@Entity
@Table(name = "email_message_address")
@IdClass(MessageAddressEntity.Key.class)
public class MessageAddressEntity {

    @Id
    @Column(name = "message_id")
    String messageId;
    @Id
    @Column(name = "kind")
    String kind;
    @Id
    @Column(name = "pos")
    int position;
    @Column(name = "address")
    String address;
    @Column(name = "name")
    String name;

    /** Primary key of an address row. */
    public static final class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        String messageId;
        String kind;
        int position;

        /** For JPA. */
        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && position == k.position && Objects.equals(messageId, k.messageId)
                    && Objects.equals(kind, k.kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(messageId, kind, position);
        }
    }
}
