package dev.payhook.web.operators;

import dev.payhook.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Requires {@code Authorization: Bearer <operator token>} on the routes a service declares as
 * operator actions, and hands the controller the {@link Operator} the token belongs to. Anything
 * else is answered 401 with an RFC 9457 problem and {@code WWW-Authenticate: Bearer} (RFC 6750),
 * before the request body is read.
 */
public final class OperatorAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OperatorAuthenticationFilter.class);

    /** One operator route: an HTTP method ({@code *}: any) and a path pattern ({@code /settlements/*}). */
    public record Route(String method, PathPattern path) {

        public static Route of(String method, String pattern) {
            return new Route(method, PathPatternParser.defaultInstance.parse(pattern));
        }

        /** Every method on the paths the pattern matches ({@code /reconciliation/**}). */
        public static Route any(String pattern) {
            return of("*", pattern);
        }

        boolean matches(HttpServletRequest request) {
            return (method.equals("*") || method.equalsIgnoreCase(request.getMethod()))
                    && path.matches(PathContainer.parsePath(request.getRequestURI()));
        }
    }

    private final Operators operators;
    private final List<Route> routes;
    private final String realm;

    public OperatorAuthenticationFilter(Operators operators, String realm, List<Route> routes) {
        this.operators = operators;
        this.realm = realm;
        this.routes = List.copyOf(routes);
        if (operators.isEmpty()) {
            log.warn("no operator is configured (payhook.operators.<name>=<token>): {} will be refused", routes);
        } else {
            log.info("operators {} may use {}", operators.names(), routes);
        }
    }

    /** The filter for a service's operator actions, ahead of everything that could read the body. */
    public static FilterRegistrationBean<OperatorAuthenticationFilter> registration(
            Operators operators, String realm, Route... routes) {
        FilterRegistrationBean<OperatorAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new OperatorAuthenticationFilter(operators, realm, List.of(routes)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return routes.stream().noneMatch(route -> route.matches(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Optional<String> token = bearerToken(authorization);
        Optional<Operator> operator = token.flatMap(operators::identify);
        if (operator.isPresent()) {
            request.setAttribute(Operator.ATTRIBUTE, operator.get());
            chain.doFilter(request, response);
            return;
        }
        String detail;
        String challenge = "Bearer realm=\"" + realm + "\"";
        if (operators.isEmpty()) {
            detail = "No operator is configured on this service (payhook.operators.<name>=<token>).";
        } else if (token.isEmpty()) {
            detail = "Send 'Authorization: Bearer <operator token>'.";
        } else {
            detail = "The bearer token is not an operator token.";
            challenge += ", error=\"invalid_token\"";
        }
        log.info("refused {} {}: {}", request.getMethod(), request.getRequestURI(), detail);
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        // JSON is UTF-8 by definition (RFC 8259): no charset parameter, the same as the services' other problems.
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream()
                .write(("{\"type\":\"" + Problems.type("operator-token-required") + "\","
                                + "\"title\":\"Operator token required\",\"status\":401,\"detail\":\""
                                + detail.replace("\"", "'")
                                + "\",\"instance\":\"" + jsonEscape(request.getRequestURI()) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
