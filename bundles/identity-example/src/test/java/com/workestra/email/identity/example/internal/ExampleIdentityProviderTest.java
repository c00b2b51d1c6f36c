package com.workestra.email.identity.example.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.workestra.email.api.Caller;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class ExampleIdentityProviderTest {

    private static ExampleIdentityProvider.Config config(String users) {
        return new ExampleIdentityProvider.Config() {
            @Override
            public String _users() {
                return users;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ExampleIdentityProvider.Config.class;
            }
        };
    }

    @Test
    void knownTokensResolveToTheirCallerOthersToNobody() {
        ExampleIdentityProvider p = new ExampleIdentityProvider(config(
                "tok-a|acme|u1|ann@acme.test|Ann|true, tok-b|acme|u2|bob@acme.test|Bob"));
        assertEquals(new Caller("acme", "u1", "ann@acme.test", "Ann", true), p.authenticate("tok-a").orElseThrow());
        Caller bob = p.authenticate("tok-b").orElseThrow();
        assertEquals("u2", bob.userId());
        assertFalse(bob.admin());
        assertTrue(p.authenticate("tok-c").isEmpty());
        assertTrue(p.authenticate("").isEmpty());
    }

    @Test
    void aMalformedEntryIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExampleIdentityProvider(config("secret-token|acme")));
        assertTrue(e.getMessage().startsWith("users entry 1"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-token"));
    }
}
