package com.workestra.email.sandbox.resend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.resend.core.exception.ResendException;
import com.resend.services.domains.model.CreateDomainOptions;
import com.resend.services.domains.model.CreateDomainResponse;
import com.resend.services.domains.model.Domain;
import com.resend.services.domains.model.Record;
import com.resend.services.domains.model.VerifyDomainResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Domains through the real SDK: create with DNS records, verify, get, list. */
class ResendDomainsTest {

    private SandboxHarness sandbox;
    private ResendSdkRedirect sdk;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SandboxHarness(new ResendEmulator(false));
        sdk = new ResendSdkRedirect(sandbox.base, "re_test_domains");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createVerifyAndGet() throws Exception {
        CreateDomainResponse created = sdk.domains().create(
                CreateDomainOptions.builder().name("mail.workestra.example").region("eu-west-1").build());
        assertEquals("mail.workestra.example", created.getName());
        assertEquals("not_started", created.getStatus());
        assertEquals("eu-west-1", created.getRegion());
        List<Record> records = created.getRecords();
        assertEquals(3, records.size());
        Record mx = find(records, "SPF", "MX");
        assertEquals("send", mx.getName());
        assertEquals(10, mx.getPriority());
        assertTrue(mx.getValue().startsWith("feedback-smtp.eu-west-1."), mx.getValue());
        assertTrue(find(records, "SPF", "TXT").getValue().contains("v=spf1"));
        Record dkim = find(records, "DKIM", "TXT");
        assertEquals("resend._domainkey", dkim.getName());
        assertTrue(dkim.getValue().startsWith("p=MIGf"), "an RSA public key: " + dkim.getValue());
        records.forEach(r -> assertEquals("not_started", r.getStatus()));

        assertEquals("not_started", sdk.domains().get(created.getId()).getStatus(), "nothing happens before verify");

        VerifyDomainResponse verify = sdk.domains().verify(created.getId());
        assertEquals("domain", verify.getObject());
        assertEquals(created.getId(), verify.getId());

        Domain after = sdk.domains().get(created.getId());
        assertEquals("verified", after.getStatus(), "the read after verify completes the DNS check");
        after.getRecords().forEach(r -> assertEquals("verified", r.getStatus()));

        assertEquals(List.of(created.getId()),
                sdk.domains().list().getData().stream().map(d -> d.getId()).toList());
    }

    @Test
    void invalidAndDuplicateNamesAreRejected() throws Exception {
        ResendException invalid = assertThrows(ResendException.class,
                () -> sdk.domains().create(CreateDomainOptions.builder().name("not a domain").build()));
        assertEquals(422, invalid.getStatusCode());
        assertEquals("validation_error", invalid.getErrorName());

        sdk.domains().create(CreateDomainOptions.builder().name("workestra.example").build());
        ResendException dup = assertThrows(ResendException.class,
                () -> sdk.domains().create(CreateDomainOptions.builder().name("workestra.example").build()));
        assertEquals(403, dup.getStatusCode());

        ResendException missing = assertThrows(ResendException.class, () -> sdk.domains().get("unknown"));
        assertEquals(404, missing.getStatusCode());
        assertEquals("not_found", missing.getErrorName());
    }

    private static Record find(List<Record> records, String kind, String type) {
        return records.stream().filter(r -> kind.equals(r.getRecord()) && type.equals(r.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + type + " record in " + records));
    }
}
