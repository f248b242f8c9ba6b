package dev.careflow.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** AuditEvents in the shape of IHE's Basic Audit Log Patterns, for what HAPI's BALP interceptor does not describe. */
final class AuditEvents {

    static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SECURITY_ROLE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
    private static final Set<RestOperationTypeEnum> OPERATIONS = Set.of(
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

    private final IBalpAuditContextServices context;

    AuditEvents(IBalpAuditContextServices context) {
        this.context = context;
    }

    /** The verified token of the request this thread serves, if any. */
    static Optional<JwtAuthenticationToken> caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt ? Optional.of(jwt) : Optional.empty();
    }

    static Map<String, Object> claims() {
        return caller().map(jwt -> jwt.getToken().getClaims()).orElse(Map.of());
    }

    /** A REST request's event: the interaction as subtype, the client and user from the token, the resource. */
    AuditEvent event(RequestDetails request, AuditEventOutcome outcome, String reason) {
        RestOperationTypeEnum type = request.getRestOperationType();
        AuditEvent event = base(new Coding(EVENT_TYPE, "rest", "Restful Operation"), interaction(type), action(type));
        outcome(event, outcome, reason);
        event.getSource().setObserver(new Reference().setDisplay(request.getFhirServerBase()));
        event.addAgent()
                .setType(new CodeableConcept(new Coding(DICOM, "110150", "Application")))
                .setWho(context.getAgentClientWho(request))
                .setRequestor(false)
                .getNetwork()
                .setAddress(context.getNetworkAddress(request))
                .setType(context.getNetworkAddressType(request));
        event.addAgent()
                .setType(new CodeableConcept(new Coding(SECURITY_ROLE, "humanuser", "human user")))
                .setWho(context.getAgentUserWho(request))
                .setRequestor(true);
        IIdType target = request.getId();
        AuditEvent.AuditEventEntityComponent entity = event.addEntity()
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        if (target != null && target.hasIdPart() && request.getResourceName() != null) {
            entity.setWhat(new Reference(request.getResourceName() + "/" + target.getIdPart()));
        }
        entity.setDescription(request.getCompleteUrl());
        if (request.getOperation() != null) {
            entity.addDetail().setType("operation").setValue(new StringType(request.getOperation()));
        }
        return event;
    }

    /** An event of the given type, subtype and action, recorded now. */
    static AuditEvent base(Coding type, Coding subtype, AuditEventAction action) {
        AuditEvent event = new AuditEvent();
        event.setType(type);
        event.addSubtype(subtype);
        event.setAction(action);
        event.setRecorded(new Date());
        return event;
    }

    static void outcome(AuditEvent event, AuditEventOutcome outcome, String reason) {
        event.setOutcome(outcome);
        if (reason != null) {
            event.setOutcomeDesc(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        }
    }

    /** Names a patient the event concerns (once). */
    static void addPatient(AuditEvent event, String patient) {
        boolean named = event.getEntity().stream()
                .anyMatch(e -> patient.equals(e.getWhat().getReference())
                        && "1".equals(e.getRole().getCode()));
        if (!named) {
            event.addEntity()
                    .setWhat(new Reference(patient))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
    }

    /**
     * References as this server's own, relative and versionless ({@code Task/1}), as HAPI's BALP writes them absolute
     * ({@code http://host/fhir/Task/1/_history/2}): an absolute reference to ourselves is stored as an external link,
     * and searching the audit by {@code entity=Task/1} would not find it.
     */
    static AuditEvent localised(AuditEvent event, String serverBase) {
        event.getEntity().forEach(entity -> localise(entity.getWhat(), serverBase));
        event.getAgent().forEach(agent -> localise(agent.getWho(), serverBase));
        return event;
    }

    private static void localise(Reference reference, String serverBase) {
        if (reference == null || !reference.hasReference()) {
            return;
        }
        String value = reference.getReference();
        if (value.startsWith("#")) {
            // A resource contained in the one audited (BALP names a contained patient so): it has no identity outside
            // that resource, and as a reference the event could not even be encoded. Kept as text.
            reference.setReference(null);
            if (!reference.hasDisplay()) {
                reference.setDisplay("contained resource " + value);
            }
            return;
        }
        String base = serverBase == null ? "" : serverBase.endsWith("/") ? serverBase : serverBase + "/";
        if (!base.isEmpty() && value.startsWith(base)) {
            value = value.substring(base.length());
        }
        int history = value.indexOf("/_history/");
        if (history > 0 && !value.contains("://")) {
            value = value.substring(0, history);
        }
        reference.setReference(value);
    }

    /** One event for a whole transaction: BALP's first event's agents and source, every entity once. */
    static AuditEvent merged(RestOperationTypeEnum type, List<AuditEvent> events) {
        AuditEvent merged = events.get(0).copy();
        merged.setSubtype(new ArrayList<>(List.of(interaction(type))));
        merged.setAction(AuditEventAction.C);
        merged.setRecorded(new Date());
        merged.setEntity(new ArrayList<>());
        Set<String> seen = new HashSet<>();
        for (AuditEvent event : events) {
            for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
                String key =
                        entity.getWhat().getReference() + "|" + entity.getRole().getCode();
                if (seen.add(key)) {
                    merged.addEntity(entity.copy());
                }
            }
        }
        return merged;
    }

    static Coding interaction(RestOperationTypeEnum type) {
        if (type == null) {
            return new Coding(INTERACTION, "operation", "operation");
        }
        if (OPERATIONS.contains(type)) {
            return new Coding(INTERACTION, "operation", "operation");
        }
        return new Coding(INTERACTION, type.getCode(), type.getCode());
    }

    static AuditEventAction action(RestOperationTypeEnum type) {
        if (type == null) {
            return AuditEventAction.E;
        }
        return switch (type) {
            case CREATE, TRANSACTION, BATCH -> AuditEventAction.C;
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> AuditEventAction.R;
            case UPDATE, PATCH -> AuditEventAction.U;
            case DELETE -> AuditEventAction.D;
            default -> AuditEventAction.E;
        };
    }
}
