package dev.payhook.ingress;

import dev.payhook.provider.Providers;
import dev.payhook.provider.WebhookSources;
import dev.payhook.web.operators.OperatorAuthenticationFilter;
import dev.payhook.web.operators.Operators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(Operators.class)
class IngressConfig {

    private static final Logger log = LoggerFactory.getLogger(IngressConfig.class);

    @Bean
    WebhookSources webhookSources(IngressProperties properties) {
        WebhookSources sources = new WebhookSources(properties.sources(), Providers.all());
        sources.all()
                .forEach(
                        s -> log.info("webhook source {} -> POST /webhooks/{} ({})", s.name(), s.name(), s.settings()));
        if (sources.all().isEmpty()) {
            log.warn("no webhook sources configured (payhook.sources.<name>): every webhook will be answered 404");
        }
        return sources;
    }

    /** No sniffing, no referrer on every answer. */
    @Bean
    FilterRegistrationBean<dev.payhook.web.SecurityHeaders> securityHeaders() {
        return dev.payhook.web.SecurityHeaders.registration(null);
    }

    /** Settlement reports and bank statements are evidence the reconciler trusts: only an operator may upload one. */
    @Bean
    FilterRegistrationBean<OperatorAuthenticationFilter> operatorAccess(Operators operators) {
        return OperatorAuthenticationFilter.registration(
                operators,
                "payhook-ingress",
                OperatorAuthenticationFilter.Route.of("POST", "/settlements/{format}"),
                OperatorAuthenticationFilter.Route.of("POST", "/bank-statements/{format}"));
    }
}
