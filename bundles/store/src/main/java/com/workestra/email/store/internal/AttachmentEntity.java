package com.workestra.email.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Row of email_attachment: metadata of one attachment part of a message (the content is never stored). */
@Entity
@Table(name = "email_attachment")
@IdClass(AttachmentEntity.Key.class)
public class AttachmentEntity {

    @Id
    @Column(name = "message_id")
    String messageId;
    @Id
    @Column(name = "part_id")
    String partId;
    @Column(name = "filename")
    String filename;
    @Column(name = "content_type")
    String contentType;
    @Column(name = "size_bytes")
    long sizeBytes;
    @Column(name = "content_id")
    String contentId;
    @Column(name = "is_inline")
    boolean inline;
    @Column(name = "kind")
    String kind;

    /** Whether the metadata columns equal those of {@code o}. */
    boolean sameContent(AttachmentEntity o) {
        return sizeBytes == o.sizeBytes && inline == o.inline && Objects.equals(kind, o.kind)
                && Objects.equals(filename, o.filename)
                && Objects.equals(contentType, o.contentType) && Objects.equals(contentId, o.contentId);
    }

    /** Copies the metadata columns of {@code o}. */
    void copyContent(AttachmentEntity o) {
        filename = o.filename;
        contentType = o.contentType;
        sizeBytes = o.sizeBytes;
        contentId = o.contentId;
        inline = o.inline;
        kind = o.kind;
    }

    /** Primary key of an attachment row. */
    public static final class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        String messageId;
        String partId;

        /** For JPA. */
        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(messageId, k.messageId) && Objects.equals(partId, k.partId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(messageId, partId);
        }
    }
}
