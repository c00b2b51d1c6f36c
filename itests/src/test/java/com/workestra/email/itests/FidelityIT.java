package com.workestra.email.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.workestra.email.sandbox.SandboxServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mail fidelity end to end: hand-written raw messages (arbitrary bytes through the sandbox's rawBase64) delivered to
 * a Gmail and an Outlook mailbox, fetched by the real connectors, parsed, stored on PostgreSQL and read back through
 * GET /messages/{id}: addresses, names, subjects, the message's own Date, bodies, attachments and parse warnings
 * exactly as written, for each case and through both providers. Subjects in RFC 2047 words of every charset the JDK
 * can encode a sample in go the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidelityIT {

    private static final String GMAIL = "fidelity.gmail@sandbox.test";
    private static final String OUTLOOK = "fidelity.outlook@sandbox.test";
    private static final List<String> SAMPLES = List.of("Grüße, Ωμέγα und 日本語", "Отчёт Ωμέγα", "Grüße Ærø",
            "日本語のテキスト", "한국어 텍스트", "ภาษาไทย", "עברית", "العربية", "Zażółć gęślą", "Tiếng Việt");

    private final PostgresDatabase db = new PostgresDatabase();
    private final Map<String, String> ids = new HashMap<>();
    /** Message-ID → its view, per mailbox. */
    private final Map<String, Map<String, JsonNode>> views = new HashMap<>();
    private final Map<String, String> charsetSubjects = new LinkedHashMap<>();
    private SandboxServer sandbox;
    private Node node;
    private Http http;
    private Http provider;

    private static byte[] eml(Object... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : pieces) {
            out.writeBytes(p instanceof byte[] b ? b : (p + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The hand-written cases, by Message-ID. */
    private static Map<String, byte[]> cases(String to) {
        Charset koi8 = Charset.forName("KOI8-R");
        Map<String, byte[]> c = new LinkedHashMap<>();
        c.put("utf8-names@fidelity.test", eml("Message-ID: <utf8-names@fidelity.test>",
                "Date: Mon, 30 Nov 2026 10:00:00 +0100", "From: Jürgen Schmürgen <schmuergen@example.com>",
                "To: Jürgen Schmürgen <schmuergen@example.com>, Zoë <zoe@example.org>, " + to,
                "Cc: Łukasz Ślą <lukasz@example.pl>", "Subject: Grüße aus Köln", "", "Hallo"));
        c.put("folded-groups@fidelity.test", eml("Message-ID: <folded-groups@fidelity.test>",
                "Date: 30 Nov 2026 09:00 EST", "From: bob@example.org (Bob Öberg)",
                "To: Sales Team: \"Smith, John (Sales)\" <js@example.com>,", "\tΑλέξανδρος Παπαδόπουλος",
                " <alex@example.gr>;, " + to, "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", " =?ISO-8859-1?Q?_M=FCller?=",
                "", "x"));
        c.put("utf7@fidelity.test", eml("Message-ID: <utf7@fidelity.test>", "From: =?utf-7?Q?J+APw-rgen?= <j@example.de>",
                "To: " + to, "Subject: =?UTF-7?Q?Gr+APwA3w-e?=", "Content-Type: text/plain; charset=utf-7", "",
                "Sch+APY-ne Gr+APwA3w-e"));
        c.put("koi8@fidelity.test", eml(ascii("Message-ID: <koi8@fidelity.test>\r\nFrom: "), "Иван Петров".getBytes(koi8),
                ascii(" <ivan@example.ru>\r\nTo: " + to + "\r\nSubject: "), "Отчёт о продажах".getBytes(koi8),
                ascii("\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n"), "Привет".getBytes(koi8)));
        c.put("lying-label@fidelity.test", eml("Message-ID: <lying-label@fidelity.test>", "From: a@example.org",
                "To: " + to, "Subject: lying label", "Content-Type: text/plain; charset=utf-8", "",
                "Grüße aus München, schöne Straße".getBytes(Charset.forName("windows-1252"))));
        c.put("parts@fidelity.test", eml("Message-ID: <parts@fidelity.test>", "From: a@example.org", "To: " + to,
                "Subject: parts", "MIME-Version: 1.0",
                "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=sig", "",
                "--sig", "Content-Type: multipart/mixed; boundary=mix", "",
                "--mix", "Content-Type: text/plain; charset=utf-8", "", "See attached.", "", "begin 644 hello.txt",
                "+:&5L;&\\@=V]R;&0*", "`", "end",
                "--mix", "Content-Type: image/jpeg; name=\"photo.jpg\"",
                "Content-Disposition: inline; filename=\"photo.jpg\"", "Content-Transfer-Encoding: base64", "",
                "/9j/4AAQ", "--mix", "Content-Type: message/rfc822", "", "Subject: Angebot", "From: b@example.org", "",
                "forwarded", "--mix", "Content-Type: application/ms-tnef", "Content-Transfer-Encoding: base64", "",
                "eJ8+IgAA", "--mix--", "--sig", "Content-Type: application/pkcs7-signature; name=smime.p7s",
                "Content-Disposition: attachment; filename=smime.p7s", "Content-Transfer-Encoding: base64", "",
                "MIAGCSqGSIb3", "--sig--"));
        c.put("broken@fidelity.test", eml("Message-ID: <broken@fidelity.test>", "To: broken <a@example.org, " + to,
                "Date: not a date", "", "no from, no subject"));
        return c;
    }

    private static String sample(Charset charset) {
        for (String s : SAMPLES) {
            try {
                if (new String(s.getBytes(charset), charset).equals(s)) {
                    return s;
                }
            } catch (RuntimeException e) {
                // cannot encode this one
            }
        }
        return null;
    }

    private void deliver(String address, byte[] raw) {
        Http.Answer r = provider.send("POST", "/_sandbox/accounts/" + address + "/messages", null,
                "{\"rawBase64\":\"" + Base64.getEncoder().encodeToString(raw) + "\"}");
        assertEquals(2, r.status() / 100, r.body());
    }

    @BeforeAll
    void start() throws Exception {
        sandbox = SandboxServer.start(0);
        provider = new Http(sandbox.baseUrl());
        for (String[] a : new String[][] {{"gmail", GMAIL}, {"outlook", OUTLOOK}}) {
            assertEquals(2, provider.send("POST", "/_sandbox/accounts", null, "{\"provider\":\"" + a[0]
                    + "\",\"address\":\"" + a[1] + "\",\"messages\":0}").status() / 100);
        }
        int n = 0;
        for (Charset cs : Charset.availableCharsets().values()) {
            String text = cs.canEncode() ? sample(cs) : null;
            if (text != null) {
                charsetSubjects.put("cs-" + (n++) + "@fidelity.test", cs.name() + "\u0000" + text);
            }
        }
        for (String address : List.of(GMAIL, OUTLOOK)) {
            cases(address).values().forEach(raw -> deliver(address, raw));
            charsetSubjects.forEach((id, v) -> {
                String[] p = v.split("\u0000");
                Charset cs = Charset.forName(p[0]);
                String word = "=?" + cs.name() + "?B?" + Base64.getEncoder().encodeToString(p[1].getBytes(cs)) + "?=";
                deliver(address, eml("Message-ID: <" + id + ">", "From: " + word + " <cs@example.org>",
                        "To: " + address, "Subject: " + word, "", "x"));
            });
        }
        Map<String, String> env = new HashMap<>(db.env());
        env.put("WORKESTRA_SANDBOX_URL", sandbox.baseUrl());
        node = Node.start("fidelity-" + Long.toHexString(System.nanoTime()), env);
        http = node.http();
        OAuthBrowser oauth = new OAuthBrowser(http, sandbox.baseUrl());
        ids.put(GMAIL, oauth.connect("gmail", GMAIL, null).json().at("/connection/id").asText());
        ids.put(OUTLOOK, oauth.connect("outlook", OUTLOOK, null).json().at("/connection/id").asText());
        for (String address : List.of(GMAIL, OUTLOOK)) {
            Http.Answer r = http.send("POST", "/email/v1/connections/" + ids.get(address) + "/sync",
                    Node.DEMO_TOKEN, null);
            assertEquals(200, r.status(), r.body());
            Map<String, JsonNode> byMessageId = new HashMap<>();
            String cursor = null;
            do {
                JsonNode page = http.send("GET", "/email/v1/inbox?tab=emails&limit=100&connection=" + ids.get(address)
                        + (cursor == null ? "" : "&cursor=" + cursor), Node.DEMO_TOKEN, null).json();
                for (JsonNode item : page.get("items")) {
                    JsonNode m = http.send("GET", "/email/v1/messages/" + item.get("id").asText(), Node.DEMO_TOKEN,
                            null).json();
                    byMessageId.put(m.at("/headers/message-id").asText().replaceAll("[<>]", ""), m);
                }
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            views.put(address, byMessageId);
        }
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        db.close();
    }

    private static List<String> people(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(a -> out.add((a.hasNonNull("name") ? a.get("name").asText() + " " : "") + "<"
                + a.get("address").asText() + ">"));
        return out;
    }

    private JsonNode view(String address, String messageId) {
        JsonNode m = views.get(address).get(messageId);
        assertTrue(m != null, messageId + " of " + address + " was not synced: " + views.get(address).keySet());
        return m;
    }

    @Test
    void everyCaseThroughBothProviders() {
        for (String a : List.of(GMAIL, OUTLOOK)) {
            JsonNode m = view(a, "utf8-names@fidelity.test");
            assertEquals(List.of("Jürgen Schmürgen <schmuergen@example.com>", "Zoë <zoe@example.org>", "<" + a + ">"),
                    people(m.get("to")), a);
            assertEquals(List.of("Łukasz Ślą <lukasz@example.pl>"), people(m.get("cc")), a);
            assertEquals("Grüße aus Köln", m.get("subject").asText());
            assertEquals("2026-11-30T10:00:00+01:00", m.get("sentAt").asText());
            assertEquals("2026-11-30T10:00:00+01:00", m.at("/headers/date").asText(), "the message's own Date");
            assertNotEquals(m.get("sentAt").asText(), m.get("receivedAt").asText());

            m = view(a, "folded-groups@fidelity.test");
            assertEquals("Bob Öberg", m.at("/from/name").asText(), "a comment names a bare address");
            assertEquals("bob@example.org", m.at("/from/address").asText());
            assertEquals(List.of("Smith, John (Sales) <js@example.com>", "Αλέξανδρος Παπαδόπουλος <alex@example.gr>",
                    "<" + a + ">"), people(m.get("to")), a);
            assertEquals("Grüße Müller", m.get("subject").asText());
            assertEquals("2026-11-30T09:00:00-05:00", m.get("sentAt").asText());

            m = view(a, "utf7@fidelity.test");
            assertEquals("Jürgen", m.at("/from/name").asText());
            assertEquals("Grüße", m.get("subject").asText());
            assertEquals("Schöne Grüße", m.get("text").asText().strip());

            m = view(a, "koi8@fidelity.test");
            assertEquals("Иван Петров", m.at("/from/name").asText());
            assertEquals("Отчёт о продажах", m.get("subject").asText());
            assertEquals("Привет", m.get("text").asText().strip());
            assertTrue(m.get("parseWarnings").toString().contains("koi8-r"), m.get("parseWarnings").toString());

            m = view(a, "lying-label@fidelity.test");
            assertEquals("Grüße aus München, schöne Straße", m.get("text").asText().strip());
            assertTrue(m.get("parseWarnings").toString().contains("not valid utf-8"), m.toString());

            m = view(a, "parts@fidelity.test");
            List<String> attachments = new ArrayList<>();
            m.get("attachments").forEach(x -> attachments.add(x.get("kind").asText() + ":"
                    + x.get("filename").asText()));
            assertEquals(List.of("file:photo.jpg", "file:hello.txt", "message:Angebot.eml", "tnef:winmail.dat",
                    "signature:smime.p7s").stream().sorted().toList(), attachments.stream().sorted().toList(), a);
            assertFalse(m.get("text").asText().contains("begin 644"));

            m = view(a, "broken@fidelity.test");
            assertTrue(m.get("from") == null || m.get("from").isNull(), m.toString());
            assertEquals(List.of("broken <a@example.org>", "<" + a + ">"), people(m.get("to")));
            assertTrue(m.get("parseWarnings").toString().contains("Date"), m.toString());
        }
    }

    @Test
    void encodedWordsInEveryJavaCharsetThroughBothProviders() {
        for (String a : List.of(GMAIL, OUTLOOK)) {
            charsetSubjects.forEach((id, v) -> {
                String[] p = v.split("\u0000");
                JsonNode m = view(a, id);
                assertEquals(p[1], m.get("subject").asText(), p[0] + " via " + a);
                assertEquals(p[1], m.at("/from/name").asText(), p[0] + " via " + a);
            });
        }
    }
}
