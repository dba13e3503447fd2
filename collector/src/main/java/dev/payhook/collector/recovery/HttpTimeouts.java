package dev.payhook.collector.recovery;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * Every outbound call of the collector is bounded: a provider or a peer service that accepts the
 * connection and never answers costs one attempt of the job's backoff, never a hung run.
 */
final class HttpTimeouts {

    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration READ = Duration.ofSeconds(30);

    private HttpTimeouts() {}

    /**
     * The JDK's client: it never retries by itself, so every attempt is the job's, backed off and
     * counted (Apache's client, when on the classpath, would retry 429 and 503 itself).
     */
    static JdkClientHttpRequestFactory requestFactory() {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(CONNECT).build());
        factory.setReadTimeout(READ);
        return factory;
    }
}
