package nexus.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void tokensCarryTheirScopeAnd256RandomBits() {
        Set<String> seen = new HashSet<>();
        for (Scope s : Scope.values()) {
            for (int i = 0; i < 100; i++) {
                String t = Tokens.mint(s);
                assertTrue(t.startsWith(s.prefix()));
                assertEquals(s.prefix().length() + 43, t.length(), "43 base64url characters hold 256 bits");
                assertTrue(Tokens.looksLike(s.prefix(), t));
                assertTrue(seen.add(t));
            }
        }
    }

    @Test
    void hashIsSha256Hex() {
        // echo -n abc | sha256sum
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tokens.hash("abc"));
        assertNotEquals(Tokens.hash("nxu_a"), Tokens.hash("nxu_b"));
        assertTrue(Tokens.sameHash(Tokens.hash("x"), Tokens.hash("x")));
        assertFalse(Tokens.sameHash(Tokens.hash("x"), Tokens.hash("y")));
    }

    @Test
    void shapeCheckRejectsForeignTokens() {
        String t = Tokens.mint(Scope.USER);
        assertFalse(Tokens.looksLike(Scope.ADMIN.prefix(), t));
        assertFalse(Tokens.looksLike(Scope.USER.prefix(), t + "x"));
        assertFalse(Tokens.looksLike(Scope.USER.prefix(), t.substring(0, t.length() - 1) + "!"));
        assertFalse(Tokens.looksLike(Scope.USER.prefix(), "gho_" + "a".repeat(36)));
        assertFalse(Tokens.looksLike(Scope.USER.prefix(), null));
    }
}
