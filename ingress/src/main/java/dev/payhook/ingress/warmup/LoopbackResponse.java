package dev.payhook.ingress.warmup;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response of the ingress to its own warm-up off a keep-alive connection: the
 * status, and the body skipped by its Content-Length or its chunks, so the next response starts
 * where this one ended. The warm-up's client is this small so its own code adds little to what the
 * JIT compiles while the ingress warms up.
 */
final class LoopbackResponse {

    /** Far beyond any header line the ingress writes; a longer one means the stream is not HTTP. */
    private static final int MAX_LINE = 8 * 1024;

    private LoopbackResponse() {}

    /** @param close the ingress closes the connection after it (Tomcat's keep-alive limit) */
    record Response(int status, boolean close) {}

    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(
                        lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long chunk = Long.parseLong(line(in).split(";", 2)[0].trim(), 16);
                    chunk > 0;
                    chunk = Long.parseLong(line(in).split(";", 2)[0].trim(), 16)) {
                in.skipNBytes(chunk);
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else {
            in.skipNBytes(length);
        }
        return new Response(status, close);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the ingress closed the connection");
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("header line over " + MAX_LINE + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(US_ASCII);
    }
}
