package dev.payhook.reconciler.console;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The console's HTTP client: short timeouts, so a service that is down is shown down, not waited for. */
final class ConsoleHttp {

    private ConsoleHttp() {}

    static RestClient.Builder client(Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
        requests.setReadTimeout(readTimeout);
        return RestClient.builder().requestFactory(requests);
    }
}
