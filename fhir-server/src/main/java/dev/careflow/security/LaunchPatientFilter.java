package dev.careflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The patient context of a standalone launch ({@code launch/patient}) by someone who is not a patient: before the
 * authorization endpoint issues a code, the signed-in practitioner picks the patient on {@link PatientPickerServlet};
 * the choice comes back as a one-time {@code picked} handle held in their session and reaches the authorization
 * request as {@value #LAUNCH_PATIENT}, which the token customizer puts in the token. A client cannot name the patient
 * itself: a {@value #LAUNCH_PATIENT} it sends is dropped. People with their own patient (a patient signing in) and
 * requests without {@code launch/patient} pass untouched.
 */
final class LaunchPatientFilter extends OncePerRequestFilter {

    /** The authorization request parameter that carries the chosen patient to the token. */
    static final String LAUNCH_PATIENT = "launch_patient";

    /** The one-time handle of a choice made on the picker. */
    static final String PICKED = "picked";

    private static final String CHOICES = LaunchPatientFilter.class.getName() + ".choices";

    private final String authorizationEndpoint;
    private final Set<String> usersWithOwnPatient;

    LaunchPatientFilter(String authorizationEndpoint, Set<String> usersWithOwnPatient) {
        this.authorizationEndpoint = authorizationEndpoint;
        this.usersWithOwnPatient = usersWithOwnPatient;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().equals(request.getContextPath() + authorizationEndpoint);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        parameters.remove(LAUNCH_PATIENT);
        String[] picked = parameters.remove(PICKED);
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
        // Only the authorization request itself (not the consent form posted back to the same endpoint).
        if (!signedIn
                || !parameters.containsKey("response_type")
                || !asksForPatientContext(parameters)
                || usersWithOwnPatient.contains(user.getName())) {
            chain.doFilter(new RewrittenParameters(request, parameters), response);
            return;
        }
        String patient = picked == null ? null : takeChoice(request.getSession(false), picked[0]);
        if (patient == null) {
            response.sendRedirect(request.getContextPath() + PatientPickerServlet.PATH + "?"
                    + PatientPickerServlet.CONTINUE + "=" + encode(query(parameters)));
            return;
        }
        parameters.put(LAUNCH_PATIENT, new String[] {patient});
        chain.doFilter(new RewrittenParameters(request, parameters), response);
    }

    private static boolean asksForPatientContext(Map<String, String[]> parameters) {
        String[] scope = parameters.get("scope");
        return scope != null
                && Arrays.stream(scope)
                        .flatMap(s -> Arrays.stream(s.split(" ")))
                        .anyMatch("launch/patient"::equals);
    }

    /** Remembers a practitioner's choice in their session; returns its one-time handle. */
    @SuppressWarnings("unchecked")
    static String rememberChoice(HttpSession session, String patientId) {
        String handle = java.util.UUID.randomUUID().toString();
        synchronized (session) {
            Map<String, String> choices = (Map<String, String>) session.getAttribute(CHOICES);
            if (choices == null) {
                choices = new java.util.concurrent.ConcurrentHashMap<>();
                session.setAttribute(CHOICES, choices);
            }
            choices.put(handle, patientId);
        }
        return handle;
    }

    @SuppressWarnings("unchecked")
    private static String takeChoice(HttpSession session, String handle) {
        if (session == null) {
            return null;
        }
        Map<String, String> choices = (Map<String, String>) session.getAttribute(CHOICES);
        return choices == null ? null : choices.remove(handle);
    }

    static String query(Map<String, String[]> parameters) {
        return RewrittenParameters.query(parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
