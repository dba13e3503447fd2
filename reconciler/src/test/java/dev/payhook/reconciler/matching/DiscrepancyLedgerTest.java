package dev.payhook.reconciler.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The discrepancy lifecycle on its own: properties over generated histories (earlier findings,
 * operators' resolutions, later findings), then the rules one by one.
 */
class DiscrepancyLedgerTest {

    private static final String PAYMENT = "pay_1";

    private static final String ACCOUNT = "acct_1Ledger";
    private static final Instant EARLIER = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-22T10:00:00Z");

    /** One reconciler run's findings: a few breaks out of a small pool, so runs overlap. */
    @Provide
    Arbitrary<List<Finding>> findings() {
        Arbitrary<Finding> one = Combinators.combine(
                        Arbitraries.of(
                                DiscrepancyType.AMOUNT_MISMATCH,
                                DiscrepancyType.MISSING_SETTLEMENT,
                                DiscrepancyType.UNKNOWN_SETTLEMENT,
                                DiscrepancyType.REFUND_MISMATCH),
                        Arbitraries.of("ref_a", "ref_b", "ref_c"),
                        Arbitraries.longs().between(1, 10_000))
                .as((type, key, amount) -> finding(type, key, amount));
        return one.list().ofMaxSize(6);
    }

    /** Operators resolve some of the breaks found earlier; which ones, the seed decides. */
    private static Map<String, DiscrepancyResolution> resolveSome(Map<String, Discrepancy> found, long seed) {
        Random random = new Random(seed);
        Map<String, DiscrepancyResolution> resolutions = new TreeMap<>();
        for (Discrepancy d : found.values()) {
            if (random.nextInt(3) == 0) {
                resolutions.put(
                        d.discrepancyId(),
                        new DiscrepancyResolution(d.discrepancyId(), PAYMENT, "written off", "alice", NOW));
            }
        }
        return resolutions;
    }

    @Property(tries = 500)
    void theSameInputsAgainChangeNothing(
            @ForAll("findings") List<Finding> earlier, @ForAll("findings") List<Finding> now, @ForAll long seed) {
        SortedMap<String, Discrepancy> before = DiscrepancyLedger.apply(
                        PAYMENT, ACCOUNT, Map.of(), earlier, Map.of(), EARLIER)
                .discrepancies();
        Map<String, DiscrepancyResolution> resolutions = resolveSome(before, seed);
        DiscrepancyLedger.Entries once = DiscrepancyLedger.apply(PAYMENT, ACCOUNT, before, now, resolutions, NOW);

        DiscrepancyLedger.Entries again =
                DiscrepancyLedger.apply(PAYMENT, ACCOUNT, once.discrepancies(), now, resolutions, LATER);

        assertThat(again.changes()).isEmpty();
        assertThat(again.discrepancies()).isEqualTo(once.discrepancies());
    }

    @Property(tries = 500)
    void theOrderOfTheFindingsDoesNotMatter(
            @ForAll("findings") List<Finding> earlier, @ForAll("findings") List<Finding> now, @ForAll long seed) {
        SortedMap<String, Discrepancy> before = DiscrepancyLedger.apply(
                        PAYMENT, ACCOUNT, Map.of(), earlier, Map.of(), EARLIER)
                .discrepancies();
        Map<String, DiscrepancyResolution> resolutions = resolveSome(before, seed);
        List<Finding> shuffled = new ArrayList<>(distinct(now));
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(DiscrepancyLedger.apply(PAYMENT, ACCOUNT, before, shuffled, resolutions, NOW)
                        .discrepancies())
                .isEqualTo(DiscrepancyLedger.apply(PAYMENT, ACCOUNT, before, distinct(now), resolutions, NOW)
                        .discrepancies());
    }

    @Property(tries = 500)
    void everyBreakFoundIsHeldAndEveryOtherOpenOneIsClearedByEvidence(
            @ForAll("findings") List<Finding> earlier, @ForAll("findings") List<Finding> now, @ForAll long seed) {
        SortedMap<String, Discrepancy> before = DiscrepancyLedger.apply(
                        PAYMENT, ACCOUNT, Map.of(), earlier, Map.of(), EARLIER)
                .discrepancies();
        Map<String, DiscrepancyResolution> resolutions = resolveSome(before, seed);

        SortedMap<String, Discrepancy> after = DiscrepancyLedger.apply(PAYMENT, ACCOUNT, before, now, resolutions, NOW)
                .discrepancies();

        Set<String> found = now.stream()
                .map(f -> DiscrepancyIds.of(f.type(), PAYMENT, f.key()))
                .collect(Collectors.toSet());
        assertThat(after.keySet()).containsAll(found).containsAll(before.keySet());
        for (Discrepancy d : after.values()) {
            Discrepancy was = before.get(d.discrepancyId());
            assertThat(d.detectedAt()).isEqualTo(was != null ? EARLIER : NOW);
            if (resolutions.containsKey(d.discrepancyId()) && found.contains(d.discrepancyId())) {
                assertThat(d.resolvedBy()).isEqualTo(Discrepancy.BY_OPERATOR);
                assertThat(d.operator()).isEqualTo("alice");
            } else if (found.contains(d.discrepancyId())) {
                assertThat(d.status()).isEqualTo(DiscrepancyStatus.OPEN);
            } else {
                assertThat(d.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
                assertThat(d.resolvedBy()).isEqualTo(Discrepancy.BY_EVIDENCE);
                assertThat(d.resolvedAt()).isEqualTo(NOW);
            }
        }
    }

    @Property(tries = 500)
    void theChangesAreExactlyWhatDiffersFromBefore(
            @ForAll("findings") List<Finding> earlier, @ForAll("findings") List<Finding> now, @ForAll long seed) {
        SortedMap<String, Discrepancy> before = DiscrepancyLedger.apply(
                        PAYMENT, ACCOUNT, Map.of(), earlier, Map.of(), EARLIER)
                .discrepancies();
        DiscrepancyLedger.Entries entries =
                DiscrepancyLedger.apply(PAYMENT, ACCOUNT, before, now, resolveSome(before, seed), NOW);

        Map<String, Discrepancy> differing = new TreeMap<>();
        entries.discrepancies().forEach((id, d) -> {
            if (!d.equals(before.get(id))) {
                differing.put(id, d);
            }
        });
        assertThat(entries.changes())
                .extracting(DiscrepancyLedger.Change::after)
                .containsExactlyInAnyOrderElementsOf(differing.values());
        for (DiscrepancyLedger.Change change : entries.changes()) {
            assertThat(change.before()).isEqualTo(before.get(change.after().discrepancyId()));
        }
    }

    // --- the rules, one by one ---

    @Test
    void aNewFindingOpensADiscrepancyDetectedNow() {
        DiscrepancyLedger.Entries entries = DiscrepancyLedger.apply(
                PAYMENT,
                ACCOUNT,
                Map.of(),
                List.of(finding(DiscrepancyType.AMOUNT_MISMATCH, "ref_a", 500)),
                Map.of(),
                NOW);

        Discrepancy d = only(entries);
        assertThat(d.discrepancyId()).isEqualTo(DiscrepancyIds.of(DiscrepancyType.AMOUNT_MISMATCH, PAYMENT, "ref_a"));
        assertThat(d.status()).isEqualTo(DiscrepancyStatus.OPEN);
        assertThat(d.detectedAt()).isEqualTo(NOW);
        assertThat(d.amount()).isEqualTo(500);
        assertThat(entries.changes()).singleElement().satisfies(c -> assertThat(c.opened())
                .isTrue());
    }

    @Test
    void anOperatorsResolutionHoldsWhileTheEvidenceStillShowsTheBreak() {
        List<Finding> findings = List.of(finding(DiscrepancyType.AMOUNT_MISMATCH, "ref_a", 500));
        Discrepancy open = only(DiscrepancyLedger.apply(PAYMENT, ACCOUNT, Map.of(), findings, Map.of(), EARLIER));
        assertThat(open.account()).isEqualTo(ACCOUNT);
        DiscrepancyResolution resolution =
                new DiscrepancyResolution(open.discrepancyId(), PAYMENT, "written off", "alice", NOW);

        DiscrepancyLedger.Entries entries = DiscrepancyLedger.apply(
                PAYMENT,
                ACCOUNT,
                Map.of(open.discrepancyId(), open),
                findings,
                Map.of(open.discrepancyId(), resolution),
                LATER);

        Discrepancy resolved = only(entries);
        assertThat(resolved.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(resolved.resolution()).isEqualTo("written off");
        assertThat(resolved.operator()).isEqualTo("alice");
        assertThat(resolved.resolvedAt()).isEqualTo(NOW);
        assertThat(resolved.detectedAt()).isEqualTo(EARLIER);
        assertThat(entries.changes()).singleElement().satisfies(c -> assertThat(c.resolved())
                .isTrue());
    }

    @Test
    void anOpenBreakNoLongerFoundIsClearedByEvidenceAndSaysWhy() {
        Discrepancy open = only(DiscrepancyLedger.apply(
                PAYMENT,
                ACCOUNT,
                Map.of(),
                List.of(finding(DiscrepancyType.MISSING_SETTLEMENT, "capture", 500)),
                Map.of(),
                EARLIER));

        Discrepancy cleared = only(DiscrepancyLedger.apply(
                PAYMENT, ACCOUNT, Map.of(open.discrepancyId(), open), List.of(), Map.of(), NOW));

        assertThat(cleared.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(cleared.resolvedBy()).isEqualTo(Discrepancy.BY_EVIDENCE);
        assertThat(cleared.resolution()).isEqualTo("a settlement line for the capture arrived");
        assertThat(cleared.resolvedAt()).isEqualTo(NOW);
        assertThat(cleared.operator()).isNull();
    }

    @Test
    void aBreakClearedByEvidenceAndFoundAgainOpensAgainWithItsFirstDetectionTime() {
        List<Finding> findings = List.of(finding(DiscrepancyType.UNKNOWN_SETTLEMENT, "ref_a", 500));
        Discrepancy open = only(DiscrepancyLedger.apply(PAYMENT, ACCOUNT, Map.of(), findings, Map.of(), EARLIER));
        Discrepancy cleared = only(DiscrepancyLedger.apply(
                PAYMENT, ACCOUNT, Map.of(open.discrepancyId(), open), List.of(), Map.of(), NOW));

        DiscrepancyLedger.Entries entries = DiscrepancyLedger.apply(
                PAYMENT, ACCOUNT, Map.of(cleared.discrepancyId(), cleared), findings, Map.of(), LATER);

        assertThat(only(entries)).isEqualTo(open);
        assertThat(entries.changes()).singleElement().satisfies(c -> assertThat(c.opened())
                .isTrue());
    }

    @Test
    void aBreakResolvedByAnOperatorAndNoLongerFoundIsLeftAsTheOperatorLeftIt() {
        List<Finding> findings = List.of(finding(DiscrepancyType.AMOUNT_MISMATCH, "ref_a", 500));
        Discrepancy open = only(DiscrepancyLedger.apply(PAYMENT, ACCOUNT, Map.of(), findings, Map.of(), EARLIER));
        DiscrepancyResolution resolution =
                new DiscrepancyResolution(open.discrepancyId(), PAYMENT, "written off", "alice", NOW);
        Discrepancy resolved = only(DiscrepancyLedger.apply(
                PAYMENT,
                ACCOUNT,
                Map.of(open.discrepancyId(), open),
                findings,
                Map.of(open.discrepancyId(), resolution),
                NOW));

        DiscrepancyLedger.Entries entries = DiscrepancyLedger.apply(
                PAYMENT,
                ACCOUNT,
                Map.of(resolved.discrepancyId(), resolved),
                List.of(),
                Map.of(open.discrepancyId(), resolution),
                LATER);

        assertThat(only(entries)).isEqualTo(resolved);
        assertThat(entries.changes()).isEmpty();
    }

    private static Finding finding(DiscrepancyType type, String key, long amount) {
        return new Finding(type, key, "expected " + key, "actual " + key, null, amount, "EUR");
    }

    /** One finding per break: reconciliation never finds the same break twice in one run. */
    private static List<Finding> distinct(List<Finding> findings) {
        Map<String, Finding> byId = new TreeMap<>();
        findings.forEach(f -> byId.putIfAbsent(DiscrepancyIds.of(f.type(), PAYMENT, f.key()), f));
        return List.copyOf(byId.values());
    }

    private static Discrepancy only(DiscrepancyLedger.Entries entries) {
        assertThat(entries.discrepancies()).hasSize(1);
        return entries.discrepancies().values().iterator().next();
    }
}
