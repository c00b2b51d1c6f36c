package com.workestra.email.sandbox.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PkceTest {

    /** RFC 7636 Appendix B. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void rfc7636AppendixBVector() {
        assertEquals(CHALLENGE, Pkce.s256(VERIFIER));
        assertTrue(Pkce.verifies(VERIFIER, CHALLENGE));
    }

    @Test
    void rejectsWrongOrMalformedVerifier() {
        assertFalse(Pkce.verifies(VERIFIER.replace('d', 'e'), CHALLENGE));
        assertFalse(Pkce.verifies("short", Pkce.s256("short")));
        assertFalse(Pkce.verifies(null, CHALLENGE));
    }
}
