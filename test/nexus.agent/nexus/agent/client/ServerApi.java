package nexus.agent.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;

/** The server's user and admin API as tests need it: JSON in, status and JSON out. Close it. */
final class ServerApi implements AutoCloseable {
    record Answer(int status, JsonObject body) {}

    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    ServerApi(URI base) {
        this.base = base;
    }

    String baseUrl() {
        return base.toString();
    }

    Answer call(String method, String path, String token, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JsonCodec.write(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isBlank() ? JsonObject.empty() : JsonCodec.parseObject(r.body()));
    }

    JsonObject ok(String method, String path, String token, JsonObject body) throws Exception {
        Answer a = call(method, path, token, body);
        if (a.status() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + a.status() + ": " + a.body());
        }
        return a.body();
    }

    @Override
    public void close() {
        http.close();
    }
}
