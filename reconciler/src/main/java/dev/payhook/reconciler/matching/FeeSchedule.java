package dev.payhook.reconciler.matching;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fees a merchant's contracts allow, per source (the provider that took the payment) and payment
 * method: a percentage of the captured amount plus a fixed part, within a tolerance. A capture line
 * whose fee deviates from it by more than the tolerance is a {@code FEE_MISMATCH}. A source or method
 * without an entry (and no {@code default} entry for the source) is not checked.
 */
public record FeeSchedule(Map<String, Map<String, Rule>> bySource) {

    /** The method entry used for a source's lines whose method has no entry of its own, or is not named. */
    public static final String ANY_METHOD = "default";

    public static final FeeSchedule NONE = new FeeSchedule(Map.of());

    /**
     * @param percent   of the line's gross, e.g. {@code 1.4} for 1.4%
     * @param fixed     minor units of the line's currency added to every fee
     * @param tolerance minor units the fee may differ by (rounding at the provider)
     */
    public record Rule(BigDecimal percent, Long fixed, Long tolerance) {

        public Rule {
            percent = percent == null ? BigDecimal.ZERO : percent;
            fixed = fixed == null ? 0L : fixed;
            tolerance = tolerance == null ? 0L : tolerance;
            if (percent.signum() < 0 || fixed < 0 || tolerance < 0) {
                throw new IllegalArgumentException(
                        "a fee rule's percent, fixed and tolerance are never negative: " + this);
            }
        }

        /** The fee on {@code gross} minor units, rounded half up to a minor unit. */
        public long expected(long gross) {
            return Math.addExact(
                    fixed,
                    BigDecimal.valueOf(gross)
                            .multiply(percent)
                            .movePointLeft(2)
                            .setScale(0, RoundingMode.HALF_UP)
                            .longValueExact());
        }

        public boolean allows(long gross, long fee) {
            return Math.abs(fee - expected(gross)) <= tolerance;
        }
    }

    public FeeSchedule {
        // Sources and methods are matched without regard to case, as reports spell them differently.
        Map<String, Map<String, Rule>> normalized = new TreeMap<>();
        if (bySource != null) {
            bySource.forEach((source, methods) -> {
                Map<String, Rule> rules = new TreeMap<>();
                methods.forEach((method, rule) -> rules.put(method.toLowerCase(Locale.ROOT), rule));
                normalized.put(source.toLowerCase(Locale.ROOT), Map.copyOf(rules));
            });
        }
        bySource = Map.copyOf(normalized);
    }

    /** This schedule, with each source {@code other} has entries for taking {@code other}'s entries instead. */
    public FeeSchedule overriddenBy(FeeSchedule other) {
        if (other.bySource.isEmpty()) {
            return this;
        }
        Map<String, Map<String, Rule>> merged = new TreeMap<>(bySource);
        merged.putAll(other.bySource);
        return new FeeSchedule(merged);
    }

    /** The rule for a payment of {@code source} paid with {@code method} (null when the report names none). */
    public Optional<Rule> rule(String source, String method) {
        Map<String, Rule> methods = source == null ? null : bySource.get(source.toLowerCase(Locale.ROOT));
        if (methods == null) {
            return Optional.empty();
        }
        Rule rule = method == null ? null : methods.get(method.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(rule != null ? rule : methods.get(ANY_METHOD));
    }
}
