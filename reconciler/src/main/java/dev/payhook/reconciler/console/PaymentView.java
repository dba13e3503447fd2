package dev.payhook.reconciler.console;

import dev.payhook.common.api.ProcessorApi;
import dev.payhook.reconciler.report.ReconciliationQueries;
import dev.payhook.reconciler.stream.PaymentReconciliation;
import dev.payhook.web.operators.Operator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * One payment as the console shows it: the processor's state and timeline (asked of the
 * processor, which forwards to the instance that owns the payment) next to what the reconciler
 * holds for it. Whatever cannot be read is named in {@code unavailable}, the rest still shown.
 */
@Component
class PaymentView {

    private final ReconciliationQueries queries;
    private final RestClient processor;

    PaymentView(ReconciliationQueries queries, ConsoleProperties console) {
        this.queries = queries;
        this.processor = ConsoleHttp.client(Duration.ofSeconds(3))
                .baseUrl(console.processor().toString())
                .build();
    }

    /**
     * The payment as the operator may see it; empty when no service knows it, or it is of an account the
     * operator may not see (the same answer, so another account's payment does not show that it exists).
     */
    Optional<Map<String, Object>> of(String paymentId, Operator operator) {
        Map<String, Object> view = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        view.put("paymentId", paymentId);
        Object state = fromProcessor(ProcessorApi.PAYMENT, paymentId, unavailable);
        PaymentReconciliation reconciliation = null;
        try {
            reconciliation = queries.payment(paymentId, operator).orElse(null);
        } catch (RuntimeException e) {
            unavailable.add("reconciliation: " + e.getMessage());
        }
        String account = state instanceof Map<?, ?> fields ? (String) fields.get("account") : null;
        boolean known = state != null || reconciliation != null;
        boolean visible = state != null ? operator.sees(account) : reconciliation != null || !operator.isScoped();
        if (!visible || !known && unavailable.isEmpty()) {
            return Optional.empty();
        }
        view.put("state", state);
        Object timeline = state == null ? null : fromProcessor(ProcessorApi.PAYMENT_TIMELINE, paymentId, unavailable);
        view.put("timeline", timeline == null ? List.of() : timeline);
        view.put("reconciliation", reconciliation);
        view.put("unavailable", unavailable);
        return Optional.of(view);
    }

    /** The processor's answer; null when it knows no such payment or cannot answer. */
    private Object fromProcessor(String path, String paymentId, List<String> unavailable) {
        try {
            return processor.get().uri(path, paymentId).exchange((request, response) -> {
                if (response.getStatusCode().value() == 404) {
                    return null;
                }
                if (!response.getStatusCode().is2xxSuccessful()) {
                    unavailable.add("processor " + path + ": " + response.getStatusCode());
                    return null;
                }
                return response.bodyTo(Object.class);
            });
        } catch (RestClientException e) {
            unavailable.add("processor " + path + ": " + e.getMessage());
            return null;
        }
    }
}
