package dev.payhook.collector.reports;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.reporting.ReportRun;
import com.stripe.param.reporting.ReportRunCreateParams;
import com.stripe.param.reporting.ReportRunRetrieveParams;
import com.stripe.param.reporting.ReportTypeRetrieveParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stripe's Reporting API through stripe-java (docs.stripe.com/reports/api): how far a report type's
 * data is complete, a report run for one interval, and the run's state.
 */
final class StripeReportRuns {

    static final String DEFAULT_TYPE = "balance_change_from_activity.itemized.3";
    static final String PAYOUT_RECONCILIATION = "payout_reconciliation.itemized.5";

    /**
     * The columns payhook reads (docs/DESIGN.md, Settlement reports), asked for by name: a report's
     * default columns leave some out, and the times are asked in UTC.
     */
    private static final List<String> COLUMNS = List.of(
            "balance_transaction_id",
            "created_utc",
            "currency",
            "gross",
            "fee",
            "net",
            "reporting_category",
            "source_id",
            "payment_intent_id",
            "customer_facing_amount",
            "customer_facing_currency",
            "payment_method_type");

    private final StripeClient client;
    private final String reportType;

    StripeReportRuns(String apiKey, String apiBase, String reportType) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(apiKey)
                .setMaxNetworkRetries(0)
                .setConnectTimeout((int) ReportDownloads.CONNECT.toMillis())
                .setReadTimeout((int) ReportDownloads.RESPONSE.toMillis());
        if (apiBase != null) {
            builder.setApiBase(apiBase).setFilesBase(apiBase);
        }
        this.client = builder.build();
        this.reportType = reportType == null ? DEFAULT_TYPE : reportType;
    }

    String reportType() {
        return reportType;
    }

    /** Up to when the report type's data is complete: a run may not end later. */
    Instant dataAvailableEnd() throws ReportFetchException {
        return Instant.ofEpochSecond(call(() -> client.v1()
                        .reporting()
                        .reportTypes()
                        .retrieve(reportType, ReportTypeRetrieveParams.builder().build()))
                .getDataAvailableEnd());
    }

    ReportRun request(Instant start, Instant end) throws ReportFetchException {
        List<String> columns = new ArrayList<>(COLUMNS);
        if (reportType.startsWith("payout_reconciliation.")) {
            columns.add("automatic_payout_id");
        }
        return call(() -> client.v1()
                .reporting()
                .reportRuns()
                .create(ReportRunCreateParams.builder()
                        .setReportType(reportType)
                        .setParameters(ReportRunCreateParams.Parameters.builder()
                                .setIntervalStart(start.getEpochSecond())
                                .setIntervalEnd(end.getEpochSecond())
                                .setTimezone(ReportRunCreateParams.Parameters.Timezone.UTC)
                                .addAllColumn(columns)
                                .build())
                        .build()));
    }

    ReportRun retrieve(String runId) throws ReportFetchException {
        return call(() -> client.v1()
                .reporting()
                .reportRuns()
                .retrieve(runId, ReportRunRetrieveParams.builder().build()));
    }

    private interface Call<T> {
        T call() throws StripeException;
    }

    private static <T> T call(Call<T> call) throws ReportFetchException {
        try {
            return call.call();
        } catch (ApiConnectionException e) {
            throw new ReportFetchException("Stripe unreachable: " + e.getMessage(), true, e);
        } catch (StripeException e) {
            Integer status = e.getStatusCode();
            boolean retryable = status == null || status == 429 || status >= 500;
            throw new ReportFetchException("Stripe answered " + status + ": " + e.getMessage(), retryable, e);
        }
    }
}
