package nexus.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import nexus.core.util.ProcessRunner;
import nexus.server.testing.Files2;
import nexus.server.testing.TestServer;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTPS with a certificate made in the test, trusted explicitly by the client; and the errors for bad TLS files. */
class TlsTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("tls");
    }

    @AfterEach
    void tearDown() {
        Files2.deleteTree(dir);
    }

    private void openssl(String... args) {
        ProcessRunner.of(List.of(args)).directory(dir).timeout(Duration.ofSeconds(60)).check();
    }

    private void selfSigned(String keyType, String name) {
        if (keyType.equals("rsa")) {
            openssl("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        } else {
            openssl("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        }
    }

    private static SSLContext trusting(Certificate cert) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("nexus", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void assertServesHealthOverTls(TestServer server, Certificate cert) throws Exception {
        assertEquals("https", server.url().getScheme());
        try (HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }
        try (HttpClient untrusting = HttpClient.newHttpClient()) {
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> untrusting.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/health")).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @SystemTest(HostRequirement.OPENSSL)
    @Test
    void servesHttpsFromPemFilesEvenOnANetworkAddress() throws Exception {
        for (String type : List.of("ec", "rsa")) {
            selfSigned(type, type);
            TlsFiles files = TlsFiles.pem(dir.resolve(type + ".crt"), dir.resolve(type + ".key"));
            try (TestServer server = TestServer.start(c -> c.withTls(files, false).withListen(new InetSocketAddress("0.0.0.0", 0)))) {
                assertServesHealthOverTls(server, certificate(dir.resolve(type + ".crt")));
            }
        }
    }

    @Test
    void servesHttpsFromAPkcs12Keystore() throws Exception {
        String keytool = Path.of(System.getProperty("nexus.java.home"), "bin", "keytool").toString();
        Files.writeString(dir.resolve("pw"), "s3cret\n");
        ProcessRunner.of(keytool, "-genkeypair", "-alias", "nexus", "-keyalg", "EC", "-storetype", "PKCS12",
                "-keystore", dir.resolve("ks.p12").toString(), "-storepass", "s3cret", "-keypass", "s3cret",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2").timeout(Duration.ofSeconds(60)).check();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("ks.p12"))) {
            ks.load(in, "s3cret".toCharArray());
        }
        TlsFiles files = TlsFiles.pkcs12(dir.resolve("ks.p12"), dir.resolve("pw"));
        try (TestServer server = TestServer.start(c -> c.withTls(files, false))) {
            assertServesHealthOverTls(server, ks.getCertificate("nexus"));
        }
        Files.writeString(dir.resolve("wrong"), "nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsFiles.pkcs12(dir.resolve("ks.p12"), dir.resolve("wrong")).load());
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }

    @SystemTest(HostRequirement.OPENSSL)
    @Test
    void badTlsFilesAreExplained() throws Exception {
        selfSigned("ec", "a");
        selfSigned("ec", "b");
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> TlsFiles.pem(dir.resolve("a.crt"), dir.resolve("b.key")).load());
        assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());

        selfSigned("rsa", "r");
        openssl("openssl", "rsa", "-traditional", "-in", "r.key", "-out", "r1.key");
        IllegalArgumentException pkcs1 = assertThrows(IllegalArgumentException.class,
                () -> TlsFiles.pem(dir.resolve("r.crt"), dir.resolve("r1.key")).load());
        assertTrue(pkcs1.getMessage().contains("openssl pkcs8 -topk8"), pkcs1.getMessage());

        IllegalArgumentException notCert = assertThrows(IllegalArgumentException.class,
                () -> TlsFiles.pem(dir.resolve("a.key"), dir.resolve("a.key")).load());
        assertTrue(notCert.getMessage().contains("certificate"), notCert.getMessage());
    }
}
