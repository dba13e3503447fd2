package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JsonSerde;
import dev.payhook.reconciler.matching.DiscrepancyLedger;
import dev.payhook.reconciler.matching.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Every version of a discrepancy reaches the state, the index, the history and the counts together;
 * the counts of a store that predates them are filled once from the state.
 */
class DiscrepancyStoreTest {

    private static final Instant DETECTED = Instant.parse("2026-12-01T10:15:00Z");
    private static final Instant CLEARED = Instant.parse("2026-12-02T08:00:00Z");

    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, Discrepancy> state = store("state", JsonSerde.of(Discrepancy.class));
    private final KeyValueStore<String, String> index = store("index", Serdes.String());
    private final KeyValueStore<String, String> history = store("history", Serdes.String());
    private final KeyValueStore<String, Long> counts = store("counts", Serdes.Long());
    private final DiscrepancyStore discrepancies = new DiscrepancyStore(state, index, history, counts);

    @Test
    void anOpenedDiscrepancyIsInTheStateTheIndexTheHistoryAndTheCounts() {
        Discrepancy opened = record(open(), DETECTED);

        assertThat(discrepancies.get(opened.discrepancyId())).isEqualTo(opened);
        assertThat(page(DiscrepancyStatus.OPEN)).containsExactly(opened);
        assertThat(page(DiscrepancyStatus.RESOLVED)).isEmpty();
        assertThat(DiscrepancyHistory.of(history, opened.discrepancyId()))
                .extracting(DiscrepancyHistory.Entry::change)
                .containsExactly("opened");
        assertThat(counted()).containsExactly(Map.entry(DiscrepancyCounts.key(opened), 1L));
    }

    @Test
    void aClearedDiscrepancyMovesInTheIndexAndTheCountsAndAddsToItsHistory() {
        Discrepancy opened = record(open(), DETECTED);
        DiscrepancyLedger.Change cleared = DiscrepancyLedger.apply(
                        "pay_1", null, Map.of(opened.discrepancyId(), opened), List.of(), Map.of(), CLEARED)
                .changes()
                .get(0);

        discrepancies.record(cleared, CLEARED);

        Discrepancy resolved = cleared.after();
        assertThat(resolved.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(discrepancies.get(opened.discrepancyId())).isEqualTo(resolved);
        assertThat(page(DiscrepancyStatus.OPEN)).isEmpty();
        assertThat(page(DiscrepancyStatus.RESOLVED)).containsExactly(resolved);
        assertThat(DiscrepancyHistory.of(history, opened.discrepancyId()))
                .extracting(DiscrepancyHistory.Entry::change)
                .containsExactly("opened", "resolved");
        // The open count reached zero and is gone; the resolved one is counted once.
        assertThat(counted()).containsExactly(Map.entry(DiscrepancyCounts.key(resolved), 1L));
    }

    @Test
    void countsMissingFromAnOlderStoreAreFilledOnceFromTheState() {
        Discrepancy opened = open().after();
        state.put(opened.discrepancyId(), opened);

        discrepancies.countIfUncounted();
        assertThat(counted()).containsExactly(Map.entry(DiscrepancyCounts.key(opened), 1L));

        // Counted already: a second call changes nothing, even if the state holds more.
        Discrepancy other = DiscrepancyLedger.apply(
                        "pay_2", null, Map.of(), List.of(finding("line_2")), Map.of(), DETECTED)
                .changes()
                .get(0)
                .after();
        state.put(other.discrepancyId(), other);
        discrepancies.countIfUncounted();
        assertThat(counted()).containsExactly(Map.entry(DiscrepancyCounts.key(opened), 1L));
    }

    /**
     * A listing of some accounts is filtered on the index entry, as type and currency are: another account's
     * discrepancy is passed over without being read (here its stored copy claims the listed account, and
     * still does not show).
     */
    @Test
    void aListingOfSomeAccountsIsFilteredOnTheIndexWithoutReadingOtherAccountsDiscrepancies() {
        Discrepancy alpha = record(inAccount("pay_a", "acct-alpha"), DETECTED);
        Discrepancy beta = record(inAccount("pay_b", "acct-beta"), DETECTED);
        state.put(
                beta.discrepancyId(),
                new Discrepancy(
                        beta.discrepancyId(),
                        beta.type(),
                        beta.paymentId(),
                        "acct-alpha",
                        null,
                        beta.status(),
                        beta.detectedAt(),
                        null,
                        null));

        assertThat(DiscrepancyIndex.page(
                        List.of(index),
                        state,
                        new DiscrepancyFilter(null, null, null, null, null, java.util.Set.of("acct-alpha")),
                        null,
                        false,
                        100))
                .containsExactly(alpha);
    }

    /** Counts of a store that predates accounts (keys without them) are counted again, with them. */
    @Test
    void countsWithoutAccountsAreCountedAgainWithThem() {
        Discrepancy alpha = inAccount("pay_a", "acct-alpha").after();
        state.put(alpha.discrepancyId(), alpha);
        counts.put("OPEN|AMOUNT_MISMATCH|2026-12-01T10:00:00Z", 7L);

        discrepancies.countIfUncounted();

        assertThat(counted()).containsExactly(Map.entry(DiscrepancyCounts.key(alpha), 1L));
        assertThat(DiscrepancyCounts.parse(DiscrepancyCounts.key(alpha), 1).account())
                .isEqualTo("acct-alpha");
    }

    private static DiscrepancyLedger.Change inAccount(String paymentId, String account) {
        return DiscrepancyLedger.apply(
                        paymentId, account, Map.of(), List.of(finding("line_" + paymentId)), Map.of(), DETECTED)
                .changes()
                .get(0);
    }

    private Discrepancy record(DiscrepancyLedger.Change change, Instant at) {
        discrepancies.record(change, at);
        return change.after();
    }

    private static DiscrepancyLedger.Change open() {
        return DiscrepancyLedger.apply("pay_1", null, Map.of(), List.of(finding("line_1")), Map.of(), DETECTED)
                .changes()
                .get(0);
    }

    private static Finding finding(String reference) {
        return new Finding(
                DiscrepancyType.AMOUNT_MISMATCH, reference, "a capture of 10.00 EUR", "9.00 EUR", null, 100L, "EUR");
    }

    private List<Discrepancy> page(DiscrepancyStatus status) {
        return DiscrepancyIndex.page(
                List.of(index), state, new DiscrepancyFilter(status, null, null, null, null), null, false, 100);
    }

    private Map<String, Long> counted() {
        return DiscrepancyCounts.read(counts, account -> true);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
