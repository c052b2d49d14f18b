package nexus.cli.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.UnixDomainSocketFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Vector;

/**
 * The user's key for a login nobody is there to type a passphrase into (the port forwarder): the key file itself
 * when it has no passphrase, otherwise the same key as the user's ssh-agent ({@code SSH_AUTH_SOCK}) holds it, so a
 * protected key works as it does for {@code ssh} once {@code ssh-add} has loaded it. Only that key is offered
 * (like {@code IdentitiesOnly}): an agent full of other keys would use up the server's {@code MaxAuthTries}.
 */
public final class LoginKey {
    private final SshKeyPair key;
    private final String agentSocket;

    /** @param agentSocket the value of {@code SSH_AUTH_SOCK}, or null */
    public LoginKey(SshKeyPair key, String agentSocket) {
        this.key = key;
        this.agentSocket = agentSocket == null || agentSocket.isBlank() ? null : agentSocket;
    }

    public Path privateKey() {
        return key.privateKey();
    }

    /** Why the key cannot be used without a passphrase prompt, and what to do about it; empty when it can. */
    public Optional<Problem> problem() {
        if (!SshKeys.encrypted(key.privateKey())) {
            return Optional.empty();
        }
        String load = "ssh-add " + key.privateKey();
        String orPlainKey = "; or give Nexus a key without a passphrase: `nexus ssh setup --key PATH` (ssh-keygen -t ed25519 "
                + "-N '' -f ~/.ssh/nexus_ed25519 makes one)";
        if (agentSocket == null) {
            return Optional.of(new Problem(key.privateKey() + " has a passphrase and no ssh-agent is running (SSH_AUTH_SOCK "
                    + "is not set), so the background forwarder cannot use it",
                    "start an agent and load the key: eval \"$(ssh-agent)\" && " + load + orPlainKey));
        }
        IdentityRepository agent;
        try {
            agent = agentIdentities();
        } catch (AgentProxyException | RuntimeException e) {
            agent = null;
        }
        if (agent == null || agent.getStatus() != IdentityRepository.RUNNING) {
            return Optional.of(new Problem(key.privateKey() + " has a passphrase and the ssh-agent at " + agentSocket
                    + " does not answer, so the background forwarder cannot use it",
                    "start an agent and load the key: eval \"$(ssh-agent)\" && " + load + orPlainKey));
        }
        if (agent.getIdentities().isEmpty()) {
            return Optional.of(new Problem(key.privateKey() + " has a passphrase and the ssh-agent at " + agentSocket
                    + " does not hold it, so the background forwarder cannot use it", "load it: " + load + orPlainKey));
        }
        return Optional.empty();
    }

    /** What is wrong and the next step. */
    public record Problem(String message, String next) {}

    /** Makes {@code jsch} log in with this key (from the agent when the file has a passphrase). */
    public void addTo(JSch jsch) throws JSchException {
        if (!SshKeys.encrypted(key.privateKey())) {
            jsch.addIdentity(key.privateKey().toString());
            return;
        }
        if (agentSocket == null) {
            throw new JSchException(key.privateKey() + " has a passphrase and SSH_AUTH_SOCK is not set: load it with ssh-add");
        }
        try {
            jsch.setIdentityRepository(agentIdentities());
        } catch (AgentProxyException e) {
            throw new JSchException("the ssh-agent at " + agentSocket + " does not answer: " + e.getMessage(), e);
        }
    }

    private IdentityRepository agentIdentities() throws AgentProxyException {
        byte[] blob = Base64.getDecoder().decode(key.keyOnly().split(" ")[1].getBytes(StandardCharsets.US_ASCII));
        var agent = new AgentIdentityRepository(new SSHAgentConnector(new UnixDomainSocketFactory(), Path.of(agentSocket)));
        return new OnlyOneKey(agent, blob);
    }

    /** The agent, showing only the identity whose public key is {@code blob}; read-only. */
    private static final class OnlyOneKey implements IdentityRepository {
        private final IdentityRepository agent;
        private final byte[] blob;

        OnlyOneKey(IdentityRepository agent, byte[] blob) {
            this.agent = agent;
            this.blob = blob.clone();
        }

        @Override
        public String getName() {
            return agent.getName();
        }

        @Override
        public int getStatus() {
            return agent.getStatus();
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> mine = new Vector<>();
            for (Identity identity : agent.getIdentities()) {
                if (Arrays.equals(identity.getPublicKeyBlob(), blob)) {
                    mine.add(identity);
                }
            }
            return mine;
        }

        @Override
        public boolean add(byte[] identity) {
            return false;
        }

        @Override
        public boolean remove(byte[] blob) {
            return false;
        }

        @Override
        public void removeAll() {
            // the user's agent is theirs to manage
        }
    }
}
