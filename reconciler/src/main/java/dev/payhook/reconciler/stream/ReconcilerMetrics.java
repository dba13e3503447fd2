package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.SettlementKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Lines matched by kind; discrepancies opened and resolved by type. */
@Component("reconciliationMetrics")
public class ReconcilerMetrics {

    private final MeterRegistry meters;

    public ReconcilerMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void matched(SettlementKind kind) {
        Counter.builder("payhook.reconciler.lines.matched")
                .tag("kind", kind.name())
                .register(meters)
                .increment();
    }

    void duplicateLine() {
        Counter.builder("payhook.reconciler.lines.redelivered")
                .description("Settlement lines seen again under the same reference (a re-uploaded report), ignored")
                .register(meters)
                .increment();
    }

    void opened(Discrepancy discrepancy) {
        Counter.builder("payhook.reconciler.discrepancies.opened")
                .tag("type", discrepancy.type().name())
                .register(meters)
                .increment();
    }

    void resolved(Discrepancy discrepancy) {
        Counter.builder("payhook.reconciler.discrepancies.resolved")
                .tag("type", discrepancy.type().name())
                .tag("by", discrepancy.resolvedBy())
                .register(meters)
                .increment();
    }

    void deadLetter(String topic) {
        Counter.builder("payhook.reconciler.dead.letters")
                .description("Input records that could not be applied")
                .tag("topic", topic)
                .register(meters)
                .increment();
    }

    /** For topology tests, which have no Spring context. */
    public static ReconcilerMetrics simple() {
        return new ReconcilerMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }
}
