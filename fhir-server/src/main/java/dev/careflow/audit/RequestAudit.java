package dev.careflow.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * What HAPI's BALP interceptor leaves out: operations ({@code $everything}, Careflow's own), which it does not audit,
 * and refused or failed requests (a 403 for another patient's record, a 422), which it never sees. Each gets an
 * AuditEvent in the BALP shape (type rest, the interaction as subtype, client and user agents from the token, the
 * resource and patient as entities) with the outcome and, for failures, the reason.
 *
 * <p>A transaction or batch gets one AuditEvent naming every resource it wrote and every patient concerned, where
 * BALP would store one per entry: a Synthea record of a thousand resources would otherwise cost a thousand more.
 */
@Interceptor
final class RequestAudit {

    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final Set<RestOperationTypeEnum> OPERATIONS = Set.of(
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

    private final IBalpAuditEventSink sink;
    private final IBalpAuditContextServices context;
    /** The BALP events of the transaction this thread is processing, merged when it is answered. */
    private final ThreadLocal<List<AuditEvent>> transaction = new ThreadLocal<>();

    RequestAudit(IBalpAuditEventSink sink, IBalpAuditContextServices context) {
        this.sink = sink;
        this.context = context;
    }

    /** The sink BALP writes to: straight through, except inside a transaction, whose events wait to be merged. */
    IBalpAuditEventSink transactionAware() {
        return event -> {
            List<AuditEvent> pending = transaction.get();
            if (pending != null) {
                pending.add(event);
            } else {
                sink.recordAuditEvent(event);
            }
        };
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void begin(RequestDetails request, RestOperationTypeEnum type) {
        if (type == RestOperationTypeEnum.TRANSACTION || type == RestOperationTypeEnum.BATCH) {
            transaction.set(new ArrayList<>());
        }
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean operationDone(RequestDetails request) {
        if (OPERATIONS.contains(request.getRestOperationType())) {
            sink.recordAuditEvent(event(request, AuditEventOutcome._0, null));
        }
        List<AuditEvent> pending = transaction.get();
        if (pending != null) {
            transaction.remove();
            if (!pending.isEmpty()) {
                sink.recordAuditEvent(merged(request, pending));
            }
        }
        return true;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void end() {
        transaction.remove();
    }

    /** One event for a whole transaction: BALP's first event's agents and source, every entity once. */
    static AuditEvent merged(RequestDetails request, List<AuditEvent> events) {
        AuditEvent merged = events.get(0).copy();
        merged.setSubtype(new ArrayList<>(List.of(interaction(request.getRestOperationType()))));
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

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException exception) {
        transaction.remove();
        if (request.getRestOperationType() != null
                && request.getRestOperationType() != RestOperationTypeEnum.METADATA) {
            AuditEventOutcome outcome = exception.getStatusCode() >= 500 ? AuditEventOutcome._8 : AuditEventOutcome._4;
            sink.recordAuditEvent(event(request, outcome, exception.getStatusCode() + " " + exception.getMessage()));
        }
        return true;
    }

    AuditEvent event(RequestDetails request, AuditEventOutcome outcome, String reason) {
        RestOperationTypeEnum type = request.getRestOperationType();
        AuditEvent event = new AuditEvent();
        event.setType(
                new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"));
        event.addSubtype(interaction(type));
        event.setAction(action(type));
        event.setRecorded(new Date());
        event.setOutcome(outcome);
        if (reason != null) {
            event.setOutcomeDesc(reason);
        }
        event.getSource().setObserver(new Reference().setDisplay(request.getFhirServerBase()));
        event.addAgent()
                .setType(new CodeableConcept(
                        new Coding("http://dicom.nema.org/resources/ontology/DCM", "110150", "Application")))
                .setWho(context.getAgentClientWho(request))
                .setRequestor(false)
                .getNetwork()
                .setAddress(context.getNetworkAddress(request))
                .setType(context.getNetworkAddressType(request));
        event.addAgent()
                .setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user")))
                .setWho(context.getAgentUserWho(request))
                .setRequestor(true);
        IIdType target = request.getId();
        AuditEvent.AuditEventEntityComponent entity = event.addEntity()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"));
        if (target != null && target.hasIdPart() && request.getResourceName() != null) {
            entity.setWhat(new Reference(request.getResourceName() + "/" + target.getIdPart()));
        }
        entity.setDescription(request.getCompleteUrl());
        if (request.getOperation() != null) {
            entity.addDetail()
                    .setType("operation")
                    .setValue(new org.hl7.fhir.r4.model.StringType(request.getOperation()));
        }
        if ("Patient".equals(request.getResourceName()) && target != null && target.hasIdPart()) {
            event.addEntity()
                    .setWhat(new Reference("Patient/" + target.getIdPart()))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        return event;
    }

    private static Coding interaction(RestOperationTypeEnum type) {
        if (OPERATIONS.contains(type)) {
            return new Coding(INTERACTION, "operation", "operation");
        }
        return new Coding(INTERACTION, type.getCode(), type.getCode());
    }

    private static AuditEventAction action(RestOperationTypeEnum type) {
        return switch (type) {
            case CREATE, TRANSACTION, BATCH -> AuditEventAction.C;
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> AuditEventAction.R;
            case UPDATE, PATCH -> AuditEventAction.U;
            case DELETE -> AuditEventAction.D;
            default -> AuditEventAction.E;
        };
    }
}
