package io.wasmgi.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The secret every {@code /wasmgi/api/} request must carry as {@code Authorization: Bearer TOKEN}: generated at
 * start (32 random bytes), or set in the framework property {@value #PROPERTY}. Never a cookie: a page of another
 * site can make the browser send cookies, never this header.
 */
final class ConsoleToken {

    static final String PROPERTY = "wasmgi.console.token";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{32,256}");
    private static final String SCHEME = "Bearer ";

    private final String token;

    private ConsoleToken(String token) {
        this.token = token;
    }

    /**
     * @param configured the framework property's value, or null to generate one
     * @throws IllegalArgumentException if the configured token is too short or has other characters
     */
    static ConsoleToken of(String configured) {
        if (configured == null) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return new ConsoleToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        if (!SHAPE.matcher(configured).matches()) {
            throw new IllegalArgumentException(
                    PROPERTY + " must be 32 to 256 characters of [A-Za-z0-9_-]; the console does not start");
        }
        return new ConsoleToken(configured);
    }

    /** Whether an {@code Authorization} header carries this token; in constant time, so as not to leak it. */
    boolean admits(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return false;
        }
        byte[] given = authorization.substring(SCHEME.length()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }

    String value() {
        return token;
    }
}
