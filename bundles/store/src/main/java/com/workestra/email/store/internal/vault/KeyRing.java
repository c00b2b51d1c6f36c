package com.workestra.email.store.internal.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured vault keys: one active key for new encryptions, the others kept to open older values. */
public final class KeyRing {

    private final Map<String, VaultKey> keys;
    private final VaultKey active;

    /**
     * @throws VaultException if there are no keys, two keys share an id, or {@code activeKeyId} is not among them
     */
    public KeyRing(Collection<VaultKey> keys, String activeKeyId) {
        Map<String, VaultKey> byId = new LinkedHashMap<>();
        for (VaultKey key : keys) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new VaultException("duplicate key id '" + key.id() + "'");
            }
        }
        if (byId.isEmpty()) {
            throw new VaultException("no vault keys configured");
        }
        if (activeKeyId == null || activeKeyId.isBlank()) {
            throw new VaultException("activeKeyId is not set; it must name one of the keys " + byId.keySet());
        }
        String wanted = activeKeyId.strip();
        if (!VaultKey.isValidId(wanted)) {
            throw new VaultException("activeKeyId is not a valid key id; it must name one of the keys "
                    + byId.keySet());
        }
        VaultKey found = byId.get(wanted);
        if (found == null) {
            throw new VaultException("activeKeyId '" + wanted + "' is not among the configured keys "
                    + byId.keySet());
        }
        this.keys = Collections.unmodifiableMap(byId);
        this.active = found;
    }

    /**
     * Keys from configuration text {@code k1:<base64>,k2:<base64>} (commas or line breaks between entries, standard
     * base64 of exactly 32 bytes each); error messages name key ids and positions, never key material.
     */
    public static KeyRing parse(String keysText, String activeKeyId) {
        if (keysText == null || keysText.isBlank()) {
            throw new VaultException("no vault keys configured");
        }
        List<VaultKey> parsed = new ArrayList<>();
        int position = 0;
        for (String entry : keysText.split("[,\\r\\n]")) {
            if (!entry.isBlank()) {
                position++;
                parsed.add(parseEntry(entry, "keys entry " + position));
            }
        }
        return new KeyRing(parsed, activeKeyId);
    }

    /** Keys from a file of {@code id:base64} lines; blank lines and lines starting with {@code #} are skipped. */
    public static KeyRing load(Path keyFile, String activeKeyId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(keyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the path is configuration, not a secret; the cause names the file system problem
            throw new VaultException("cannot read vault key file " + keyFile, e);
        }
        List<VaultKey> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                parsed.add(parseEntry(line, "line " + (i + 1) + " of " + keyFile));
            }
        }
        if (parsed.isEmpty()) {
            throw new VaultException("vault key file " + keyFile + " holds no keys");
        }
        return new KeyRing(parsed, activeKeyId);
    }

    /**
     * Keys from exactly one of the two configuration sources: inline {@code keysText} or {@code keyFile}.
     *
     * @throws VaultException if both or neither are set, or the keys are invalid
     */
    public static KeyRing fromConfiguration(String keysText, String keyFile, String activeKeyId) {
        boolean inline = keysText != null && !keysText.isBlank();
        boolean file = keyFile != null && !keyFile.isBlank();
        if (inline == file) {
            throw new VaultException(inline
                    ? "configure vault keys either inline (keys) or in a key file (keyFile), not both"
                    : "no vault keys configured: set keys or keyFile");
        }
        return inline ? parse(keysText, activeKeyId) : load(Path.of(keyFile.strip()), activeKeyId);
    }

    private static VaultKey parseEntry(String entry, String where) {
        String trimmed = entry.strip();
        int colon = trimmed.indexOf(':');
        if (colon < 0) {
            throw new VaultException(where + " is not of the form id:base64");
        }
        String id = trimmed.substring(0, colon).strip();
        if (!VaultKey.isValidId(id)) {
            throw new VaultException(where + ": key id must be 1-32 characters of A-Z a-z 0-9 _ -");
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(trimmed.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            // no cause: the decoder's message quotes the offending character of the key
            throw new VaultException(where + ": key '" + id + "' is not valid base64");
        }
        try {
            if (material.length != VaultKey.KEY_BYTES) {
                throw new VaultException(where + ": key '" + id + "' must be " + VaultKey.KEY_BYTES
                        + " bytes (256 bits), got " + material.length + " bytes");
            }
            return new VaultKey(id, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** The key new values are sealed with. */
    public VaultKey active() {
        return active;
    }

    public String activeKeyId() {
        return active.id();
    }

    /** The key with this id, if configured. */
    public Optional<VaultKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** All configured key ids, in configuration order. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + active.id() + ", keys=" + keys.keySet() + "]";
    }
}
