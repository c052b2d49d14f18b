package nexus.cli.command;

import java.util.EnumMap;
import java.util.Map;
import nexus.cli.CliException;
import nexus.cli.output.Output;
import nexus.cli.output.Style;
import nexus.core.api.QuotaLimit;
import nexus.core.api.QuotaUpdate;
import nexus.core.api.QuotaUsage;
import nexus.core.api.UserQuota;
import nexus.core.util.Sizes;

/**
 * {@code nexus quota show [USER] | set USER --workspaces N …}: your limits on the server and what your workspaces
 * use of them; admins see and set any user's ({@code default} goes back to the server's value).
 */
final class QuotaCommands {
    private static final String DEFAULT = "default";

    private QuotaCommands() {}

    static CommandSpec spec() {
        CommandSpec.Builder set = CommandSpec.command("set", "set a user's limits (admin)")
                .description("Each option sets one limit for this user; `default` gives them the server's value again. "
                        + "Limits left out keep their value. Lowering one below what the user uses removes nothing: their "
                        + "next create or start over it is refused.")
                .arg(ArgSpec.required("user", ValueKind.TEXT, "user name or id"));
        for (QuotaLimit limit : QuotaLimit.values()) {
            set.option(OptionSpec.value(option(limit), limit == QuotaLimit.MEMORY_BYTES ? "SIZE" : "N",
                    limit.label() + (limit == QuotaLimit.MEMORY_BYTES ? " (e.g. 64GiB)" : "") + ", or " + DEFAULT));
        }
        return CommandSpec.command("quota", "per-user limits: yours and what uses them, or set a user's (admin)")
                .child(CommandSpec.command("show", "show your limits and what your workspaces use of them")
                        .description("With USER (admin): that user's. CPUs and memory count what the configs of running "
                                + "workspaces ask for; USED of services per workspace is the most any one workspace has.")
                        .arg(ArgSpec.optional("user", ValueKind.TEXT, "a user name or id (admin)"))
                        .option(AdminAccess.tokenFileOption())
                        .handler(QuotaCommands::show).build())
                .child(set.option(AdminAccess.tokenFileOption())
                        .example("nexus quota set alice --workspaces 20 --memory 64GiB")
                        .example("nexus quota set alice --workspaces " + DEFAULT)
                        .handler(QuotaCommands::set).build())
                .build();
    }

    /** The option of a limit: its flag without the dashes ("running-workspaces", "memory"). */
    private static String option(QuotaLimit limit) {
        return limit.flag().substring(2);
    }

    private static int show(Context ctx, Invocation inv) {
        String user = inv.arg("user");
        print(ctx.out(), user == null ? ctx.authedApi().quota() : AdminAccess.client(ctx, inv).quota(user));
        return 0;
    }

    private static int set(Context ctx, Invocation inv) {
        Map<QuotaLimit, Long> changes = new EnumMap<>(QuotaLimit.class);
        for (QuotaLimit limit : QuotaLimit.values()) {
            String value = inv.value(option(limit));
            if (value != null) {
                changes.put(limit, DEFAULT.equals(value) ? null : parse(limit, value));
            }
        }
        if (changes.isEmpty()) {
            throw CliException.usage("name at least one limit to set", "e.g. `nexus quota set " + inv.arg("user")
                    + " --workspaces 20`; `nexus quota set --help` lists them");
        }
        print(ctx.out(), AdminAccess.client(ctx, inv).setQuota(inv.arg("user"), new QuotaUpdate(changes)));
        return 0;
    }

    private static long parse(QuotaLimit limit, String value) {
        try {
            return limit == QuotaLimit.MEMORY_BYTES ? Sizes.parseBytes(value) : Long.parseLong(value);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(limit.flag() + " takes " + (limit == QuotaLimit.MEMORY_BYTES ? "a size such as 64GiB"
                    : "a whole number") + " or " + DEFAULT + ", not \"" + value + "\"", null);
        }
    }

    private static void print(Output out, UserQuota q) {
        out.result(q.toJson(), () -> {
            Style st = out.style();
            out.line("Quota of " + q.username() + ":");
            out.line(st.bold(WorkspaceViews.pad("LIMIT", 24) + "  " + WorkspaceViews.pad("USED", 8) + "  ALLOWED"));
            for (QuotaUsage u : q.limits()) {
                QuotaLimit l = u.limit();
                String used = WorkspaceViews.pad(l.format(u.used()), 8);
                out.line(WorkspaceViews.pad(l.label(), 24) + "  " + (u.used() >= u.allowed() ? st.red(used) : used) + "  "
                        + l.format(u.allowed()) + (u.overridden() ? "  (set by an admin)" : ""));
            }
        });
    }
}
