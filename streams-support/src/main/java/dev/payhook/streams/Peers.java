package dev.payhook.streams;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one way an instance asks the other instances of its Streams application (their
 * {@code …/local} endpoints, where {@code application.server} says they answer): with a connect and
 * a read timeout and a bounded pool of connection threads, so one hung peer costs a caller at most
 * the timeout and never hangs a page. A peer that does not answer, or answers that it is not ready,
 * is a {@link PeerUnavailableException} naming it.
 */
public final class Peers {

    /** How long a peer may take: a query is answered from memory, so a healthy peer answers in milliseconds. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final RestClient http;

    public Peers() {
        this(CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    public Peers(Duration connectTimeout, Duration readTimeout) {
        // Bounded: a burst of fan-outs queues for a few threads rather than starting one per request.
        ExecutorService pool =
                new ThreadPoolExecutor(2, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1_000), runnable -> {
                    Thread thread = new Thread(runnable, "payhook-peers");
                    thread.setDaemon(true);
                    return thread;
                });
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .executor(pool)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(readTimeout);
        this.http = RestClient.builder()
                .requestFactory(requests)
                .requestInterceptor((request, body, execution) -> {
                    callersAuthorization().ifPresent(a -> request.getHeaders().set(HttpHeaders.AUTHORIZATION, a));
                    return execution.execute(request, body);
                })
                .build();
    }

    /**
     * The credentials of the request being answered, when a peer is asked on its behalf: the peer then
     * answers for the same operator (and the same merchant accounts), never more.
     */
    private static Optional<String> callersAuthorization() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return Optional.ofNullable(attributes.getRequest().getHeader(HttpHeaders.AUTHORIZATION));
        }
        return Optional.empty();
    }

    /** The peer's answer; empty when it has nothing for the question (404). */
    public <T> Optional<T> get(HostInfo peer, String pathAndQuery, Class<T> type) {
        return get(peer, pathAndQuery, ParameterizedTypeReference.forType(type));
    }

    public <T> Optional<T> get(HostInfo peer, String pathAndQuery, ParameterizedTypeReference<T> type) {
        try {
            return Optional.ofNullable(http.get().uri(uri(peer, pathAndQuery)).exchange((request, response) -> {
                HttpStatusCode status = response.getStatusCode();
                if (status.value() == 404) {
                    return null;
                }
                if (!status.is2xxSuccessful()) {
                    throw new PeerUnavailableException(peer, "answered " + status.value(), null);
                }
                return response.bodyTo(type);
            }));
        } catch (ResourceAccessException e) {
            throw new PeerUnavailableException(
                    peer, "did not answer: " + e.getMostSpecificCause().getMessage(), e);
        }
    }

    /**
     * Every instance's answer to one question: this instance's from {@code here}, the others' from
     * their {@code pathAndQuery}; an instance with nothing for it (404) gives none. The merge is the
     * caller's.
     */
    public <T> List<T> askAll(
            StreamsBuilderFactoryBean streams,
            KafkaStreamsInteractiveQueryService queries,
            Supplier<Optional<T>> here,
            String pathAndQuery,
            ParameterizedTypeReference<T> type) {
        HostInfo self = queries.getCurrentKafkaStreamsApplicationHostInfo();
        List<T> answers = new ArrayList<>();
        for (HostInfo host : StreamsInstances.all(streams, queries)) {
            (host.equals(self) ? here.get() : get(host, pathAndQuery, type)).ifPresent(answers::add);
        }
        return answers;
    }

    /** The peer's answer as it gave it, status and body: what a forwarded query passes back. */
    public Answer forward(HostInfo peer, String pathAndQuery) {
        try {
            return http.get()
                    .uri(uri(peer, pathAndQuery))
                    .exchange((request, response) -> new Answer(
                            response.getStatusCode().value(),
                            new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (ResourceAccessException e) {
            throw new PeerUnavailableException(
                    peer, "did not answer: " + e.getMostSpecificCause().getMessage(), e);
        }
    }

    /** A peer's status and body, passed back unchanged. */
    public record Answer(int status, String body) {}

    private static URI uri(HostInfo peer, String pathAndQuery) {
        return URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery);
    }
}
