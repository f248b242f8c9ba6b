package dev.careflow.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The CapabilityStatement as sent, kept for a while: HAPI keeps the statement it generates for a minute, but encodes
 * its 1.6 MB again (and compresses it, for a client that accepts gzip) on every {@code GET /fhir/metadata}. Here the
 * bytes of a 200 answer are kept for {@link CapabilityStatementSettings#cacheFor()}, by everything that shapes them
 * (query string, {@code Accept}, whether gzip is accepted), and sent again as they were. Requests with an
 * {@code Origin} (CORS) or {@code Cache-Control: no-cache} go to HAPI as before.
 */
final class CapabilityStatementCache extends OncePerRequestFilter {

    private static final Set<String> PATHS = Set.of("/fhir/metadata", "/fhir/metadata/");

    /** Headers of one answer only, never replayed. */
    private static final Set<String> OWN_HEADERS = Set.of("date", "set-cookie", "x-request-id", "content-length");

    private record Answer(int status, String contentType, Map<String, List<String>> headers, byte[] body) {}

    private final Cache<String, Answer> answers;

    CapabilityStatementCache(Duration cacheFor) {
        this.answers =
                Caffeine.newBuilder().maximumSize(32).expireAfterWrite(cacheFor).build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String cacheControl = request.getHeader(HttpHeaders.CACHE_CONTROL);
        return !"GET".equals(request.getMethod())
                || !PATHS.contains(request.getRequestURI())
                || request.getHeader(HttpHeaders.ORIGIN) != null
                || (cacheControl != null && cacheControl.contains("no-cache"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = key(request);
        Answer kept = answers.getIfPresent(key);
        if (kept != null) {
            send(kept, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, captured);
        if (captured.getStatus() == HttpServletResponse.SC_OK) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : captured.getHeaderNames()) {
                if (!OWN_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    headers.put(name, List.copyOf(captured.getHeaders(name)));
                }
            }
            answers.put(
                    key,
                    new Answer(
                            captured.getStatus(),
                            captured.getContentType(),
                            headers,
                            captured.getContentAsByteArray()));
        }
        captured.copyBodyToResponse();
    }

    private static String key(HttpServletRequest request) {
        String encoding = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip =
                encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip");
        // The statement names the server's base as the client reached it (host, proxy headers).
        return String.join(
                "|",
                String.valueOf(request.getQueryString()),
                String.valueOf(request.getHeader(HttpHeaders.ACCEPT)),
                String.valueOf(gzip),
                String.valueOf(request.getHeader(HttpHeaders.HOST)),
                String.valueOf(request.getHeader("Forwarded")),
                String.valueOf(request.getHeader("X-Forwarded-Host")),
                String.valueOf(request.getHeader("X-Forwarded-Proto")),
                String.valueOf(request.getHeader("X-Forwarded-Port")),
                String.valueOf(request.getHeader("X-Forwarded-Prefix")));
    }

    private static void send(Answer answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        answer.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
