package dev.payhook.reconciler.console;

import dev.payhook.web.operators.Operator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator console at {@code /console}: one page of plain JavaScript modules
 * ({@code static/console/}) that reads the services' own endpoints. Every view has its own URL,
 * answered with the same page, which then shows that view.
 */
@RestController
class ConsoleController {

    private static final Resource PAGE = new ClassPathResource("static/console/index.html");

    private final ServiceMetrics metrics;
    private final PaymentView payments;

    ConsoleController(ServiceMetrics metrics, PaymentView payments) {
        this.metrics = metrics;
        this.payments = payments;
    }

    @GetMapping({
        "/console",
        "/console/",
        "/console/discrepancies",
        "/console/discrepancies/{id}",
        "/console/payments/{id}",
        "/console/batches",
        "/console/batches/{id}",
        "/console/payouts",
        "/console/periods",
        "/console/periods/{period}"
    })
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .body(PAGE);
    }

    /** Each currency's ISO 4217 exponent, so the page shows minor units as money without guessing. */
    @GetMapping("/console/api/currencies")
    ResponseEntity<Map<String, Integer>> currencies() {
        Map<String, Integer> exponents = new TreeMap<>();
        for (Currency currency : Currency.getAvailableCurrencies()) {
            exponents.put(currency.getCurrencyCode(), Math.max(0, currency.getDefaultFractionDigits()));
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(exponents);
    }

    /** A payment as each service sees it: the processor's state and timeline, the reconciler's evidence. */
    @GetMapping("/console/api/payments/{paymentId}")
    Map<String, Object> payment(@PathVariable String paymentId) {
        return payments.of(paymentId);
    }

    /** The pipeline at a glance: each service's counters, read from its own metrics. */
    @GetMapping("/console/api/pipeline")
    Map<String, Map<String, Object>> pipeline() {
        return metrics.read();
    }

    /** Whether a token is an operator's (the filter lets only those through), and whose. */
    @GetMapping("/console/api/operator")
    Map<String, String> operator(@RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        Map<String, String> who = new LinkedHashMap<>();
        who.put("operator", operator.name());
        return who;
    }
}
