package dev.payhook.collector.bank;

import dev.payhook.collector.CompactedLog;
import dev.payhook.common.ReportCollection;
import dev.payhook.provider.bank.BankStatementFormat;
import dev.payhook.provider.publish.BankStatementIntake;
import dev.payhook.provider.publish.SettlementPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the statements banks leave in their SFTP drops and publishes each as an upload is published
 * ({@link BankStatementIntake}), recording every file in {@code payhook.report-collections} (source
 * {@code bank:<drop>}) once the broker has it: a file is fetched once, whatever the number of runs, and a
 * file that cannot be used is recorded as refused with its reason and not fetched again. Files are left
 * where they are (drops are often read-only); a statement delivered again under another name is
 * recognised by its statement id and entry references downstream.
 */
public final class BankStatementCollector {

    private static final Logger log = LoggerFactory.getLogger(BankStatementCollector.class);

    private final BankStatementCollectionProperties properties;
    private final CompactedLog<ReportCollection> collections;
    private final SettlementPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock;

    public BankStatementCollector(
            BankStatementCollectionProperties properties,
            CompactedLog<ReportCollection> collections,
            SettlementPublisher publisher,
            MeterRegistry meters,
            Clock clock) {
        this.properties = properties;
        this.collections = collections;
        this.publisher = publisher;
        this.meters = meters;
        this.clock = clock;
        properties.sftp().forEach((name, drop) -> {
            if (BankStatementFormat.named(drop.format()).isEmpty()) {
                throw new IllegalArgumentException("payhook.collector.bank-statements.sftp." + name + ".format is '"
                        + drop.format() + "'; it must be camt053, mt940 or bai2");
            }
        });
    }

    /** @return what could not be done, in words; empty when every drop was read and every new file published */
    public List<String> collect() {
        List<String> problems = new ArrayList<>();
        Map<String, ReportCollection> known = collections.read();
        new TreeMap<>(properties.sftp()).forEach((name, drop) -> {
            try {
                collect(name, drop, known, problems);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log.warn(
                        "bank statements: SFTP drop {} ({}:{}) not read: {}",
                        name,
                        drop.host(),
                        drop.port(),
                        e.toString());
                count(name, "unreachable");
                problems.add("SFTP drop " + name + " not read: " + e.getMessage());
            }
        });
        return problems;
    }

    private void collect(
            String name,
            BankStatementCollectionProperties.Drop drop,
            Map<String, ReportCollection> known,
            List<String> problems)
            throws IOException, GeneralSecurityException {
        String source = "bank:" + name;
        BankStatementFormat format = BankStatementFormat.named(drop.format()).orElseThrow();
        try (SftpDrop sftp = SftpDrop.open(drop)) {
            for (SftpDrop.StatementFile file : sftp.statements()) {
                String key = source + ":" + file.name();
                if (known.containsKey(key)) {
                    continue;
                }
                byte[] bytes;
                try {
                    bytes = sftp.read(file, properties.maxSize().toBytes());
                } catch (SftpDrop.TooLargeException e) {
                    record(source, file.name(), ReportCollection.Status.REFUSED, null, e.getMessage());
                    count(name, "refused");
                    continue;
                }
                BankStatementIntake.Outcome outcome = BankStatementIntake.publish(
                        publisher, format, bytes, "collected from " + source + ": " + file.name(), clock.instant());
                if (outcome instanceof BankStatementIntake.Published published) {
                    record(
                            source,
                            file.name(),
                            ReportCollection.Status.COLLECTED,
                            published.statement().statementId(),
                            published.statement().lines() + " lines");
                    count(name, "collected");
                    log.info(
                            "bank statements: {} from {} published as {} ({} lines)",
                            file.name(),
                            source,
                            published.statement().statementId(),
                            published.statement().lines());
                } else if (outcome instanceof BankStatementIntake.Unusable unusable) {
                    record(source, file.name(), ReportCollection.Status.REFUSED, null, unusable.message());
                    count(name, "refused");
                } else {
                    // The broker did not take it: not recorded, so the next run fetches it again.
                    problems.add(file.name() + " from " + source + " not acknowledged by the broker: "
                            + ((BankStatementIntake.NotAcknowledged) outcome)
                                    .cause()
                                    .getMessage());
                    count(name, "unacknowledged");
                }
            }
        }
    }

    private void record(String source, String file, ReportCollection.Status status, String statementId, String detail)
            throws IOException {
        try {
            collections.write(
                    source + ":" + file,
                    new ReportCollection(source, file, status, null, statementId, detail, clock.instant()));
        } catch (Exception e) {
            throw new IOException("the collection of " + file + " was not recorded: " + e.getMessage(), e);
        }
    }

    private void count(String drop, String outcome) {
        Counter.builder("payhook.collector.bank.statements")
                .description("Bank statement files looked at in SFTP drops, by outcome")
                .tag("drop", drop)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
