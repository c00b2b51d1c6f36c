package com.workestra.email.connector.outlook.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What MIME sendMail puts on the wire, recorded by a local HTTP server standing in for Graph (the provider sandbox
 * only understands the JSON form of sendMail): the SDK's sendMail request with the base64 MIME as text/plain.
 */
class SendMimeWireTest {

    private record Recorded(String method, String path, String contentType, String authorization, byte[] body) {
    }

    private final AtomicReference<Recorded> recorded = new AtomicReference<>();
    private HttpServer graph;
    private OutlookConnector connector;
    private int status = 202;

    @BeforeEach
    void start() throws Exception {
        graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        graph.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                recorded.set(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authorization"), in.readAllBytes()));
            }
            byte[] answer = status == 202 ? new byte[0]
                    : "{\"error\":{\"code\":\"ErrorMimeContentInvalidBase64String\",\"message\":\"Invalid base64\"}}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        graph.start();
        String base = "http://127.0.0.1:" + graph.getAddress().getPort();
        connector = new OutlookConnector(TestConfig.of(base + "/microsoft", base + "/v1.0"));
    }

    @AfterEach
    void stop() {
        connector.deactivate();
        graph.stop(0);
    }

    @Test
    void theMimeGoesBase64AsTextPlainToSendMail() throws Exception {
        byte[] mime = OutlookMailboxSandboxTest.mime("adele@contoso.example", "megan@fabrikam.example",
                "Grüße", "<wire@contoso.example>");

        assertNull(connector.send(new MailboxRef("c1", "adele@contoso.example", false, "token-1"), mime, "t1"));

        Recorded r = recorded.get();
        assertEquals("POST", r.method());
        assertEquals("/v1.0/me/sendMail", r.path());
        assertEquals("text/plain", r.contentType());
        assertEquals("Bearer token-1", r.authorization());
        assertArrayEquals(mime, Base64.getDecoder().decode(r.body()));
    }

    @Test
    void aSharedMailboxSendsAsItselfAndRefusalsArePermanent() throws Exception {
        byte[] mime = OutlookMailboxSandboxTest.mime("support@contoso.example", "megan@fabrikam.example", "Hi",
                "<wire2@contoso.example>");
        connector.send(new MailboxRef("c2", "support@contoso.example", true, "token-2"), mime, null);
        assertEquals("/v1.0/users/support@contoso.example/sendMail", recorded.get().path());

        status = 400;
        ProviderException.Permanent e = assertThrows(ProviderException.Permanent.class,
                () -> connector.send(new MailboxRef("c1", "adele@contoso.example", false, "token-1"), mime, null));
        assertEquals(GraphErrors.REQUEST_REJECTED, e.code());
    }
}
