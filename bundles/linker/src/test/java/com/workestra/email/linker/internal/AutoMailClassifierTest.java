package com.workestra.email.linker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.workestra.email.store.MessageData.Attachment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Machine mail is recognised by its headers, sender, report parts and subject; mail a person wrote is not. */
class AutoMailClassifierTest {

    private static String reason(String header, String value) {
        return AutoMailClassifier.reason(Map.of(header, value), "client@example.com", "Question about my order",
                List.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "auto-submitted|auto-replied|auto-submitted",
        "auto-submitted|auto-generated|auto-submitted",
        "auto-submitted|Auto-Replied; owner-email=\"x@example.com\"|auto-submitted",
        "auto-submitted|auto-notified|auto-submitted",
        "precedence|bulk|precedence",
        "precedence|JUNK|precedence",
        "precedence|list|precedence",
        "precedence|auto_reply|precedence",
        "list-id|Announcements <announce.example.com>|mailing-list",
        "list-unsubscribe|<mailto:leave@example.com>, <https://example.com/u>|mailing-list",
        "x-auto-response-suppress|All|auto-reply-header",
        "x-auto-response-suppress|OOF, AutoReply|auto-reply-header",
        "x-autoreply|yes|auto-reply-header",
        "x-autorespond|Out of office|auto-reply-header",
        "return-path|<>|null-sender",
        "return-path|< >|null-sender",
        "content-type|multipart/report|report",
    })
    void machineHeaders(String header, String value, String expected) {
        assertEquals(expected, reason(header, value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "auto-submitted|no",
        "auto-submitted|No ; comment",
        "precedence|first-class",
        "precedence|normal",
        "return-path|<client@example.com>",
        "list-id|''",
        "content-language|de-DE",
        "content-type|multipart/mixed",
    })
    void personalHeaders(String header, String value) {
        assertNull(reason(header, value));
    }

    @ParameterizedTest
    @CsvSource({"MAILER-DAEMON@mx.example.com", "postmaster@example.com", "Mailer-Daemon@example.org"})
    void daemonsSendBounces(String from) {
        assertEquals("mailer-daemon", AutoMailClassifier.reason(Map.of(), from, "Hello", List.of()));
    }

    @Test
    void deliveryStatusPartsAreReports() {
        assertEquals("report", AutoMailClassifier.reason(Map.of(), "mx@example.com", "Notice",
                List.of(new Attachment("2", null, "message/delivery-status", 300, null, false))));
        assertEquals("report", AutoMailClassifier.reason(Map.of(), "mx@example.com", "Read: hello",
                List.of(new Attachment("2", null, "message/disposition-notification; charset=x", 300, null, false))));
        assertNull(AutoMailClassifier.reason(Map.of(), "client@example.com", "My CV",
                List.of(new Attachment("2", "cv.pdf", "application/pdf", 30000, null, false))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Automatic reply: Question about my order",
        "Out of Office: back on Monday",
        "AUTO: Urlaub",
        "Undeliverable: Your ticket",
        "Delivery Status Notification (Failure)",
        "Abwesenheitsnotiz: Anfrage",
    })
    void autoReplySubjects(String subject) {
        assertEquals("auto-reply-subject", AutoMailClassifier.reason(Map.of(), "client@example.com", subject,
                List.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Question about my order",
        "Re: Out of office next week?",
        "My automatic reply settings do not work",
        "''",
    })
    void personalMail(String subject) {
        assertNull(AutoMailClassifier.reason(Map.of(), "client@example.com", subject, List.of()));
        assertNull(AutoMailClassifier.reason(Map.of(), null, null, List.of()));
    }
}
