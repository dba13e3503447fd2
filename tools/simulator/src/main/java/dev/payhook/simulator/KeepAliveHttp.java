package dev.payhook.simulator;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A lean HTTP/1.1 client for the load generator: a fixed set of keep-alive connections to one
 * host, each driven by its own thread, taking requests from one queue (as wrk2 does). A request
 * that finds every connection busy waits in the queue, and since the generator measures latency
 * from when a request was due, that wait counts against the server, as it should.
 *
 * <p>Why not {@code java.net.http.HttpClient}: profiled at 2,000 requests/s it spent most of the
 * generator's CPU in its asynchronous machinery and connection pool, leaving too little of the
 * machine for the services it was measuring. This client costs a write and a read per request.
 */
final class KeepAliveHttp implements AutoCloseable {

    /** What became of one request: its status, or -1 with the error. */
    interface Answer {
        void answered(int status, IOException error);
    }

    private record Job(byte[] request, Answer answer) {}

    private static final Job STOP = new Job(null, null);

    private final InetSocketAddress address;
    private final String hostHeader;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> connections = new ArrayList<>();

    KeepAliveHttp(URI server, int connections) {
        if (!"http".equals(server.getScheme())) {
            throw new IllegalArgumentException("plain http only: " + server);
        }
        this.address = new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 80 : server.getPort());
        this.hostHeader = server.getHost() + (server.getPort() < 0 ? "" : ":" + server.getPort());
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(this::serve, "http-connection-" + i);
            thread.setDaemon(true);
            thread.start();
            this.connections.add(thread);
        }
    }

    /** The bytes of a POST, built once by the caller's thread: connection threads only write and read. */
    byte[] post(String path, Map<String, String> headers, String body) {
        byte[] content = body.getBytes(UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(hostHeader)
                .append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ")
                .append(content.length)
                .append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] headBytes = head.append("\r\n").toString().getBytes(UTF_8);
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }

    /** Queues a request; the answer is called on a connection thread. */
    void send(byte[] request, Answer answer) {
        queue.add(new Job(request, answer));
    }

    private void serve() {
        Socket socket = null;
        InputStream in = null; // kept across requests: it may already hold the next response's bytes
        OutputStream out = null;
        try {
            while (true) {
                Job job = queue.take();
                if (job == STOP) {
                    break;
                }
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(address, 5000);
                        socket.setSoTimeout(30_000);
                        in = new BufferedInputStream(socket.getInputStream(), 16384);
                        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
                    }
                    out.write(job.request());
                    out.flush();
                    Response response = readResponse(in);
                    if (response.close()) {
                        closeQuietly(socket);
                        socket = null;
                    }
                    job.answer().answered(response.status(), null);
                } catch (IOException e) {
                    closeQuietly(socket);
                    socket = null;
                    job.answer().answered(-1, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    private record Response(int status, boolean close) {}

    /** Status line, headers, and the body skipped by Content-Length or chunked encoding. */
    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close");
                default -> {}
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else {
            skip(in, length);
        }
        return new Response(status, close);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(ISO_8859_1);
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    @Override
    public void close() {
        connections.forEach(c -> queue.add(STOP));
    }
}
