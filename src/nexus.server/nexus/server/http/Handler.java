package nexus.server.http;

/** Answers one request of a route; throws {@link ApiException} for anything but success. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request);
}
