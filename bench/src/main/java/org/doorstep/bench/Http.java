package org.doorstep.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 with keep-alive, asynchronous, to the services on loopback. Callers bound how many requests are in flight;
 * this class only sends. Every call carries a bearer token.
 */
final class Http implements AutoCloseable {

    /** An answer; status 0 when no answer came (connection refused, timeout). */
    record Answer(int status, String body, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            return Json.parse(body);
        }
    }

    private final ExecutorService executor;
    private final HttpClient client;
    private final Duration timeout;

    Http(Duration timeout) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(3, r -> {
            Thread thread = new Thread(r, "bench-http-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
        this.timeout = timeout;
    }

    CompletableFuture<Answer> send(String method, String url, String token, String jsonBody, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> failure != null
                        ? new Answer(0, "", String.valueOf(failure.getCause() != null ? failure.getCause() : failure))
                        : new Answer(response.statusCode(), response.body(), null));
    }

    Answer call(String method, String url, String token, String jsonBody) {
        return send(method, url, token, jsonBody, null).join();
    }

    /**
     * A set-up call that must succeed. Retries, for up to {@code patience}, the answers that mean "not yet": 404 (the
     * building or volunteer has not reached this service through its event yet), 403 (the building's grid has not),
     * 503 and no answer.
     */
    JsonNode require(String method, String url, String token, String jsonBody, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Answer answer;
        do {
            answer = call(method, url, token, jsonBody);
            if (answer.ok()) {
                return answer.body().isEmpty() ? Json.object() : answer.json();
            }
            boolean notYet = answer.status() == 404 || answer.status() == 403 || answer.status() == 503
                    || answer.status() == 0 || answer.status() == 409 && url.endsWith("/duty");
            if (!notYet) {
                break;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException(method + " " + url + " answered " + answer.status() + ": "
                + Json.abbreviate(answer.error() != null ? answer.error() : answer.body()));
    }

    static boolean ready(String baseUrl) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
