package dev.payhook.processor.query;

import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.api.ProcessorApi;
import dev.payhook.processor.state.PaymentStateMachine;
import dev.payhook.processor.state.StoredPayment;
import dev.payhook.processor.stream.OpenPaymentIndex;
import dev.payhook.processor.stream.PaymentTopology;
import dev.payhook.streams.PeerUnavailableException;
import dev.payhook.streams.Peers;
import dev.payhook.streams.QueryFailures;
import dev.payhook.web.Problems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /payments?status=AUTHORIZED&before=<instant>&limit=100}: payments still PENDING or
 * AUTHORIZED whose last event is older than {@code before}, oldest first. The recovery job asks the
 * provider about them. Read from {@link OpenPaymentIndex} on every instance, never by a scan.
 */
@RestController
class WaitingPaymentsController {

    static final int MAX_LIMIT = 1_000;

    private final KafkaStreamsInteractiveQueryService queries;
    private final StreamsBuilderFactoryBean streams;
    private final Peers peers;
    private final QueryFailures failures;

    WaitingPaymentsController(
            KafkaStreamsInteractiveQueryService queries,
            StreamsBuilderFactoryBean streams,
            Peers peers,
            QueryFailures failures) {
        this.queries = queries;
        this.streams = streams;
        this.peers = peers;
        this.failures = failures;
    }

    @GetMapping(ProcessorApi.WAITING_PAYMENTS)
    ResponseEntity<?> waiting(
            @RequestParam PaymentStatus status,
            @RequestParam Instant before,
            @RequestParam(defaultValue = "100") int limit) {
        if (status != PaymentStatus.PENDING && status != PaymentStatus.AUTHORIZED) {
            return invalid("Only payments still PENDING or AUTHORIZED are listed, not " + status + ".");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return invalid("limit is between 1 and " + MAX_LIMIT + ".");
        }
        try {
            List<PaymentState> waiting = peers
                    .askAll(
                            streams,
                            queries,
                            () -> Optional.of(local(status, before, limit)),
                            "/payments/waiting/local?status=" + status + "&before=" + before + "&limit=" + limit,
                            new ParameterizedTypeReference<List<PaymentState>>() {})
                    .stream()
                    .flatMap(List::stream)
                    .toList();
            return ResponseEntity.ok(waiting.stream()
                    .sorted(Comparator.comparing(PaymentState::updatedAt))
                    .limit(limit)
                    .toList());
        } catch (InvalidStateStoreException | IllegalStateException | PeerUnavailableException e) {
            return failures.answer(e, "Payment state");
        }
    }

    /** This instance's part; the target of the others' questions. */
    @GetMapping("/payments/waiting/local")
    List<PaymentState> local(
            @RequestParam PaymentStatus status, @RequestParam Instant before, @RequestParam int limit) {
        ReadOnlyKeyValueStore<String, String> index = queries.retrieveQueryableStore(
                PaymentTopology.OPEN_PAYMENTS_STORE, QueryableStoreTypes.keyValueStore());
        ReadOnlyKeyValueStore<String, StoredPayment> payments =
                queries.retrieveQueryableStore(PaymentTopology.PAYMENTS_STORE, QueryableStoreTypes.keyValueStore());
        List<PaymentState> waiting = new ArrayList<>();
        for (String paymentId : OpenPaymentIndex.waitingSince(index, status, before, Math.min(limit, MAX_LIMIT))) {
            StoredPayment payment = payments.get(paymentId);
            if (payment != null) {
                waiting.add(PaymentStateMachine.state(payment.facts()));
            }
        }
        return waiting;
    }

    private static ResponseEntity<?> invalid(String detail) {
        return Problems.problem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", detail);
    }
}
