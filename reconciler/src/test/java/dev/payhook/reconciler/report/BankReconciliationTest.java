package dev.payhook.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.BankLine;
import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.ExpectedPayout;
import dev.payhook.reconciler.stream.BankAccountState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The payouts view from the bank leg's stores: statuses, lateness, and accounts only statements name. */
class BankReconciliationTest {

    private static final String IBAN = "DE89370400440532013000";
    private static final LocalDate PAID_ON = LocalDate.of(2026, 11, 6);
    private static final LocalDate DUE = LocalDate.of(2026, 11, 13);

    @Test
    void eachPayoutHasItsStatusItsCreditOrHowLateItIs() {
        ExpectedPayout matched = payout("po_A", IBAN);
        ExpectedPayout late = payout("po_B", IBAN);
        ExpectedPayout nowhere = payout("po_C", null);
        BankLine credit =
                new BankLine(IBAN + ":r1", "s1", IBAN, PAID_ON, PAID_ON, 1000, "EUR", true, "r1", null, "po_A", null);
        BankAccountState state = new BankAccountState(
                IBAN,
                new TreeMap<>(Map.of("stripe:po_A", credit.lineId())),
                null,
                new TreeMap<>(Map.of("stripe:po_A", DUE, "stripe:po_B", DUE)),
                new TreeSet<>(),
                DUE.minusDays(1),
                Instant.parse("2026-11-13T06:00:00Z"));

        BankReconciliation view = BankReconciliation.of(
                Map.of("operating-eur", new BankAccount(IBAN, "EUR", List.of("stripe"), null, null)),
                List.of(matched, late, nowhere),
                Map.of(IBAN, state, "GB29NWBK60161331926819", state),
                key -> key.equals(IBAN + "|" + credit.lineId()) ? credit : null,
                id -> null,
                DUE.plusDays(3),
                null,
                null,
                10);

        assertThat(view.payouts())
                .extracting(p -> p.payoutId(), p -> p.status(), p -> p.daysLate())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("po_A", BankReconciliation.Status.MATCHED, null),
                        org.assertj.core.groups.Tuple.tuple("po_B", BankReconciliation.Status.PENDING, 3L),
                        org.assertj.core.groups.Tuple.tuple("po_C", BankReconciliation.Status.NO_ACCOUNT, null));
        assertThat(view.payouts().stream()
                        .filter(p -> p.payoutId().equals("po_A"))
                        .findFirst()
                        .orElseThrow()
                        .credit())
                .isEqualTo(credit);
        // An account only a statement names is listed, without a name or configuration.
        assertThat(view.accounts())
                .extracting(a -> a.account(), a -> a.name(), a -> a.matched(), a -> a.pending())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(IBAN, "operating-eur", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple("GB29NWBK60161331926819", null, 0L, 0L));
    }

    private static ExpectedPayout payout(String id, String account) {
        return new ExpectedPayout("stripe:" + id, id, "stl_1", "stripe", account, 1000, "EUR", PAID_ON, id);
    }
}
