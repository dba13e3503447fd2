package dev.payhook.collector.reports;

import dev.payhook.provider.publish.ReportIntake;
import dev.payhook.provider.settlement.MalformedReportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches a report file into a spool file, only from the hosts its source allows: a URL in a signed
 * webhook is still the provider's word, and payhook must not fetch whatever a notification names
 * (SSRF). Redirects are followed by hand, each checked against the same hosts; the body is bounded
 * and hashed on the way ({@link ReportIntake#spool}). A download cut off halfway fails: the caller
 * publishes nothing from it.
 */
final class ReportDownloads {

    private static final int MAX_REDIRECTS = 3;
    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration RESPONSE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * @param headers       the request's headers, credentials among them
     * @param allowedHosts  the only hosts asked, redirects included
     * @param what          the report, in words, for messages
     */
    ReportIntake.Spooled fetch(
            URI url, Map<String, String> headers, List<String> allowedHosts, Path file, long limit, String what)
            throws ReportFetchException, InterruptedException {
        URI next = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            allow(next, allowedHosts, what);
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(next).timeout(RESPONSE).GET();
            headers.forEach(request::header);
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new ReportFetchException(what + ": " + next.getHost() + " unreachable: " + e, true, e);
            }
            int status = response.statusCode();
            if (status >= 300
                    && status < 400
                    && response.headers().firstValue("Location").isPresent()) {
                close(response);
                next = next.resolve(response.headers().firstValue("Location").get());
                continue;
            }
            if (status != 200) {
                close(response);
                boolean retryable = status == 429 || status >= 500;
                String reason = status == 401 || status == 403 ? " (the report credentials were refused)" : "";
                throw new ReportFetchException(
                        what + ": " + next.getHost() + " answered " + status + reason, retryable, null);
            }
            try {
                ReportIntake.Spooled spooled = ReportIntake.spool(response.body(), file, limit, ReportIntake.UNBOUNDED);
                if (spooled.outcome() == ReportIntake.SpoolOutcome.TOO_LARGE) {
                    throw new ReportFetchException(what + " is larger than " + limit + " bytes", false, null);
                }
                return spooled;
            } catch (IOException e) {
                throw new ReportFetchException(what + ": the download broke off: " + e, true, e);
            } catch (MalformedReportException e) {
                throw new ReportFetchException(what + " is not UTF-8 text: " + e.getMessage(), false, e);
            }
        }
        throw new ReportFetchException(what + ": more than " + MAX_REDIRECTS + " redirects", false, null);
    }

    /** Refuses, before any connection, a URL that is not https or plain http to an allowed host. */
    static void allow(URI url, List<String> allowedHosts, String what) throws ReportFetchException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean allowed = allowedHosts.stream().anyMatch(h -> h.equalsIgnoreCase(host));
        if (!allowed || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ReportFetchException(
                    what + ": refused to fetch " + scheme + "://" + host + ", not one of the source's report hosts "
                            + allowedHosts,
                    false,
                    null);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // Nothing of it is used.
        }
    }
}
