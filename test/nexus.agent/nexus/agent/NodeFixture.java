package nexus.agent;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestNode} for all tests of a class:
 * {@code @RegisterExtension static final NodeFixture fixture = new NodeFixture("lxc");}. It is started before
 * the first test and closed (everything removed) after the last, also when tests fail.
 */
public final class NodeFixture implements BeforeAllCallback, AfterAllCallback {
    /** A well-formed public key for workspaces nobody logs into. */
    public static final String UNUSED_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG1vY2tlZC1rZXktZm9yLXRlc3RzLW9ubHktMDAwMDAw test";

    private final String driver;
    private TestNode node;

    public NodeFixture(String driver) {
        this.driver = driver;
    }

    public TestNode node() {
        return node;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        node = TestNode.start(driver);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (node != null) {
            node.close();
        }
    }
}
