package dev.careflow.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.stream.Collectors;

/** The request as the authorization endpoint should see it: its parameters and a query string that matches them. */
final class RewrittenParameters extends HttpServletRequestWrapper {
    private final Map<String, String[]> parameters;

    RewrittenParameters(HttpServletRequest request, Map<String, String[]> parameters) {
        super(request);
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters.get(name);
    }

    @Override
    public String getQueryString() {
        return "GET".equals(getMethod()) ? query(parameters) : super.getQueryString();
    }

    static String query(Map<String, String[]> parameters) {
        return parameters.entrySet().stream()
                .flatMap(e -> Arrays.stream(e.getValue()).map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
