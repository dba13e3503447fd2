package dev.payhook.reconciler;

import dev.payhook.web.operators.OperatorAuthenticationFilter;
import dev.payhook.web.operators.Operators;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Resolving a discrepancy closes a break finance would otherwise chase: only an operator may. */
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
                OperatorAuthenticationFilter.Route.of("POST", "/reconciliation/discrepancies/{discrepancyId}/resolve"),
                OperatorAuthenticationFilter.Route.of("POST", "/journal/{entryId}/reverse"),
                OperatorAuthenticationFilter.Route.of("POST", "/reconciliation/periods/{period}/close"),
                // The console asks it once, when an operator enters their token.
                OperatorAuthenticationFilter.Route.of("GET", "/console/api/operator"));
    }
}
