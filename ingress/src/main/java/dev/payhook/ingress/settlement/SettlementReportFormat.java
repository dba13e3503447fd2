package dev.payhook.ingress.settlement;

import java.util.List;

/**
 * One provider's settlement report layout. Rows are read by header name because providers add,
 * drop and reorder columns per account; only {@link #requiredColumns()} must be present.
 */
interface SettlementReportFormat {

    /** The {@code {format}} of {@code POST /settlements/{format}}. */
    String name();

    List<String> requiredColumns();

    /** @throws IllegalArgumentException with the reason when the row cannot be used */
    ParsedRow parse(ReportRow row);
}
