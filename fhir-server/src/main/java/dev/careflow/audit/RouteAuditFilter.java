package dev.careflow.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The audit of Careflow's routes outside the FHIR endpoint ({@code POST /hl7v2}): placed in the security filter chain
 * after the token is read, so it sees the caller and the outcome, refusals included. Each message gets an AuditEvent
 * (type DICOM 110107 "Import", subtype {@code hl7v2}) naming the client, the message (MSH-10 control id, MSH-9 type)
 * and the outcome: 4 for a refused call or an AR/AE acknowledgement.
 */
public final class RouteAuditFilter extends OncePerRequestFilter {

    static final String SUBTYPE_SYSTEM = "https://careflow.dev/fhir/CodeSystem/audit-route";
    private static final Pattern MSH = Pattern.compile("MSH(.)([^\\r\\n]*)");
    private static final Pattern MSA = Pattern.compile("MSA(.)([A-Z]{2})");

    private final AuditTrail trail;

    /** Not a bean (Spring Boot would put it in front of every request): the security chain creates it. */
    public RouteAuditFilter(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI()
                .substring(request.getContextPath().length())
                .startsWith("/hl7v2");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingRequestWrapper in = new ContentCachingRequestWrapper(request, 1_000_000);
        ContentCachingResponseWrapper out = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(in, out);
        } finally {
            Map<String, Object> claims = AuditEvents.claims();
            if (!claims.isEmpty()) {
                trail.store(event(
                        request,
                        claims,
                        out.getStatus(),
                        new String(in.getContentAsByteArray(), StandardCharsets.UTF_8),
                        new String(out.getContentAsByteArray(), StandardCharsets.UTF_8)));
            }
            out.copyBodyToResponse();
        }
    }

    static AuditEvent event(
            HttpServletRequest request, Map<String, Object> claims, int status, String message, String ack) {
        AuditEvent event = AuditEvents.base(
                new Coding(AuditEvents.DICOM, "110107", "Import"),
                new Coding(SUBTYPE_SYSTEM, "hl7v2", "HL7 v2 message received"),
                AuditEventAction.C);
        String code = ackCode(ack);
        boolean refused =
                status >= 400 || "AR".equals(code) || "AE".equals(code) || "CR".equals(code) || "CE".equals(code);
        AuditEvents.outcome(
                event,
                status >= 500 ? AuditEventOutcome._8 : refused ? AuditEventOutcome._4 : AuditEventOutcome._0,
                refused ? status + (code == null ? "" : " " + code) : null);
        event.getSource()
                .setObserver(new Reference().setDisplay(request.getRequestURL().toString()));
        event.addAgent()
                .setType(new CodeableConcept(new Coding(AuditEvents.DICOM, "110150", "Application")))
                .setWho(AuditConfiguration.TokenContext.client(claims))
                .setRequestor(true)
                .getNetwork()
                .setAddress(request.getRemoteAddr())
                .setType(AuditEvent.AuditEventAgentNetworkType._2);
        Matcher header = MSH.matcher(message);
        AuditEvent.AuditEventEntityComponent entity = event.addEntity()
                .setType(new Coding(AuditEvents.ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(AuditEvents.OBJECT_ROLE, "4", "Domain Resource"));
        if (header.find()) {
            String[] fields = header.group(2).split(Pattern.quote(header.group(1)), -1);
            // fields[0] is MSH-2; MSH-n is fields[n - 2].
            String type = fields.length > 7 ? fields[7] : "";
            String control = fields.length > 8 ? fields[8] : "";
            entity.setWhat(new Reference()
                            .setIdentifier(new Identifier()
                                    .setSystem("urn:careflow:hl7v2:control-id")
                                    .setValue(control.isBlank() ? "(none)" : control)))
                    .setName(type)
                    .setDescription("HL7 v2 " + type);
        }
        return event;
    }

    private static String ackCode(String ack) {
        Matcher matcher = MSA.matcher(ack);
        return matcher.find() ? matcher.group(2) : null;
    }
}
