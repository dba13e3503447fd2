package dev.payhook.reconciler.console;

import dev.payhook.common.Money;
import dev.payhook.reconciler.report.ReconciliationQueries;
import dev.payhook.web.Problems;
import dev.payhook.web.operators.Operator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
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

    private final ReconciliationQueries queries;
    private final LiveUpdates live;

    ConsoleController(ServiceMetrics metrics, PaymentView payments, ReconciliationQueries queries, LiveUpdates live) {
        this.metrics = metrics;
        this.payments = payments;
        this.queries = queries;
        this.live = live;
    }

    /**
     * Server-Sent Events: {@code changed} when a discrepancy or a payment of an account the operator may
     * see (of {@code account}, when given) changed, at most once a second. The console reads its view again
     * on each; it reads the stream with its bearer header (fetch), so the token is never in the URL.
     */
    @GetMapping(path = "/console/api/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    org.springframework.web.servlet.mvc.method.annotation.SseEmitter live(
            @org.springframework.web.bind.annotation.RequestParam(required = false) String account,
            @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return live.connect(operator.within(account));
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
    ResponseEntity<?> payment(@PathVariable String paymentId, @RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return payments.of(paymentId, operator)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> Problems.problem(
                        HttpStatus.NOT_FOUND,
                        "unknown-payment",
                        "Unknown payment",
                        "No service knows payment " + Money.abbreviate(paymentId) + "."));
    }

    /**
     * The pipeline at a glance: each service's counters, read from its own metrics. They count every
     * account's traffic together: an operator limited to accounts gets none.
     */
    @GetMapping("/console/api/pipeline")
    Map<String, Map<String, Object>> pipeline(@RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return operator.isScoped() ? Map.of() : metrics.read();
    }

    /**
     * The merchant accounts the operator may choose from: theirs, or for an operator of every account, each
     * account a payment of which the reconciler holds (from its running totals, not its payments).
     */
    @GetMapping("/console/api/accounts")
    java.util.SortedSet<String> accounts(@RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        return operator.isScoped()
                ? operator.accounts()
                : queries.everywhere(operator, null).accounts();
    }

    /** Whether a token is an operator's (the filter lets only those through), whose, and of which accounts. */
    @GetMapping("/console/api/operator")
    Map<String, Object> operator(@RequestAttribute(Operator.ATTRIBUTE) Operator operator) {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("operator", operator.name());
        who.put("accounts", operator.accounts());
        return who;
    }
}
