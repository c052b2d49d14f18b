package nexus.cli.output;

/**
 * Terminal styling: ANSI colours only on a terminal and when neither {@code NO_COLOR} (https://no-color.org) nor
 * {@code --no-color} nor {@code TERM=dumb} says otherwise; plain text everywhere else.
 */
public record Style(boolean color) {

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String cyan(String s) {
        return wrap("36", s);
    }

    public String ok(String s) {
        return green("✓") + " " + s;
    }

    public String fail(String s) {
        return red("✗") + " " + s;
    }

    public String warn(String s) {
        return yellow("!") + " " + s;
    }

    private String wrap(String code, String s) {
        return color ? "\033[" + code + "m" + s + "\033[0m" : s;
    }
}
