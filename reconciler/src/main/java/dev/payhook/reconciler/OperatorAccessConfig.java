package dev.payhook.reconciler;

import dev.payhook.web.operators.OperatorAuthenticationFilter;
import dev.payhook.web.operators.Operators;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every read and action on the reconciliation is an operator's: what it shows and changes depends on
 * which merchant accounts the operator may see, so nothing of it answers without a token. The console's
 * pages themselves (HTML, script, style) are open; they hold no data.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(Operators.class)
class OperatorAccessConfig {

    /** The console's pages get a strict Content-Security-Policy; every answer no sniffing and no referrer. */
    @Bean
    FilterRegistrationBean<dev.payhook.web.SecurityHeaders> securityHeaders() {
        return dev.payhook.web.SecurityHeaders.registration("/console");
    }

    @Bean
    FilterRegistrationBean<OperatorAuthenticationFilter> operatorAccess(Operators operators) {
        return OperatorAuthenticationFilter.registration(
                operators,
                "payhook-reconciler",
                OperatorAuthenticationFilter.Route.any("/reconciliation/**"),
                OperatorAuthenticationFilter.Route.any("/journal/**"),
                OperatorAuthenticationFilter.Route.any("/console/api/**"));
    }
}
