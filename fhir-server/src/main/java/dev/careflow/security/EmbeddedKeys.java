package dev.careflow.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded authorization server's signing keys, kept in a file of the data folder ({@code jwks.json}, readable by
 * the server's user only) so that tokens outlive a restart. The newest key signs; a key older than the rotation period
 * is replaced by a new one at start-up, and older keys stay published (and accepted) for twice the longest token
 * lifetime, so that tokens already issued keep working through a rotation. With no folder, keys live in memory.
 */
final class EmbeddedKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKeys.class);
    static final String FILE = "jwks.json";

    private final List<RSAKey> keys;

    private EmbeddedKeys(List<RSAKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Loads the keys from the folder (creating it and a first key if needed), rotating a key past its period. */
    static EmbeddedKeys load(Path folder, Duration rotation, Duration retention, Clock clock) {
        Instant now = clock.instant();
        List<RSAKey> keys = new ArrayList<>();
        Path file = folder == null ? null : folder.resolve(FILE);
        if (file != null && Files.exists(file)) {
            try {
                for (JWK key : JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8))
                        .getKeys()) {
                    keys.add(key.toRSAKey());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the signing keys in " + file, e);
            } catch (ParseException e) {
                throw new IllegalStateException("The signing keys in " + file + " are not a JWK set", e);
            }
        }
        keys.sort(Comparator.comparing(EmbeddedKeys::issued).reversed());
        boolean changed = false;
        if (keys.isEmpty() || issued(keys.get(0)).plus(rotation).isBefore(now)) {
            keys.add(0, generate(now));
            changed = true;
            log.info(
                    "Signing key {} made for the embedded authorization server",
                    keys.get(0).getKeyID());
        }
        // A key that no longer signs stays while tokens it signed may still be in use: for the retention period after
        // the key that replaced it began signing.
        List<RSAKey> kept = new ArrayList<>(List.of(keys.get(0)));
        for (int i = 1; i < keys.size(); i++) {
            if (issued(keys.get(i - 1)).plus(retention).isAfter(now)) {
                kept.add(keys.get(i));
            }
        }
        changed |= kept.size() != keys.size();
        keys = kept;
        if (file != null && changed) {
            save(folder, file, keys);
        }
        return new EmbeddedKeys(keys);
    }

    private static RSAKey generate(Instant now) {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .issueTime(Date.from(now))
                    .generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant issued(RSAKey key) {
        return key.getIssueTime() == null ? Instant.EPOCH : key.getIssueTime().toInstant();
    }

    private static void save(Path folder, Path file, List<RSAKey> keys) {
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "jwks", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
            Files.writeString(temporary, new JWKSet(new ArrayList<JWK>(keys)).toString(false), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the signing keys in " + file, e);
        }
    }

    /** The key that signs new tokens. */
    String signingKeyId() {
        return keys.get(0).getKeyID();
    }

    List<String> keyIds() {
        return keys.stream().map(RSAKey::getKeyID).toList();
    }

    /**
     * Every key for the key set endpoint and for verifying (a token names its key); only the signing key when the
     * encoder asks for "a key for this algorithm", which must be exactly one.
     */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> matched = selector.select(new JWKSet(new ArrayList<JWK>(keys)));
        boolean choosingASigningKey = (selector.getMatcher().getKeyIDs() == null
                        || selector.getMatcher().getKeyIDs().isEmpty()
                        || selector.getMatcher().getKeyIDs().contains(null))
                && selector.getMatcher().getAlgorithms() != null
                && !selector.getMatcher().getAlgorithms().isEmpty();
        if (choosingASigningKey && matched.size() > 1) {
            return matched.stream()
                    .filter(k -> k.getKeyID().equals(signingKeyId()))
                    .toList();
        }
        return matched;
    }
}
