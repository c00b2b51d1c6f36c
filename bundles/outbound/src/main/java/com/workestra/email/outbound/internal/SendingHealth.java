package com.workestra.email.outbound.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Health of the sending path: composes a small message (Jakarta Mail with Angus, whose providers OSGi hides unless
 * the context loader is right) and sanitizes a signature, and tells which optional services are present.
 */
@Component(service = HealthContributor.class)
public class SendingHealth implements HealthContributor {

    private final MessageSendingComponent sending;

    /** Reports on the sending component. */
    @Activate
    public SendingHealth(@Reference MessageSendingComponent sending) {
        this.sending = sending;
    }

    @Override
    public String name() {
        return "sending";
    }

    @Override
    public HealthStatus check() {
        try {
            byte[] mime = MimeComposer.compose(new MimeComposer.Composition(new InternetAddress("health@example.test"),
                    List.of(new InternetAddress("probe@example.test")), List.of(), "probe", "<p>probe</p>", null,
                    "health-probe@example.test", null, List.of(), Instant.EPOCH));
            String sanitized = Html.sanitizeSignature("<b>ok</b><script>x</script>");
            if (mime.length == 0 || !"<b>ok</b>".equals(sanitized)) {
                return HealthStatus.down("Messages cannot be composed on this server.");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mailboxAccess", sending.access() != null);
            details.put("workspaceMailer", sending.mailer() != null);
            details.put("openTracking", sending.tracking() != null);
            return HealthStatus.up(details);
        } catch (Exception | LinkageError e) {
            return HealthStatus.down("Messages cannot be composed on this server: " + e.getClass().getSimpleName());
        }
    }
}
