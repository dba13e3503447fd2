package dev.payhook.collector.reports;

import dev.payhook.common.JsonSerde;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.JsonNode;

/**
 * Razorpay's settlement reconciliation for one day, {@code GET /v1/settlements/recon/combined?year&month&day}
 * (razorpay.com/docs/api/settlements/fetch-recon), paged with {@code count} and {@code skip}, written
 * as the CSV the Dashboard exports: the same field names as columns, so it is read by the same
 * {@code razorpay} layout as an upload.
 */
final class RazorpayRecon {

    private static final int PAGE = 1000;
    /** A day has at most this many pages: a bound, not an expectation. */
    private static final int MAX_PAGES = 10_000;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(ReportDownloads.CONNECT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final URI base;
    private final String authorization;

    RazorpayRecon(String apiKey, String apiBase) {
        this.base = URI.create(apiBase != null ? apiBase : "https://api.razorpay.com");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the day's items to {@code csv}; none: a header-less empty file. */
    void day(LocalDate day, Path csv, long limit) throws ReportFetchException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode answer = get(day, page * PAGE);
            JsonNode pageItems = answer.path("items");
            pageItems.forEach(items::add);
            if (pageItems.size() < PAGE) {
                write(items, csv, limit, day);
                return;
            }
        }
        throw new ReportFetchException(
                "Razorpay recon of " + day + " has more than " + MAX_PAGES + " pages", false, null);
    }

    private JsonNode get(LocalDate day, int skip) throws ReportFetchException, InterruptedException {
        URI url = base.resolve("/v1/settlements/recon/combined?year=" + day.getYear() + "&month="
                + String.format("%02d", day.getMonthValue()) + "&day=" + String.format("%02d", day.getDayOfMonth())
                + "&count=" + PAGE + "&skip=" + skip);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(ReportDownloads.RESPONSE)
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReportFetchException("Razorpay unreachable: " + e, true, e);
        }
        int status = response.statusCode();
        if (status != 200) {
            boolean retryable = status == 429 || status >= 500;
            String reason = status == 401 ? " (the API key was refused)" : "";
            throw new ReportFetchException("Razorpay answered " + status + reason, retryable, null);
        }
        try {
            return JsonSerde.MAPPER.readTree(response.body());
        } catch (RuntimeException e) {
            throw new ReportFetchException("Razorpay's recon answer is not JSON", true, e);
        }
    }

    /** The items as CSV: every field any item has, in the order first seen. */
    private static void write(List<JsonNode> items, Path csv, long limit, LocalDate day) throws ReportFetchException {
        Set<String> columns = new LinkedHashSet<>();
        items.forEach(item -> item.propertyNames().forEach(columns::add));
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                CSVPrinter printer = CSVFormat.DEFAULT
                        .builder()
                        .setRecordSeparator('\n')
                        .get()
                        .print(out)) {
            if (columns.isEmpty()) {
                return;
            }
            printer.printRecord(columns);
            for (JsonNode item : items) {
                List<String> row = new ArrayList<>(columns.size());
                for (String column : columns) {
                    JsonNode value = item.get(column);
                    row.add(
                            value == null || value.isNull()
                                    ? ""
                                    : value.isValueNode() ? value.asString() : value.toString());
                }
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new ReportFetchException("Razorpay recon of " + day + " not written: " + e, true, e);
        }
        try {
            if (Files.size(csv) > limit) {
                throw new ReportFetchException(
                        "Razorpay recon of " + day + " is larger than " + limit + " bytes", false, null);
            }
        } catch (IOException e) {
            throw new ReportFetchException("Razorpay recon of " + day + " unreadable: " + e, true, e);
        }
    }
}
