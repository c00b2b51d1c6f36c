package com.workestra.email.devhost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.Caller;
import com.workestra.email.store.testing.TestDatabase;
import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dev host shell's sessions (hashed, expiring, ended by sign-out), redirect targets and escaping. */
class DevShellTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sessionsAreStoredHashedExpireAndEndOnSignOut(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            DevHost host = new DevHost(db.dataSource(), config("demo-secret"));
            DevHostTables t = host.tables();
            assertEquals("workestra_session", host.sessionCookieName());
            String live = t.openSession("demo", Instant.now().plusSeconds(3600));
            String old = t.openSession("demo", Instant.now().minusSeconds(1));
            assertTrue(live.length() >= 43, live);
            Caller demo = host.authenticateSession(live).orElseThrow();
            assertEquals("Demo User", demo.displayName());
            assertTrue(host.authenticateSession(old).isEmpty(), "expired");
            assertTrue(host.authenticateSession("guess").isEmpty());
            // the session id is not a bearer token, and a bearer token is not a session
            assertTrue(host.authenticate(live).isEmpty());
            assertTrue(host.authenticateSession("demo-secret").isEmpty());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT session_hash FROM devhost_session")) {
                while (rs.next()) {
                    assertFalse(rs.getString(1).equals(live) || rs.getString(1).equals(old));
                }
            }
            t.closeSession(live, Instant.now());
            assertTrue(host.authenticateSession(live).isEmpty(), "signed out");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM devhost_session")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "sign-out also drops expired sessions");
            }
            assertEquals(Optional.of("Demo User"), t.user("demo").map(Caller::displayName));
            assertTrue(t.user("nobody").isEmpty());
        }
    }

    @Test
    void afterSignInOnlyShellPagesAreRedirectTargets() {
        assertEquals("/devhost/ui/crm/contacts/42", DevShellResource.safeNext("/devhost/ui/crm/contacts/42"));
        assertNull(DevShellResource.safeNext(null));
        assertNull(DevShellResource.safeNext("https://evil.test/devhost/ui/inbox"));
        assertNull(DevShellResource.safeNext("//evil.test/devhost/ui/inbox"));
        assertNull(DevShellResource.safeNext("/devhost/ui//evil.test"));
        assertNull(DevShellResource.safeNext("/devhost/ui/sign-out"));
        assertNull(DevShellResource.safeNext("/email/v1/connections"));
    }

    @Test
    void textIsEscapedInPages() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", ShellPages.esc("<script>&\"'"));
        String page = ShellPages.page(new Caller("demo", "u", "u@x.test", "<b>Eve</b>", false), "inbox", "Inbox",
                "<h1>Inbox</h1>");
        assertTrue(page.contains("&lt;b&gt;Eve&lt;/b&gt;"));
        assertTrue(page.contains("<a href=\"/devhost/ui/inbox\" aria-current=\"page\">Inbox</a>"));
        assertTrue(page.contains("<script type=\"module\" src=\"/email/ui/workestra-email.js\"></script>"));
        String signIn = ShellPages.signIn(Optional.of(new Caller("demo", "demo", "d@x.test", "Demo User", true)),
                "/devhost/ui/inbox", null);
        assertTrue(signIn.contains(">Sign in as Demo User</button>"));
    }

    private static DevHost.Config config(String demoToken) {
        return new DevHost.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DevHost.Config.class;
            }

            @Override
            public String workspaceId() {
                return "demo";
            }

            @Override
            public String _demo_token() {
                return demoToken;
            }

            @Override
            public String demo_email() {
                return "demo@workestra.test";
            }

            @Override
            public String _users() {
                return "";
            }

            @Override
            public String dataSource_target() {
                return "(dataSourceName=workestra)";
            }
        };
    }
}
