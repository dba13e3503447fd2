package dev.payhook.processor.query;

import dev.payhook.common.api.ProcessorApi;
import dev.payhook.processor.state.PaymentStateMachine;
import dev.payhook.processor.state.StoredPayment;
import dev.payhook.processor.stream.PaymentTimeline;
import dev.payhook.processor.stream.PaymentTopology;
import dev.payhook.streams.KeyOwner;
import dev.payhook.streams.PeerUnavailableException;
import dev.payhook.streams.Peers;
import dev.payhook.streams.QueryFailures;
import dev.payhook.web.Problems;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /payments/{paymentId}} from the state store. A payment lives in the store of the
 * instance that owns its partition; any other instance forwards the question there
 * ({@code application.server} says where each instance answers).
 */
@RestController
class PaymentQueryController {

    private final KafkaStreamsInteractiveQueryService queries;
    private final KeyOwner owner;
    private final QueryFailures failures;

    PaymentQueryController(KafkaStreamsInteractiveQueryService queries, Peers peers, QueryFailures failures) {
        this.queries = queries;
        this.owner = new KeyOwner(queries, peers);
        this.failures = failures;
    }

    @GetMapping(ProcessorApi.PAYMENT)
    ResponseEntity<?> payment(@PathVariable String paymentId) {
        return fromOwner(paymentId, "", () -> local(paymentId));
    }

    /**
     * {@code GET /payments/{paymentId}/timeline}: every event the payment received, in the order it
     * was taken, applied or dropped as a duplicate, with the status it left (docs/DESIGN.md).
     */
    @GetMapping(ProcessorApi.PAYMENT_TIMELINE)
    ResponseEntity<?> timeline(@PathVariable String paymentId) {
        return fromOwner(paymentId, "/timeline", () -> localTimeline(paymentId));
    }

    @GetMapping("/payments/{paymentId}/timeline/local")
    ResponseEntity<?> localTimeline(@PathVariable String paymentId) {
        ReadOnlyKeyValueStore<String, String> timelines =
                queries.retrieveQueryableStore(PaymentTopology.TIMELINE_STORE, QueryableStoreTypes.keyValueStore());
        List<PaymentTimeline.Entry> entries = PaymentTimeline.of(timelines, payments(), paymentId);
        return entries.isEmpty() ? unknown(paymentId) : ResponseEntity.ok(entries);
    }

    /** Answers from the instance that owns the payment's partition: here, or forwarded there. */
    private ResponseEntity<?> fromOwner(
            String paymentId, String what, java.util.function.Supplier<ResponseEntity<?>> here) {
        try {
            return owner.answer(
                    PaymentTopology.PAYMENTS_STORE, paymentId, "/payments/" + paymentId + what + "/local", here);
        } catch (InvalidStateStoreException | IllegalStateException | PeerUnavailableException e) {
            // Rebalancing, restoring, a peer not answering: 503; anything else is a bug: 500.
            return failures.answer(e, "Payment state");
        }
    }

    /** Answers from this instance's store only; the target of forwarded queries. */
    @GetMapping("/payments/{paymentId}/local")
    ResponseEntity<?> local(@PathVariable String paymentId) {
        StoredPayment payment = payments().get(paymentId);
        return payment != null ? ResponseEntity.ok(PaymentStateMachine.state(payment.facts())) : unknown(paymentId);
    }

    private ReadOnlyKeyValueStore<String, StoredPayment> payments() {
        return queries.retrieveQueryableStore(PaymentTopology.PAYMENTS_STORE, QueryableStoreTypes.keyValueStore());
    }

    private static ResponseEntity<?> unknown(String paymentId) {
        return Problems.problem(
                HttpStatus.NOT_FOUND,
                "unknown-payment",
                "Unknown payment",
                "No event for payment '" + paymentId + "' has been processed.");
    }
}
