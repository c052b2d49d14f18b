package nexus.core.protocol;

import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.json.JsonWritable;

/** An inclusive range of TCP ports on a node, e.g. 2222–2299 for SSH. */
public record PortRange(int first, int last) implements JsonWritable {

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range must lie within 1-65535 with first <= last, got " + first + "-" + last);
        }
    }

    public static final PortRange DEFAULT_SSH = new PortRange(2222, 2299);
    public static final PortRange DEFAULT_SERVICES = new PortRange(23000, 23999);

    /** Parses "2222-2299". */
    public static PortRange parse(String text) {
        int dash = text.indexOf('-');
        try {
            if (dash > 0) {
                return new PortRange(Integer.parseInt(text.substring(0, dash).strip()), Integer.parseInt(text.substring(dash + 1).strip()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("expected a port range like 2222-2299, got \"" + text + "\"");
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }

    @Override
    public JsonValue toJson() {
        return JsonObject.builder().put("first", first).put("last", last).build();
    }

    public static PortRange fromJson(JsonObject o) {
        try {
            return new PortRange(o.intValue("first"), o.intValue("last"));
        } catch (IllegalArgumentException e) {
            throw new JsonException(o.path(), e.getMessage());
        }
    }
}
