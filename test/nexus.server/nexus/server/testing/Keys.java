package nexus.server.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Real SSH public key lines generated with the JDK's key generators, encoded in the OpenSSH wire format. */
public final class Keys {
    private Keys() {}

    public static String ed25519(String comment) {
        try {
            byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            return line("ssh-ed25519", comment, str("ssh-ed25519"), str(raw));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rsa(int bits, String comment) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            RSAPublicKey k = (RSAPublicKey) g.generateKeyPair().getPublic();
            return line("ssh-rsa", comment, str("ssh-rsa"), str(k.getPublicExponent().toByteArray()), str(k.getModulus().toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** curve: nistp256, nistp384 or nistp521. */
    public static String ecdsa(String curve, String comment) {
        int bits = Integer.parseInt(curve.substring(5));
        int size = (bits + 7) / 8;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp" + bits + "r1"));
            ECPublicKey k = (ECPublicKey) g.generateKeyPair().getPublic();
            ByteArrayOutputStream point = new ByteArrayOutputStream();
            point.write(4);
            point.writeBytes(fixed(k.getW().getAffineX(), size));
            point.writeBytes(fixed(k.getW().getAffineY(), size));
            String type = "ecdsa-sha2-" + curve;
            return line(type, comment, str(type), str(curve), str(point.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key line built from raw wire-format parts, for malformed-key tests. */
    public static String line(String type, String comment, byte[]... parts) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            blob.writeBytes(p);
        }
        String l = type + " " + Base64.getEncoder().encodeToString(blob.toByteArray());
        return comment == null ? l : l + " " + comment;
    }

    public static byte[] str(String s) {
        return str(s.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] str(byte[] b) {
        return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array();
    }

    private static byte[] fixed(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        if (b.length == size) {
            return b;
        }
        byte[] out = new byte[size];
        if (b.length > size) {
            System.arraycopy(b, b.length - size, out, 0, size);
        } else {
            System.arraycopy(b, 0, out, size - b.length, b.length);
        }
        return out;
    }
}
