package dev.careflow.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import dev.careflow.platform.CareflowRequestInterceptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;

/**
 * The audit of every client request (when requests carry tokens): HAPI's BALP interceptor describes reads, searches
 * and writes; this adds what it leaves out and stores them all before the answer goes out ({@link AuditTrail}).
 *
 * <ul>
 *   <li>Operations ({@code $everything}, Careflow's own), which BALP does not audit, with every patient whose data the
 *       answer carries.
 *   <li>Refused or failed requests (a 403 for another patient's record, a 422), which BALP never sees, naming the
 *       resource and the patient refused; the success events BALP may have noted before the refusal are dropped.
 *   <li>A transaction or batch as one AuditEvent naming every resource it wrote and every patient concerned, where BALP
 *       would store one per entry.
 * </ul>
 */
@Interceptor
final class RequestAudit implements CareflowRequestInterceptor {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RequestAudit.class);

    private static final Set<RestOperationTypeEnum> OPERATIONS = Set.of(
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);
    private static final List<String> PATIENT_PARAMETERS = List.of("patient", "subject", "for", "_id");

    private final AuditTrail trail;
    private final AuditEvents events;
    private final FhirContext fhir;
    private final IBalpAuditContextServices context;
    private final IRepository repository;
    /** The events of the request this thread is serving, stored when it is answered. */
    private final ThreadLocal<List<AuditEvent>> pending = new ThreadLocal<>();

    RequestAudit(AuditTrail trail, IBalpAuditContextServices context, FhirContext fhir, IRepository repository) {
        this.trail = trail;
        this.context = context;
        this.events = new AuditEvents(context);
        this.fhir = fhir;
        this.repository = repository;
    }

    /** Who is calling, for BALP's events and this one's alike. */
    IBalpAuditContextServices context() {
        return context;
    }

    /** The sink BALP writes to: the request's pending events. */
    IBalpAuditEventSink sink() {
        return event -> {
            List<AuditEvent> list = pending.get();
            if (list != null) {
                list.add(event);
            }
        };
    }

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -1000)
    public void begin(RequestDetails request, RestOperationTypeEnum type) {
        if (AuditEvents.caller().isPresent()) {
            pending.set(new ArrayList<>());
        } else {
            pending.remove();
        }
    }

    /** After the authorization checks of the response (order), before the response is written. */
    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1000)
    public boolean answered(RequestDetails request, ResponseDetails response) {
        flush(request, response == null ? null : response.getResponseResource());
        return true;
    }

    /** For answers that do not pass {@link Pointcut#SERVER_OUTGOING_RESPONSE}. */
    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
    public void completed(RequestDetails request) {
        flush(request, null);
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void end() {
        pending.remove();
    }

    private void flush(RequestDetails request, IBaseResource answer) {
        List<AuditEvent> list = pending.get();
        if (list == null) {
            return;
        }
        pending.remove();
        RestOperationTypeEnum type = request.getRestOperationType();
        List<AuditEvent> toStore = new ArrayList<>();
        if ((type == RestOperationTypeEnum.TRANSACTION || type == RestOperationTypeEnum.BATCH) && !list.isEmpty()) {
            toStore.add(AuditEvents.merged(type, list));
        } else {
            toStore.addAll(list);
        }
        if (OPERATIONS.contains(type)) {
            AuditEvent operation = events.event(request, AuditEventOutcome._0, null);
            patientsIn(answer).forEach(patient -> AuditEvents.addPatient(operation, patient));
            toStore.add(operation);
        }
        toStore.forEach(event -> AuditEvents.localised(event, request.getFhirServerBase()));
        trail.store(toStore);
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException exception) {
        pending.remove();
        // A refusal may come before this request's audit began (an authorization rule checked on arrival).
        if (AuditEvents.caller().isEmpty()
                || request.getRestOperationType() == null
                || request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
            return true;
        }
        AuditEventOutcome outcome = exception.getStatusCode() >= 500 ? AuditEventOutcome._8 : AuditEventOutcome._4;
        AuditEvent event = events.event(request, outcome, exception.getStatusCode() + " " + exception.getMessage());
        patientsConcerned(request).forEach(patient -> AuditEvents.addPatient(event, patient));
        try {
            trail.store(AuditEvents.localised(event, request.getFhirServerBase()));
        } catch (RuntimeException unstored) {
            // The request fails anyway; its answer (an error) goes out, the failure to audit it is logged.
            log.error("The audit of a failed request could not be stored: {}", unstored.getMessage());
        }
        return true;
    }

    /** The patients a refused or failed request was about: the resource's own, and any named in its parameters. */
    private Set<String> patientsConcerned(RequestDetails request) {
        Set<String> patients = new LinkedHashSet<>();
        IIdType id = request.getId();
        if (request.getResourceName() != null && id != null && id.hasIdPart()) {
            if ("Patient".equals(request.getResourceName())) {
                patients.add("Patient/" + id.getIdPart());
            } else {
                AuditTrail.stored(repository, request.getResourceName() + "/" + id.getIdPart())
                        .ifPresent(stored -> patients.addAll(patientsOf(stored)));
            }
        }
        for (String name : PATIENT_PARAMETERS) {
            String[] values = request.getParameters().get(name);
            if (values == null) {
                continue;
            }
            Arrays.stream(values)
                    .flatMap(v -> Arrays.stream(v.split(",")))
                    .map(String::trim)
                    .filter(v -> v.startsWith("Patient/")
                            || ("Patient".equals(request.getResourceName()) && "_id".equals(name) && !v.isEmpty()))
                    .map(v -> v.startsWith("Patient/") ? v : "Patient/" + v)
                    .forEach(patients::add);
        }
        return patients;
    }

    /** The patients whose data an operation's answer carries. */
    private Set<String> patientsIn(IBaseResource answer) {
        Set<String> patients = new LinkedHashSet<>();
        if (answer == null) {
            return patients;
        }
        if (answer instanceof org.hl7.fhir.r4.model.Bundle bundle) {
            bundle.getEntry().stream()
                    .filter(e -> e.hasResource())
                    .forEach(e -> patients.addAll(patientsOf(e.getResource())));
        } else if (answer instanceof org.hl7.fhir.r4.model.Parameters parameters) {
            parameters.getParameter().stream()
                    .filter(p -> p.hasResource())
                    .forEach(p -> patients.addAll(patientsIn(p.getResource())));
        } else {
            patients.addAll(patientsOf(answer));
        }
        return patients;
    }

    private Set<String> patientsOf(IBaseResource resource) {
        Set<String> patients = new HashSet<>();
        String type = fhir.getResourceType(resource);
        if ("Patient".equals(type) && resource.getIdElement().hasIdPart()) {
            patients.add("Patient/" + resource.getIdElement().getIdPart());
            return patients;
        }
        if (resource instanceof org.hl7.fhir.r4.model.Bundle bundle) {
            return patientsIn(bundle);
        }
        try {
            fhir.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.<String>of()).stream()
                    .filter(id -> id.hasIdPart())
                    .forEach(id -> patients.add("Patient/" + id.getIdPart()));
        } catch (RuntimeException notInTheCompartment) {
            // A type outside the Patient compartment.
        }
        if (resource instanceof org.hl7.fhir.r4.model.Task task
                && task.getFor().getReferenceElement().getResourceType() != null
                && "Patient".equals(task.getFor().getReferenceElement().getResourceType())) {
            patients.add("Patient/" + task.getFor().getReferenceElement().getIdPart());
        }
        return patients;
    }
}
