package dev.payhook.provider.settlement;

import dev.payhook.common.RejectedLine;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementLine;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/** The settlement report formats, and reading one report into settlement lines and its batch. */
public final class SettlementReports {

    /** Each format, made for one upload's options (a report's time zone). */
    private static final Map<String, Function<ReportOptions, SettlementReportFormat>> FORMATS = Map.of(
            "adyen", options -> new AdyenSettlementDetailsReport(),
            "stripe", StripeItemizedReport::new,
            "razorpay", options -> new RazorpayReconReport(),
            "generic", options -> new GenericSettlementReport());

    /**
     * @param batch    the batch, to close the upload with; null when no line was usable
     * @param rejected the first {@value SettlementReportParser#MAX_REJECTED_KEPT} rejected lines
     */
    public record Report(
            SettlementBatch batch,
            long accepted,
            long lines,
            long batchRows,
            long rejectedCount,
            List<RejectedLine> rejected) {}

    private SettlementReports() {}

    private static SettlementReportFormat layout(String format, ReportOptions options) {
        Function<ReportOptions, SettlementReportFormat> layout = FORMATS.get(format);
        if (layout == null) {
            throw new IllegalArgumentException("unknown settlement report format: " + format);
        }
        return layout.apply(options);
    }

    public static SortedSet<String> formats() {
        return new TreeSet<>(FORMATS.keySet());
    }

    /** Reads the whole report as CSV, publishing nothing: what a file must pass before its first line is sent. */
    public static void validate(String format, ReportOptions options, Reader report)
            throws IOException, SettlementReportParser.MissingColumnsException, MalformedReportException,
                    SettlementReportParser.AccountNotPermittedException {
        SettlementReportParser.validate(report, layout(format, options), options);
    }

    /**
     * Streams the report: each usable payment line goes to {@code sink} as soon as it is read.
     *
     * @throws IllegalArgumentException when the format is not one of {@link #formats()}
     */
    public static Report read(
            String format, Reader report, String batchId, Instant uploadedAt, Consumer<SettlementLine> sink)
            throws IOException, SettlementReportParser.MissingColumnsException {
        return read(format, ReportOptions.NONE, report, batchId, uploadedAt, sink);
    }

    /** As {@link #read(String, Reader, String, Instant, Consumer)}, with the upload's options. */
    public static Report read(
            String format,
            ReportOptions options,
            Reader report,
            String batchId,
            Instant uploadedAt,
            Consumer<SettlementLine> sink)
            throws IOException, SettlementReportParser.MissingColumnsException {
        SettlementReportFormat layout = layout(format, options);
        SettlementReportParser.Result result = SettlementReportParser.parse(
                report,
                layout,
                options,
                uploadedAt,
                (line, number, account) -> sink.accept(new SettlementLine(
                        batchId,
                        format,
                        number,
                        line.reference(),
                        line.paymentId(),
                        line.kind(),
                        line.amount(),
                        line.currency(),
                        line.fee(),
                        line.modificationId(),
                        line.paymentMethod(),
                        line.settledAt(),
                        account)));
        SettlementBatch batch = result.accepted() == 0
                ? null
                : new SettlementBatch(
                        batchId,
                        format,
                        result.cutoff(),
                        result.lines(),
                        result.totals(),
                        result.net(),
                        result.payouts(),
                        uploadedAt,
                        result.rejectedCount(),
                        result.rejected(),
                        options.origin(),
                        result.accounts());
        return new Report(
                batch,
                result.accepted(),
                result.lines(),
                result.batchRows(),
                result.rejectedCount(),
                result.rejected());
    }
}
