package dev.careflow.transitions.internal.v2;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;
import dev.careflow.transitions.NotificationEvent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * An HL7 v2 ADT message (the {@link #TRIGGERS}; v2.3 to v2.5.1)
 * as a FHIR message Bundle shaped like a
 * Da Vinci notification, so that v2 and FHIR notifications go through one pipeline. The field mappings follow the
 * HL7 v2-to-FHIR IG: PID → Patient, PV1 → Encounter (with its attending Practitioner, Location and the sending
 * facility as service provider), DG1 → Condition (encounter diagnosis), IN1 → Coverage, MSH-10 → Bundle.identifier.
 */
public final class AdtToFhirMapper {

    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String V2_0004 = "http://terminology.hl7.org/CodeSystem/v2-0004";
    static final String V2_0023 = "http://terminology.hl7.org/CodeSystem/v2-0023";
    static final String V2_0112 = "http://terminology.hl7.org/CodeSystem/v2-0112";
    static final String V2_0003 = "http://terminology.hl7.org/CodeSystem/v2-0003";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String ACT_PRIORITY = "http://terminology.hl7.org/CodeSystem/v3-ActPriority";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String AUTHORITY = "urn:careflow:v2:assigning-authority:";
    static final String CONTROL_ID = "urn:careflow:v2:control-id:";

    /**
     * PV1-2 patient class to v3 ActCode, per the v2-to-FHIR ConceptMap table-hl70004-to-v3-actcode: only E, I, O and P
     * have an ActCode; the others (R recurring, B obstetrics, C commercial account, N not applicable, U unknown, and
     * local codes) stay v2-0004 codes, which are never inpatient and never start TCM.
     */
    private static final Map<String, String> PATIENT_CLASS = Map.of("E", "EMER", "I", "IMP", "O", "AMB", "P", "PRENC");

    /** The codes of HL7 table 0004; a sender's local patient class gets a code system of its own. */
    private static final java.util.Set<String> TABLE_0004 =
            java.util.Set.of("B", "C", "E", "I", "N", "O", "P", "R", "U");

    static final String LOCAL_PATIENT_CLASS = "urn:careflow:v2:local-code:patient-class";

    /** The HL7 v2 "delete" value: a field sent as two double quotes clears what is stored. */
    static final String CLEAR = "\"\"";

    /**
     * The ADT trigger events Careflow takes. A02 (transfer) and A07 (inpatient to outpatient) move the encounter
     * (location, class) and are transfers; A04 (registration) and A06 (outpatient to inpatient) are admissions; A08
     * updates what it carries; A11 and A13 withdraw an admission or a discharge.
     */
    public static final Map<String, String> TRIGGERS =
            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Map.of(
                    "A01", "admit",
                    "A02", "transfer",
                    "A03", "discharge",
                    "A04", "register",
                    "A06", "outpatient to inpatient",
                    "A07", "inpatient to outpatient",
                    "A08", "update",
                    "A11", "cancel admit",
                    "A13", "cancel discharge",
                    "A40", "merge patient")));

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
        if ("A40".equals(trigger)) {
            throw new AdtMappingException(
                    ErrorCode.UNSUPPORTED_EVENT_CODE,
                    "ADT^A40 is a patient merge (toMerge), not an encounter notification");
        }
        String controlId = get(msh, 10, 1);
        if (controlId == null) {
            throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is empty");
        }
        Segment pid = first(message, "PID");
        if (pid == null) {
            throw new AdtMappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, "The message has no PID segment");
        }
        Segment pv1 = first(message, "PV1");
        if (pv1 == null) {
            throw new AdtMappingException(ErrorCode.SEGMENT_SEQUENCE_ERROR, "The message has no PV1 segment");
        }
        String facility = firstNonBlank(get(msh, 4, 1), get(msh, 4, 2), "unknown-facility");

        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.getIdentifier().setSystem(CONTROL_ID + facility).setValue(controlId);
        bundle.setTimestampElement(eventTime(msh, first(message, "EVN")));

        Organization organization = new Organization();
        organization.setName(facility);
        if (get(msh, 4, 2) != null && "ISO".equals(get(msh, 4, 3))) {
            organization.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:" + get(msh, 4, 2));
        } else {
            organization.addIdentifier().setSystem(AUTHORITY + "facility").setValue(facility);
        }
        Patient patient = patient(pid);
        Encounter encounter = encounter(trigger, pv1);

        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        boolean discharged = "A03".equals(trigger) || ("A08".equals(trigger) && get(pv1, 45, 1) != null);
        NotificationEvent event = discharged
                ? NotificationEvent.DISCHARGE
                : "A02".equals(trigger) || "A07".equals(trigger) ? NotificationEvent.TRANSFER : NotificationEvent.ADMIT;
        header.setEvent(new Coding(NotificationEvent.SYSTEM, event.code(), null));
        header.setReason(new CodeableConcept(new Coding(V2_0003, trigger, null)));
        header.getSource()
                .setName(firstNonBlank(get(msh, 3, 1), "HL7 v2 sender"))
                .setEndpoint("urn:careflow:v2:" + firstNonBlank(get(msh, 3, 1), "sender") + ":" + facility);

        List<Bundle.BundleEntryComponent> entries = new ArrayList<>();
        String headerUrl = add(entries, header);
        String encounterUrl = add(entries, encounter);
        String patientUrl = add(entries, patient);
        String organizationUrl = add(entries, organization);
        header.addFocus(new Reference(encounterUrl));
        header.setSender(new Reference(organizationUrl));
        encounter.setSubject(new Reference(patientUrl));
        encounter.setServiceProvider(new Reference(organizationUrl));

        if (cleared(pv1, 7)) {
            markCleared(encounter, "participant");
        }
        if (cleared(pv1, 3)) {
            markCleared(encounter, "location");
        }
        Practitioner attending = cleared(pv1, 7) ? null : practitioner(pv1);
        if (attending != null) {
            String url = add(entries, attending);
            encounter
                    .addParticipant()
                    .addType(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND", "attender")))
                    .setIndividual(new Reference(url));
        }
        Location location = cleared(pv1, 3) ? null : location(pv1, facility, organizationUrl);
        if (location != null) {
            encounter.addLocation().setLocation(new Reference(add(entries, location)));
        }
        for (Segment dg1 : all(message, "DG1")) {
            Condition condition = condition(dg1);
            if (condition != null) {
                condition.setSubject(new Reference(patientUrl));
                condition.setEncounter(new Reference(encounterUrl));
                add(entries, condition);
            }
        }
        for (Segment in1 : all(message, "IN1")) {
            Organization payor = new Organization();
            payor.setName(firstNonBlank(get(in1, 4, 1), get(in1, 3, 1), "Unknown payer"));
            if (get(in1, 3, 1) != null) {
                payor.addIdentifier().setSystem(AUTHORITY + "payer").setValue(get(in1, 3, 1));
            }
            String payorUrl = add(entries, payor);
            Coverage coverage = new Coverage();
            coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
            coverage.setBeneficiary(new Reference(patientUrl));
            coverage.addPayor(new Reference(payorUrl));
            if (get(in1, 36, 1) != null) {
                coverage.setSubscriberId(get(in1, 36, 1));
            }
            if (get(in1, 2, 1) != null) {
                coverage.addClass_()
                        .setType(new CodeableConcept(
                                new Coding("http://terminology.hl7.org/CodeSystem/coverage-class", "plan", "Plan")))
                        .setValue(get(in1, 2, 1));
            }
            add(entries, coverage);
        }
        header.setIdElement(new org.hl7.fhir.r4.model.IdType(headerUrl.substring("urn:uuid:".length())));
        bundle.getEntry().addAll(entries);
        return bundle;
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

    /** Whether a field was sent as {@code ""}: the sender clears it. */
    private static boolean cleared(Segment segment, int field) throws HL7Exception {
        return segment.getField(field).length > 0 && CLEAR.equals(Terser.get(segment, field, 0, 1, 1));
    }

    /** Marks a top-level element the sender cleared, for the update of what is stored. */
    private static void markCleared(org.hl7.fhir.r4.model.DomainResource resource, String element) {
        resource.addExtension(
                dev.careflow.transitions.internal.StoredStateMerge.CLEARED_EXTENSION,
                new org.hl7.fhir.r4.model.CodeType(element));
    }

    private Patient patient(Segment pid) throws HL7Exception {
        Patient patient = new Patient();
        patient.getIdentifier().addAll(identifiers(pid, 3));
        if (patient.getIdentifier().isEmpty()) {
            throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "PID-3 has no identifier");
        }
        for (int rep = 0; rep < pid.getField(5).length; rep++) {
            String family = Terser.get(pid, 5, rep, 1, 1);
            String given = Terser.get(pid, 5, rep, 2, 1);
            if (family == null && given == null) {
                continue;
            }
            HumanName name = patient.addName().setFamily(family);
            if (given != null) {
                name.addGiven(given);
            }
            String middle = Terser.get(pid, 5, rep, 3, 1);
            if (middle != null) {
                name.addGiven(middle);
            }
        }
        String birth = Hl7Time.toFhir(get(pid, 7, 1), defaultZone, "PID-7");
        if (birth != null) {
            patient.setBirthDateElement(new DateType(birth.substring(0, Math.min(10, birth.length()))));
        }
        String sex = get(pid, 8, 1);
        if (sex != null) {
            patient.setGender(
                    switch (sex) {
                        case "M" -> Enumerations.AdministrativeGender.MALE;
                        case "F" -> Enumerations.AdministrativeGender.FEMALE;
                        case "O", "A", "N" -> Enumerations.AdministrativeGender.OTHER;
                        default -> Enumerations.AdministrativeGender.UNKNOWN;
                    });
        }
        if (cleared(pid, 11)) {
            markCleared(patient, "address");
        }
        if (cleared(pid, 13)) {
            markCleared(patient, "telecom");
        }
        for (int rep = 0; rep < pid.getField(11).length && !cleared(pid, 11); rep++) {
            String line = Terser.get(pid, 11, rep, 1, 1);
            String city = Terser.get(pid, 11, rep, 3, 1);
            if (line == null && city == null) {
                continue;
            }
            Address address = patient.addAddress().setCity(city);
            if (line != null) {
                address.addLine(line);
            }
            address.setState(Terser.get(pid, 11, rep, 4, 1))
                    .setPostalCode(Terser.get(pid, 11, rep, 5, 1))
                    .setCountry(Terser.get(pid, 11, rep, 6, 1));
        }
        if (!cleared(pid, 13)) {
            addPhones(patient, pid, 13, ContactPoint.ContactPointUse.HOME);
        }
        addPhones(patient, pid, 14, ContactPoint.ContactPointUse.WORK);
        return patient;
    }

    /** A CX list (PID-3, MRG-1) as identifiers: the assigning authority (an ISO OID, else its name) is the system. */
    private static List<Identifier> identifiers(Segment segment, int field) throws HL7Exception {
        List<Identifier> identifiers = new ArrayList<>();
        for (int rep = 0; rep < segment.getField(field).length; rep++) {
            String value = Terser.get(segment, field, rep, 1, 1);
            if (value == null) {
                continue;
            }
            Identifier identifier = new Identifier().setValue(value);
            String namespace = Terser.get(segment, field, rep, 4, 1);
            String universal = Terser.get(segment, field, rep, 4, 2);
            String universalType = Terser.get(segment, field, rep, 4, 3);
            identifier.setSystem(
                    universal != null && "ISO".equals(universalType)
                            ? "urn:oid:" + universal
                            : authority(firstNonBlank(namespace, universal, "unknown")));
            String typeCode = Terser.get(segment, field, rep, 5, 1);
            if (typeCode != null) {
                identifier.setType(new CodeableConcept(new Coding(V2_0203, typeCode, null)));
            }
            identifiers.add(identifier);
        }
        return identifiers;
    }

    /**
     * An A40 (merge patient): the surviving patient's identifiers (PID-3) and the prior patient's (MRG-1).
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
                        ErrorCode.SEGMENT_SEQUENCE_ERROR, "An A40 merge needs a PID and an MRG segment");
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

    private static void addPhones(Patient patient, Segment pid, int field, ContactPoint.ContactPointUse use)
            throws HL7Exception {
        for (int rep = 0; rep < pid.getField(field).length; rep++) {
            String number = firstNonBlank(Terser.get(pid, field, rep, 1, 1), Terser.get(pid, field, rep, 12, 1));
            String area = Terser.get(pid, field, rep, 6, 1);
            String local = Terser.get(pid, field, rep, 7, 1);
            if (number == null && local != null) {
                number = (area == null ? "" : "(" + area + ") ") + local;
            }
            if (number != null) {
                patient.addTelecom()
                        .setSystem(ContactPoint.ContactPointSystem.PHONE)
                        .setValue(number)
                        .setUse(use);
            }
        }
    }

    private Encounter encounter(String trigger, Segment pv1) throws HL7Exception {
        Encounter encounter = new Encounter();
        String admitted = Hl7Time.toFhir(get(pv1, 44, 1), defaultZone, "PV1-44 admit time");
        boolean cancelled = "A11".equals(trigger) || "A13".equals(trigger);
        // A cancel admit or cancel discharge may repeat PV1-45; the discharge it withdraws is not a discharge.
        String discharged = cancelled ? null : Hl7Time.toFhir(get(pv1, 45, 1), defaultZone, "PV1-45 discharge time");
        if ("A03".equals(trigger) && discharged == null) {
            throw new AdtMappingException(
                    ErrorCode.REQUIRED_FIELD_MISSING, "PV1-45 (discharge date/time) is empty in an A03 discharge");
        }
        encounter.setStatus(
                "A11".equals(trigger)
                        ? Encounter.EncounterStatus.CANCELLED
                        : "A03".equals(trigger) || discharged != null
                                ? Encounter.EncounterStatus.FINISHED
                                : Encounter.EncounterStatus.INPROGRESS);
        String patientClass = get(pv1, 2, 1);
        if (patientClass == null) {
            throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "PV1-2 (patient class) is empty");
        }
        String actCode = PATIENT_CLASS.get(patientClass);
        encounter.setClass_(
                actCode != null
                        ? new Coding(ACT_CODE, actCode, null)
                        : new Coding(
                                TABLE_0004.contains(patientClass) ? V2_0004 : LOCAL_PATIENT_CLASS, patientClass, null));
        String visit = get(pv1, 19, 1);
        if (visit != null) {
            String authority = firstNonBlank(get(pv1, 19, 4), "visit");
            encounter
                    .addIdentifier()
                    .setSystem(authority(authority) + ":visit")
                    .setValue(visit)
                    .setType(new CodeableConcept(new Coding(V2_0203, "VN", "Visit number")));
        }
        if (admitted != null) {
            encounter.getPeriod().setStartElement(new DateTimeType(admitted));
        }
        if (discharged != null) {
            encounter.getPeriod().setEndElement(new DateTimeType(discharged));
        }
        String admissionType = get(pv1, 4, 1);
        if (admissionType != null) {
            encounter.setPriority(new CodeableConcept(
                    "E".equals(admissionType)
                            ? new Coding(ACT_PRIORITY, "EM", "emergency")
                            : new Coding(ACT_PRIORITY, "R", "routine")));
        }
        String admitSource = get(pv1, 14, 1);
        if (admitSource != null) {
            encounter.getHospitalization().setAdmitSource(new CodeableConcept(new Coding(V2_0023, admitSource, null)));
        }
        String disposition = get(pv1, 36, 1);
        if (disposition != null) {
            encounter
                    .getHospitalization()
                    .setDischargeDisposition(new CodeableConcept(new Coding(V2_0112, disposition, null)));
        }
        return encounter;
    }

    private static Practitioner practitioner(Segment pv1) throws HL7Exception {
        String id = Terser.get(pv1, 7, 0, 1, 1);
        String family = Terser.get(pv1, 7, 0, 2, 1);
        if (id == null && family == null) {
            return null;
        }
        Practitioner practitioner = new Practitioner();
        if (id != null) {
            String authority = Terser.get(pv1, 7, 0, 9, 1);
            practitioner
                    .addIdentifier()
                    .setSystem(
                            "NPI".equalsIgnoreCase(authority)
                                    ? "http://hl7.org/fhir/sid/us-npi"
                                    : authority(firstNonBlank(authority, "practitioner")))
                    .setValue(id);
        }
        HumanName name = practitioner.addName().setFamily(family);
        String given = Terser.get(pv1, 7, 0, 3, 1);
        if (given != null) {
            name.addGiven(given);
        }
        return practitioner;
    }

    private static Location location(Segment pv1, String facility, String organizationUrl) throws HL7Exception {
        String pointOfCare = Terser.get(pv1, 3, 0, 1, 1);
        String room = Terser.get(pv1, 3, 0, 2, 1);
        String bed = Terser.get(pv1, 3, 0, 3, 1);
        if (pointOfCare == null && room == null && bed == null) {
            return null;
        }
        String building = firstNonBlank(Terser.get(pv1, 3, 0, 4, 1), facility);
        Location location = new Location();
        location.setName(String.join(
                " ",
                List.of(
                                building,
                                pointOfCare == null ? "" : pointOfCare,
                                room == null ? "" : room,
                                bed == null ? "" : bed)
                        .stream()
                        .filter(s -> !s.isBlank())
                        .toList()));
        location.addIdentifier()
                .setSystem(authority(building) + ":location")
                .setValue(String.join(
                        "^", firstNonBlank(pointOfCare, ""), firstNonBlank(room, ""), firstNonBlank(bed, "")));
        location.setManagingOrganization(new Reference(organizationUrl));
        return location;
    }

    private static Condition condition(Segment dg1) throws HL7Exception {
        String code = get(dg1, 3, 1);
        if (code == null) {
            return null;
        }
        String codingSystem = get(dg1, 3, 3);
        String system = codingSystem == null
                ? null
                : switch (codingSystem.toUpperCase()) {
                    case "I10", "I10C", "ICD10CM", "ICD-10-CM" -> ICD10CM;
                    case "I9", "I9C", "ICD9CM" -> "http://hl7.org/fhir/sid/icd-9-cm";
                    case "SCT", "SNM" -> "http://snomed.info/sct";
                    default -> authority(codingSystem);
                };
        Condition condition = new Condition();
        condition.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-category",
                "encounter-diagnosis",
                "Encounter Diagnosis")));
        condition.setCode(new CodeableConcept(new Coding(system, code, get(dg1, 3, 2))).setText(get(dg1, 3, 2)));
        return condition;
    }

    private static String add(List<Bundle.BundleEntryComponent> entries, Resource resource) {
        String url = "urn:uuid:" + UUID.randomUUID();
        entries.add(new Bundle.BundleEntryComponent().setFullUrl(url).setResource(resource));
        return url;
    }

    private static String get(Segment segment, int field, int component) throws HL7Exception {
        String value = Terser.get(segment, field, 0, component, 1);
        return value == null || value.isBlank() || CLEAR.equals(value.trim()) ? null : value.trim();
    }

    /**
     * The identifier system of a v2 assigning authority (a namespace, a facility, a building): a URI, so a name with
     * spaces or other characters a URI cannot hold ("Mercy General") is percent-encoded; plain names stay as they are.
     */
    static String authority(String name) {
        return AUTHORITY
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20");
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    static Segment first(Group group, String name) throws HL7Exception {
        List<Segment> found = all(group, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every segment of that name, wherever it sits in the message's groups. */
    static List<Segment> all(Group group, String name) throws HL7Exception {
        List<Segment> found = new ArrayList<>();
        for (String child : group.getNames()) {
            for (Structure structure : group.getAll(child)) {
                if (structure instanceof Segment segment && segment.getName().equals(name) && !segment.isEmpty()) {
                    found.add(segment);
                } else if (structure instanceof Group inner) {
                    found.addAll(all(inner, name));
                }
            }
        }
        return found;
    }
}
