package dev.payhook.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class DiscrepancyCsvTest {

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreWrittenAsTextAndNumbersStayNumbers() throws Exception {
        Discrepancy hostile = new Discrepancy(
                "dsc_1",
                DiscrepancyType.AMOUNT_MISMATCH,
                "=HYPERLINK(\"http://x\")",
                "acct_1",
                new Discrepancy.Finding("+1+cmd|' /C calc'!A0", "-2+3"),
                DiscrepancyStatus.RESOLVED,
                Instant.parse("2026-11-20T10:00:00Z"),
                new Discrepancy.Evidence("@SUM(A1)", "\tref", -1250L, "EUR"),
                new Discrepancy.Resolution(null, "\rnote", "operator", "alice"));

        CSVRecord row = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(DiscrepancyCsv.write(List.of(hostile))))
                .getRecords()
                .get(0);

        assertThat(row.get("payment_id")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(row.get("expected")).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(row.get("actual")).isEqualTo("'-2+3");
        assertThat(row.get("batch_id")).isEqualTo("'@SUM(A1)");
        assertThat(row.get("reference")).isEqualTo("'\tref");
        assertThat(row.get("resolution")).isEqualTo("'\rnote");
        assertThat(row.get("amount")).isEqualTo("-12.50");
        assertThat(row.get("amount_minor")).isEqualTo("-1250");
        assertThat(row.get("operator")).isEqualTo("alice");
        assertThat(row.get("detected_at")).isEqualTo("2026-11-20T10:00:00Z");
    }
}
