package dev.careflow.transitions.internal.v2;

import static dev.careflow.transitions.internal.v2.V2Fields.*;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import dev.careflow.transitions.NotificationEvent;
import dev.careflow.vocabulary.CodeSystems;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

/**
 * An HL7 v2 ADT message (the {@link #TRIGGERS}; v2.3 to v2.5.1)
 * as a FHIR message Bundle shaped like a
 * Da Vinci notification, so that v2 and FHIR notifications go through one pipeline. The field mappings follow the
 * HL7 v2-to-FHIR IG: PID → Patient, PV1 → Encounter (with its attending Practitioner, Location and the sending
 * facility as service provider), DG1 → Condition (encounter diagnosis), IN1 → Coverage, MSH-10 → Bundle.identifier.
 */
public final class AdtToFhirMapper {

    static final String CONTROL_ID = "urn:careflow:v2:control-id:";

    /**
     * The ADT trigger events Careflow takes. A02 (transfer) and A07 (inpatient to outpatient) move the encounter
     * (location, class) and are transfers; A04 (registration) and A06 (outpatient to inpatient) are admissions; A08
     * updates what it carries; A11 and A13 withdraw an admission or a discharge.
     */
    public static final Map<String, String> TRIGGERS =
            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Map.ofEntries(
                    Map.entry("A01", "admit"),
                    Map.entry("A02", "transfer"),
                    Map.entry("A03", "discharge"),
                    Map.entry("A04", "register"),
                    Map.entry("A06", "outpatient to inpatient"),
                    Map.entry("A07", "inpatient to outpatient"),
                    Map.entry("A08", "update"),
                    Map.entry("A11", "cancel admit"),
                    Map.entry("A13", "cancel discharge"),
                    Map.entry("A34", "merge patient information, patient id only"),
                    Map.entry("A40", "merge patient"))));

    /** The merges ({@link #toMerge}): A40, and A34 (patient identifier list only) handled the same way. */
    public static final java.util.Set<String> MERGES = java.util.Set.of("A34", "A40");

    /** Why a trigger event is refused, naming those that are taken. */
    public static String unsupported(String trigger) {
        return "Unsupported trigger event ADT^" + trigger + ": Careflow takes "
                + new java.util.TreeMap<>(TRIGGERS)
                        .entrySet().stream()
                                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                                .collect(java.util.stream.Collectors.joining(", "));
    }

    private final ZoneId defaultZone;

    public AdtToFhirMapper(ZoneId defaultZone) {
        this.defaultZone = defaultZone;
    }

    public Bundle toNotification(Message message) {
        try {
            return map(message);
        } catch (HL7Exception e) {
            throw new AdtMappingException(
                    ErrorCode.DATA_TYPE_ERROR, "The message could not be read: " + e.getMessage(), e);
        }
    }

    private Bundle map(Message message) throws HL7Exception {
        Segment msh = first(message, "MSH");
        String trigger = checkedTrigger(msh);
        String controlId = get(msh, 10, 1);
        if (controlId == null) {
            throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is empty");
        }
        Segment pid = required(message, "PID");
        Segment pv1 = required(message, "PV1");
        String facility = firstNonBlank(get(msh, 4, 1), get(msh, 4, 2), "unknown-facility");

        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.getIdentifier().setSystem(CONTROL_ID + facility).setValue(controlId);
        bundle.setTimestampElement(eventTime(msh, first(message, "EVN")));
        Patient patient = PidMapper.patient(pid, defaultZone);
        Encounter encounter = Pv1Mapper.encounter(trigger, pv1, defaultZone);
        MessageHeader header = header(msh, trigger, pv1, facility);

        List<Bundle.BundleEntryComponent> entries = new ArrayList<>();
        String headerUrl = add(entries, header);
        String encounterUrl = add(entries, encounter);
        String patientUrl = add(entries, patient);
        String organizationUrl = add(entries, organization(msh, facility));
        header.addFocus(new Reference(encounterUrl));
        header.setSender(new Reference(organizationUrl));
        encounter.setSubject(new Reference(patientUrl));
        encounter.setServiceProvider(new Reference(organizationUrl));
        addAttendingAndLocation(encounter, pv1, facility, organizationUrl, entries);
        for (Segment dg1 : all(message, "DG1")) {
            Condition condition = Dg1In1Mapper.condition(dg1);
            if (condition != null) {
                condition.setSubject(new Reference(patientUrl));
                condition.setEncounter(new Reference(encounterUrl));
                add(entries, condition);
            }
        }
        Dg1In1Mapper.insurance(message, patientUrl, entries);
        header.setIdElement(new org.hl7.fhir.r4.model.IdType(headerUrl.substring("urn:uuid:".length())));
        bundle.getEntry().addAll(entries);
        return bundle;
    }

    /** MSH-9: an ADT message of a trigger event Careflow takes as a notification. */
    private static String checkedTrigger(Segment msh) throws HL7Exception {
        if (msh == null) {
            throw new AdtMappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, "The message has no MSH segment");
        }
        String type = get(msh, 9, 1);
        String trigger = get(msh, 9, 2);
        if (!"ADT".equals(type)) {
            throw new AdtMappingException(
                    ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "Not an ADT message: MSH-9 is " + type + "^" + trigger);
        }
        if (!TRIGGERS.containsKey(trigger)) {
            throw new AdtMappingException(ErrorCode.UNSUPPORTED_EVENT_CODE, unsupported(trigger));
        }
        if (MERGES.contains(trigger)) {
            throw new AdtMappingException(
                    ErrorCode.UNSUPPORTED_EVENT_CODE,
                    "ADT^" + trigger + " is a patient merge (toMerge), not an encounter notification");
        }
        return trigger;
    }

    private static Segment required(Message message, String name) throws HL7Exception {
        Segment segment = first(message, name);
        if (segment == null) {
            throw new AdtMappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, "The message has no " + name + " segment");
        }
        return segment;
    }

    /** The sending facility (MSH-4) as an Organization: its ISO OID, else its name in the facility namespace. */
    private static Organization organization(Segment msh, String facility) throws HL7Exception {
        Organization organization = new Organization();
        organization.setName(facility);
        if (get(msh, 4, 2) != null && "ISO".equals(get(msh, 4, 3))) {
            organization.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:" + get(msh, 4, 2));
        } else {
            organization.addIdentifier().setSystem(AUTHORITY + "facility").setValue(facility);
        }
        return organization;
    }

    /** The notification's MessageHeader: its event (a discharge, a transfer, else an admission), the trigger as reason. */
    private static MessageHeader header(Segment msh, String trigger, Segment pv1, String facility) throws HL7Exception {
        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        boolean discharged = "A03".equals(trigger) || ("A08".equals(trigger) && get(pv1, 45, 1) != null);
        NotificationEvent event = discharged
                ? NotificationEvent.DISCHARGE
                : "A02".equals(trigger) || "A07".equals(trigger) ? NotificationEvent.TRANSFER : NotificationEvent.ADMIT;
        header.setEvent(new Coding(NotificationEvent.SYSTEM, event.code(), null));
        header.setReason(new CodeableConcept(new Coding(CodeSystems.V2_0003, trigger, null)));
        header.getSource()
                .setName(firstNonBlank(get(msh, 3, 1), "HL7 v2 sender"))
                .setEndpoint("urn:careflow:v2:" + firstNonBlank(get(msh, 3, 1), "sender") + ":" + facility);
        return header;
    }

    /** PV1-7 and PV1-3: the attending Practitioner and the Location, or their clearing ({@code ""}). */
    private static void addAttendingAndLocation(
            Encounter encounter,
            Segment pv1,
            String facility,
            String organizationUrl,
            List<Bundle.BundleEntryComponent> entries)
            throws HL7Exception {
        if (cleared(pv1, 7)) {
            markCleared(encounter, "participant");
        }
        if (cleared(pv1, 3)) {
            markCleared(encounter, "location");
        }
        Practitioner attending = cleared(pv1, 7) ? null : Pv1Mapper.practitioner(pv1);
        if (attending != null) {
            String url = add(entries, attending);
            encounter
                    .addParticipant()
                    .addType(new CodeableConcept(new Coding(Pv1Mapper.PARTICIPATION_TYPE, "ATND", "attender")))
                    .setIndividual(new Reference(url));
        }
        Location location = cleared(pv1, 3) ? null : Pv1Mapper.location(pv1, facility, organizationUrl);
        if (location != null) {
            encounter.addLocation().setLocation(new Reference(add(entries, location)));
        }
    }

    /**
     * When the event happened, which orders notifications about one encounter: EVN-6 (event occurred), else EVN-2
     * (recorded), else MSH-7 (message sent); now when none has a time of day.
     */
    private InstantType eventTime(Segment msh, Segment evn) throws HL7Exception {
        String[][] candidates = {
            {evn == null ? null : get(evn, 6, 1), "EVN-6"},
            {evn == null ? null : get(evn, 2, 1), "EVN-2"},
            {get(msh, 7, 1), "MSH-7"}
        };
        for (String[] candidate : candidates) {
            String time = Hl7Time.toFhir(candidate[0], defaultZone, candidate[1]);
            if (time != null && time.length() > 10) {
                return new InstantType(time);
            }
        }
        return InstantType.now();
    }

    /**
     * An A40 (merge patient) or A34 (merge patient information, patient id only): the surviving patient's identifiers
     * (PID-3) and the prior patient's (MRG-1).
     *
     * @param surviving the record that stays
     * @param prior the record merged into it
     */
    public record PatientMerge(List<Identifier> surviving, List<Identifier> prior) {}

    public PatientMerge toMerge(Message message) {
        try {
            Segment pid = first(message, "PID");
            Segment mrg = first(message, "MRG");
            if (pid == null || mrg == null) {
                throw new AdtMappingException(
                        ErrorCode.SEGMENT_SEQUENCE_ERROR, "A merge (A34, A40) needs a PID and an MRG segment");
            }
            List<Identifier> surviving = identifiers(pid, 3);
            List<Identifier> prior = identifiers(mrg, 1);
            if (surviving.isEmpty()) {
                throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "PID-3 has no identifier");
            }
            if (prior.isEmpty()) {
                throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "MRG-1 has no identifier");
            }
            return new PatientMerge(surviving, prior);
        } catch (HL7Exception e) {
            throw new AdtMappingException(
                    ErrorCode.DATA_TYPE_ERROR, "The message could not be read: " + e.getMessage(), e);
        }
    }
}
