package nexus.agent.provision;

import nexus.agent.BundledFiles;
import java.nio.charset.StandardCharsets;

/**
 * A file the agent puts into a workspace: absolute path inside, mode, owner (root or dev) and content; a null
 * content makes it a directory.
 */
public record WorkspaceFile(String path, int mode, String owner, byte[] content) {

    public WorkspaceFile {
        if (!path.startsWith("/") || path.contains("/../") || path.length() > 200) {
            throw new IllegalArgumentException("bad workspace path " + path);
        }
    }

    public static WorkspaceFile directory(String path, int mode, String owner) {
        return new WorkspaceFile(path, mode, owner, null);
    }

    public boolean isDirectory() {
        return content == null;
    }

    public int ownerId() {
        return owner.equals("dev") ? 1000 : 0;
    }

    public static WorkspaceFile text(String path, int mode, String owner, String content) {
        return new WorkspaceFile(path, mode, owner, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A helper script shipped as a resource of {@code anchor}'s package, installed under /usr/local/lib/nexus. */
    public static WorkspaceFile helper(Class<?> anchor, String name) {
        return new WorkspaceFile("/usr/local/lib/nexus/" + name, 0755, "root", BundledFiles.bytes(anchor, name + ".sh"));
    }
}
