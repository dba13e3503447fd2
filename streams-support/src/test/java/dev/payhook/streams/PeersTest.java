package dev.payhook.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.HttpStatus;

/** Asking peers never hangs, and a query failure answers 503 only when retrying can help. */
class PeersTest {

    @Test
    @Timeout(10)
    void aPeerThatNeverAnswersIsA503ProblemNamingItWithinTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            // Accepts the connection, reads nothing, answers nothing: a hung instance.
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HostInfo peer = new HostInfo("127.0.0.1", silent.getLocalPort());
            Peers peers = new Peers(Duration.ofMillis(500), Duration.ofMillis(500));

            assertThatThrownBy(() -> peers.get(peer, "/reconciliation/local", String.class))
                    .isInstanceOf(PeerUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());
            PeerUnavailableException failure = catchPeerFailure(() -> peers.forward(peer, "/payments/p/local"));
            var answer = new QueryFailures(() -> true).answer(failure, "Payment state");

            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(answer.getBody().getDetail()).contains("127.0.0.1:" + silent.getLocalPort());
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aPeerNobodyListensOnIsUnavailableNotAnError() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        assertThatThrownBy(() -> new Peers().get(new HostInfo("127.0.0.1", closedPort), "/x", String.class))
                .isInstanceOf(PeerUnavailableException.class);
    }

    @Test
    void fiveHundredThreeOnlyForWhatRetryingCanFix() {
        QueryFailures running = new QueryFailures(() -> true);
        QueryFailures starting = new QueryFailures(() -> false);

        assertThat(running.answer(new InvalidStateStoreException("migrating"), "State")
                        .getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(starting.answer(new IllegalStateException("KafkaStreams is not running"), "State")
                        .getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        var bug = running.answer(new IllegalStateException("a bug"), "State");
        assertThat(bug.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(bug.getHeaders().getFirst("Retry-After")).isNull();
        assertThat(bug.getBody().getType().toString()).isEqualTo("urn:payhook:problem:internal-error");
        String errorId = (String) bug.getBody().getProperties().get("errorId");
        assertThat(errorId).startsWith("err_");
        assertThat(bug.getBody().getDetail()).contains(errorId);
    }

    private static PeerUnavailableException catchPeerFailure(Runnable call) {
        try {
            call.run();
        } catch (PeerUnavailableException e) {
            return e;
        }
        throw new AssertionError("the peer answered");
    }
}
