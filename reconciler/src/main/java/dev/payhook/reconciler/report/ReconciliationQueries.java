package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.SettlementBatch;
import dev.payhook.reconciler.stream.ReconciliationTopology;
import dev.payhook.reconciler.stream.ReconciliationTotals;
import dev.payhook.streams.StreamsInstances;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reads the reconciler's stores: this instance's tasks directly, every other instance's through
 * its {@code /reconciliation/local} endpoint ({@code application.server} says where).
 */
@Component
public class ReconciliationQueries {

    private final KafkaStreamsInteractiveQueryService queries;
    private final StreamsBuilderFactoryBean streams;
    private final RestClient http = RestClient.create();

    ReconciliationQueries(KafkaStreamsInteractiveQueryService queries, StreamsBuilderFactoryBean streams) {
        this.queries = queries;
        this.streams = streams;
    }

    /** Everything, from every instance. */
    LocalReconciliation everywhere() {
        HostInfo self = queries.getCurrentKafkaStreamsApplicationHostInfo();
        List<Discrepancy> discrepancies = new ArrayList<>();
        ReconciliationTotals totals = ReconciliationTotals.NONE;
        TreeSet<String> batches = new TreeSet<>();
        for (HostInfo host : StreamsInstances.all(streams, queries)) {
            LocalReconciliation part = host.equals(self)
                    ? local()
                    : http.get()
                            .uri(URI.create("http://" + host.host() + ":" + host.port() + "/reconciliation/local"))
                            .retrieve()
                            .body(LocalReconciliation.class);
            discrepancies.addAll(part.discrepancies());
            totals = totals.plus(part.totals(), 1);
            batches.addAll(part.batches());
        }
        return new LocalReconciliation(discrepancies, totals, batches);
    }

    /** One discrepancy, wherever it is held. */
    public Optional<Discrepancy> discrepancy(String discrepancyId) {
        return everywhere().discrepancies().stream()
                .filter(d -> d.discrepancyId().equals(discrepancyId))
                .findFirst();
    }

    LocalReconciliation local() {
        List<Discrepancy> discrepancies = new ArrayList<>();
        try (KeyValueIterator<String, Discrepancy> all = store(
                        ReconciliationTopology.DISCREPANCIES_STORE, Discrepancy.class)
                .all()) {
            all.forEachRemaining(d -> discrepancies.add(d.value));
        }
        ReconciliationTotals totals = ReconciliationTotals.NONE;
        try (KeyValueIterator<String, ReconciliationTotals> all = store(
                        ReconciliationTopology.TOTALS_STORE, ReconciliationTotals.class)
                .all()) {
            while (all.hasNext()) {
                totals = totals.plus(all.next().value, 1);
            }
        }
        TreeSet<String> batches = new TreeSet<>();
        try (KeyValueIterator<String, SettlementBatch> all = store(
                        ReconciliationTopology.BATCHES_STORE, SettlementBatch.class)
                .all()) {
            all.forEachRemaining(b -> batches.add(b.key));
        }
        return new LocalReconciliation(discrepancies, totals, batches);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Class<V> type) {
        return queries.retrieveQueryableStore(name, QueryableStoreTypes.<String, V>keyValueStore());
    }
}
