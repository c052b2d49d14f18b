package nexus.cli.editor;

import java.util.List;
import java.util.Locale;
import nexus.cli.ssh.SshHost;

/**
 * The editors {@code nexus workspace connect} can open on a workspace, in detection order, with how each opens
 * a remote folder: VS Code and Cursor through Remote-SSH ({@code --folder-uri vscode-remote://ssh-remote+<host>/…}),
 * Zed through its ssh:// URL, vim through netrw's scp://. All use the {@code nexus-<ws>} SSH host alias.
 */
public enum Editor {
    CURSOR("cursor"),
    CODE("code"),
    ZED("zed"),
    VIM("vim"),
    NONE(null);

    public static final String REMOTE_FOLDER = "/home/dev/workspace";

    private final String program;

    Editor(String program) {
        this.program = program;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The program to look for on PATH (null for NONE). */
    public String program() {
        return program;
    }

    public static Editor parse(String text) {
        for (Editor e : values()) {
            if (e.wire().equals(text)) {
                return e;
            }
        }
        return null;
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(Editor::wire).toList();
    }

    /** Whether the editor is a terminal program that takes over the terminal until it exits. */
    public boolean terminal() {
        return this == VIM;
    }

    /** The command that opens the workspace's folder (null for NONE). */
    public List<String> command(String workspace) {
        String alias = SshHost.alias(workspace);
        return switch (this) {
            case CURSOR, CODE -> List.of(program, "--folder-uri", folderUri(workspace));
            case ZED -> List.of(program, "ssh://" + alias + REMOTE_FOLDER);
            case VIM -> List.of(program, "scp://" + alias + "/" + REMOTE_FOLDER + "/");
            case NONE -> null;
        };
    }

    /** "vscode-remote://ssh-remote+nexus-<ws>/home/dev/workspace", what VS Code and Cursor open. */
    public static String folderUri(String workspace) {
        return "vscode-remote://ssh-remote+" + SshHost.alias(workspace) + REMOTE_FOLDER;
    }

    /** A link that opens the workspace in VS Code ("vscode://…") or, for Cursor, in Cursor ("cursor://…"). */
    public static String deepLink(Editor editor, String workspace) {
        String scheme = editor == CURSOR ? "cursor" : "vscode";
        return scheme + "://vscode-remote/ssh-remote+" + SshHost.alias(workspace) + REMOTE_FOLDER;
    }
}
