package dev.payhook.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers every answer carries: no content sniffing, no referrer (a console URL names payments and
 * discrepancies), and on the console's pages a Content-Security-Policy that allows scripts, styles and
 * connections from the service itself only: no inline script, no inline style attribute, no framing.
 * CORS stays closed (no service configures it), so the operator actions, which take a bearer header and
 * never a cookie, cannot be sent cross-site.
 */
public final class SecurityHeaders extends OncePerRequestFilter {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private final String pagesPrefix;

    /** @param pagesPrefix the path of the pages the policy applies to ({@code /console}); null: none */
    private SecurityHeaders(String pagesPrefix) {
        this.pagesPrefix = pagesPrefix;
    }

    public static FilterRegistrationBean<SecurityHeaders> registration(String pagesPrefix) {
        FilterRegistrationBean<SecurityHeaders> registration =
                new FilterRegistrationBean<>(new SecurityHeaders(pagesPrefix));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (pagesPrefix != null && request.getRequestURI().startsWith(pagesPrefix)) {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("X-Frame-Options", "DENY");
        }
        chain.doFilter(request, response);
    }
}
