package nexus.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Where the server's TLS identity comes from: PEM files (an X.509 certificate chain, leaf first, and a PKCS#8
 * private key) or a PKCS#12 keystore with an optional password file. {@link #load} checks that the key belongs
 * to the certificate and says how to convert keys in other formats.
 */
public record TlsFiles(Path certificate, Path privateKey, Path keystore, Path keystorePasswordFile) {

    public static TlsFiles pem(Path certificate, Path privateKey) {
        return new TlsFiles(certificate, privateKey, null, null);
    }

    public static TlsFiles pkcs12(Path keystore, Path passwordFile) {
        return new TlsFiles(null, null, keystore, passwordFile);
    }

    /** An SSL context serving this identity, or an IllegalArgumentException that says what is wrong. */
    public SSLContext load() {
        try {
            KeyStore ks;
            char[] password;
            if (keystore != null) {
                password = keystorePasswordFile == null ? new char[0]
                        : Files.readString(keystorePasswordFile, StandardCharsets.UTF_8).strip().toCharArray();
                ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keystore)) {
                    ks.load(in, password);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot open the PKCS#12 keystore " + keystore
                            + " (wrong password, or not a PKCS#12 file): " + e.getMessage());
                }
            } else {
                X509Certificate[] chain = certificates(certificate);
                PrivateKey key = privateKey(privateKey, chain[0]);
                checkPair(key, chain[0]);
                password = new char[0];
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("nexus", key, password, chain);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read TLS files: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate and key: " + e.getMessage());
        }
    }

    private static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(file + " does not hold a PEM certificate (-----BEGIN CERTIFICATE-----): " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no certificate; --tls-cert takes a PEM certificate chain, leaf first");
        }
        return certs.stream().map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
    }

    private static PrivateKey privateKey(Path file, X509Certificate cert) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + " holds a traditional (PKCS#1/SEC1) key; convert it to PKCS#8: "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + " is encrypted; write an unencrypted copy readable only by the server: "
                    + "openssl pkey -in " + file + " -out key.pem && chmod 600 key.pem");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(file + " does not hold a PEM private key (" + begin + ")");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        String algorithm = cert.getPublicKey().getAlgorithm();
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Signs with the key and verifies with the certificate, so a mismatched pair fails at start, not at the first client. */
    private static void checkPair(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "nexus".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert.getPublicKey());
        v.update(probe);
        if (!v.verify(sig)) {
            throw new IllegalArgumentException("the private key does not belong to the certificate; pass the key the certificate was issued for");
        }
    }
}
