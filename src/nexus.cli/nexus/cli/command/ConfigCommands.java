package nexus.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ServerUrl;
import nexus.cli.editor.Editor;
import nexus.cli.settings.Settings;
import nexus.core.config.ConfigException;
import nexus.core.config.ConfigLoader;
import nexus.core.config.ConfigWriter;
import nexus.core.config.WorkspaceConfig;
import nexus.core.detect.ProjectDetector;
import nexus.core.json.JsonObject;

/**
 * {@code nexus config get|set|unset} (the CLI's settings in config.json) and {@code config init|validate}
 * (a repository's {@code .nexus/config.yaml}).
 */
final class ConfigCommands {
    private ConfigCommands() {}

    static CommandSpec spec() {
        ArgSpec key = ArgSpec.required("key", ValueKind.TEXT, String.join(", ", Settings.KEYS)).choices(Settings.KEYS);
        return CommandSpec.command("config", "the CLI's settings, and a repository's .nexus/config.yaml")
                .child(CommandSpec.command("get", "print a setting, or all of them")
                        .arg(ArgSpec.optional("key", ValueKind.TEXT, String.join(", ", Settings.KEYS)).choices(Settings.KEYS))
                        .handler(ConfigCommands::get).build())
                .child(CommandSpec.command("set", "change a setting")
                        .arg(key)
                        .arg(ArgSpec.required("value", ValueKind.TEXT, "the new value"))
                        .example("nexus config set editor code")
                        .handler(ConfigCommands::set).build())
                .child(CommandSpec.command("unset", "remove a setting").arg(key).handler(ConfigCommands::unset).build())
                .child(CommandSpec.command("init", "write .nexus/config.yaml for a project from what nexus detects in it")
                        .arg(ArgSpec.optional("dir", ValueKind.DIRECTORY, "the project (default: the current directory)"))
                        .option(OptionSpec.flag("force", "replace an existing .nexus/config.yaml"))
                        .handler(ConfigCommands::init).build())
                .child(CommandSpec.command("validate", "check a project's .nexus/config.yaml (or what would be detected)")
                        .arg(ArgSpec.optional("dir", ValueKind.DIRECTORY, "the project (default: the current directory)"))
                        .handler(ConfigCommands::validate).build())
                .build();
    }

    private static int get(Context ctx, Invocation inv) {
        Settings s = ctx.settings();
        String key = inv.arg("key");
        if (key == null) {
            ctx.out().result(s.toJson(), () -> {
                for (String k : Settings.KEYS) {
                    ctx.out().line(WorkspaceViews.pad(k, 9) + " " + (s.get(k) == null ? ctx.out().style().dim("(not set)") : s.get(k)));
                }
                if (s.localServer() != null) {
                    ctx.out().line(WorkspaceViews.pad("local", 9) + " " + s.localServer().url() + " (pid " + s.localServer().pid() + ")");
                }
            });
            return 0;
        }
        String value = s.get(key);
        ctx.out().result(JsonObject.builder().put("key", key).put("value", value).build(), () -> {
            if (value != null) {
                ctx.out().line(value);
            }
        });
        return value == null ? ExitCode.NOT_FOUND.code() : 0;
    }

    private static int set(Context ctx, Invocation inv) {
        String key = inv.arg("key");
        String value = check(ctx, key, inv.arg("value"));
        ctx.store().updateSettings(s -> s.with(key, value));
        ctx.out().result(JsonObject.builder().put("key", key).put("value", value).build(),
                () -> ctx.out().line(ctx.out().style().ok(key + " = " + value)));
        return 0;
    }

    private static int unset(Context ctx, Invocation inv) {
        String key = inv.arg("key");
        ctx.store().updateSettings(s -> s.with(key, null));
        ctx.out().result(JsonObject.builder().put("key", key).put("value", (String) null).build(),
                () -> ctx.out().line(ctx.out().style().ok(key + " unset")));
        return 0;
    }

    private static String check(Context ctx, String key, String value) {
        return switch (key) {
            case "server" -> ServerUrl.normalize(value);
            case "editor" -> {
                if (Editor.parse(value) == null) {
                    throw CliException.usage("unknown editor \"" + nexus.core.id.Names.printable(value) + "\"",
                            "use one of " + String.join(", ", Editor.names()));
                }
                yield value;
            }
            case "key_path" -> ctx.sshKeys().load(ctx.env().cwd().resolve(value).normalize()).privateKey().toString();
            case "user" -> {
                if (!value.matches("[A-Za-z0-9][A-Za-z0-9-]{0,38}")) {
                    throw CliException.usage("\"" + nexus.core.id.Names.printable(value) + "\" is not a user name", null);
                }
                yield value;
            }
            default -> throw new IllegalStateException(key); // the parser accepts only Settings.KEYS
        };
    }

    private static Path projectDir(Context ctx, Invocation inv) {
        Path dir = ctx.env().cwd().resolve(inv.arg("dir") == null ? "." : inv.arg("dir")).normalize();
        if (!Files.isDirectory(dir)) {
            throw new CliException(ExitCode.NOT_FOUND, "not_found", "there is no directory " + dir, "check the path");
        }
        return dir;
    }

    private static int init(Context ctx, Invocation inv) throws IOException {
        Path dir = projectDir(ctx, inv);
        Path file = dir.resolve(ConfigLoader.CONFIG_FILES.getFirst());
        if (Files.exists(file) && !inv.flag("force")) {
            throw new CliException(ExitCode.CONFLICT, "config_exists", file + " already exists",
                    "check it with `nexus config validate`, or replace it with `nexus config init --force`");
        }
        WorkspaceConfig detected = ProjectDetector.detect(dir).orElseThrow(() -> CliException.error("nothing_detected",
                "nexus recognises no project in " + dir + " (it looks for package.json, pyproject.toml, requirements.txt, index.html)",
                "write .nexus/config.yaml yourself; docs/config.md has the format and examples"));
        String yaml = ConfigWriter.toYaml(detected);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        ctx.out().result(JsonObject.builder().put("path", file.toString()).put("detected", detected.origin().description())
                .putStrings("services", List.copyOf(detected.services().keySet())).put("config", yaml).build(), () -> {
            ctx.out().line(ctx.out().style().ok("Wrote " + file + " for a " + detected.origin().description()));
            ctx.out().line(yaml.stripTrailing().indent(2).stripTrailing());
        });
        return 0;
    }

    private static int validate(Context ctx, Invocation inv) throws IOException {
        Path dir = projectDir(ctx, inv);
        WorkspaceConfig config;
        try {
            config = ConfigLoader.load(dir);
        } catch (ConfigException e) {
            throw new CliException(ExitCode.ERROR, "invalid_config", e.getMessage(), "fix the lines named above (docs/config.md "
                    + "describes the format)", JsonObject.builder().putStrings("problems",
                    e.problems().stream().map(p -> p.render(e.source())).toList()).build(), null, e);
        }
        ctx.out().result(JsonObject.builder().put("valid", true).put("origin", config.origin().kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("source", config.origin().description()).putStrings("services", List.copyOf(config.services().keySet())).build(), () -> {
            ctx.out().line(ctx.out().style().ok("Valid: " + config.origin().description()));
            ctx.out().line("  services: " + (config.services().isEmpty() ? "none" : String.join(", ", config.services().keySet())));
        });
        return 0;
    }
}
