package dev.payhook.provider.settlement;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One provider's settlement report layout. Rows are read by header name because providers add,
 * drop and reorder columns per account; only {@link #requiredColumns()} must be present.
 */
interface SettlementReportFormat {

    /** The {@code {format}} of {@code POST /settlements/{format}}. */
    String name();

    List<String> requiredColumns();

    /**
     * The column naming each row's merchant account, when the layout has one (Adyen's {@code Merchant
     * Account}); null when a report belongs to one account as a whole.
     */
    default String accountColumn() {
        return null;
    }

    /**
     * Why a file with this header cannot be read at all, if it cannot: by default, the required
     * columns it lacks. {@code header} compares case-insensitively.
     */
    default Optional<UnusableHeader> headerProblem(Set<String> header) {
        List<String> missing =
                requiredColumns().stream().filter(c -> !header.contains(c)).toList();
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of(new UnusableHeader(
                        "missing-columns",
                        "The " + name() + " report needs the columns " + missing + "; the header has "
                                + new TreeSet<>(header) + "."));
    }

    /** A header no row can be read with: the problem type the client gets, and why. */
    record UnusableHeader(String type, String message) {}

    /** @throws IllegalArgumentException with the reason when the row cannot be used */
    ParsedRow parse(ReportRow row);
}
