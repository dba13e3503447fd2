package dev.payhook.reconciler.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An account's own terms apply to its payments; whatever it leaves out, and every other account, is the sources'. */
class ReconciliationTermsTest {

    private static final FeeSchedule.Rule SOURCES_CARD = new FeeSchedule.Rule(new BigDecimal("1.4"), 25L, 1L);
    private static final FeeSchedule.Rule NEGOTIATED_CARD = new FeeSchedule.Rule(new BigDecimal("0.9"), 10L, 1L);

    private final ReconciliationTerms terms = new ReconciliationTerms(
            Duration.ofDays(3),
            new FeeSchedule(Map.of(
                    "adyen", Map.of("visa", SOURCES_CARD), "stripe", Map.of(FeeSchedule.ANY_METHOD, SOURCES_CARD))),
            Map.of(
                    "acct-negotiated",
                    new ReconciliationTerms.AccountTerms(
                            null, new FeeSchedule(Map.of("adyen", Map.of("visa", NEGOTIATED_CARD)))),
                    "acct-next-day",
                    new ReconciliationTerms.AccountTerms(Duration.ofDays(1), null)));

    @Test
    void anAccountsOwnFeesReplaceItsSourcesScheduleAndTheRestFallsBack() {
        assertThat(terms.fees("acct-negotiated").rule("adyen", "visa")).contains(NEGOTIATED_CARD);
        assertThat(terms.fees("acct-negotiated").rule("stripe", "card")).contains(SOURCES_CARD);
        assertThat(terms.fees("acct-next-day").rule("adyen", "visa")).contains(SOURCES_CARD);
        assertThat(terms.fees(null).rule("adyen", "visa")).contains(SOURCES_CARD);
        assertThat(terms.fees("acct-unknown").rule("adyen", "visa")).contains(SOURCES_CARD);
    }

    @Test
    void anAccountsOwnSettlementDelayAppliesOnlyToIt() {
        assertThat(terms.settlementDelay("acct-next-day")).isEqualTo(Duration.ofDays(1));
        assertThat(terms.settlementDelay("acct-negotiated")).isEqualTo(Duration.ofDays(3));
        assertThat(terms.settlementDelay(null)).isEqualTo(Duration.ofDays(3));
    }
}
