package dev.careflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The static scrape credential ({@link ScrapeSettings}) on {@code /actuator/prometheus}: HTTP basic with the
 * configured user name and password authenticates the request as the scraper; a basic credential that does not match
 * is answered 401 at once. Requests without one go on to the bearer-token checks.
 */
final class ScrapeCredentialFilter extends OncePerRequestFilter {

    static final String PATH = "/actuator/prometheus";
    static final String AUTHORITY = "METRICS_SCRAPE";

    private final ScrapeSettings settings;

    ScrapeCredentialFilter(ScrapeSettings settings) {
        this.settings = settings;
    }

    /** Whether the request was let in by the scrape credential. */
    static boolean isScraper(Authentication authentication) {
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> AUTHORITY.equals(a.getAuthority()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !settings.enabled()
                || !PATH.equals(request.getRequestURI()
                        .substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            chain.doFilter(request, response);
            return;
        }
        if (!matches(header.substring(6).trim())) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"careflow-metrics\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "The scrape credential does not match");
            return;
        }
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        settings.username(), null, List.of(new SimpleGrantedAuthority(AUTHORITY))));
        chain.doFilter(request, response);
    }

    private boolean matches(String encoded) {
        byte[] expected = (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }
}
