package dev.careflow.transitions.internal.v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/** Reading HL7 v2 fields the way the mappers need them: trimmed, {@code ""} as cleared, segments wherever they sit. */
final class V2Fields {

    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String AUTHORITY = "urn:careflow:v2:assigning-authority:";

    /** The HL7 v2 "delete" value: a field sent as two double quotes clears what is stored. */
    static final String CLEAR = "\"\"";

    /** Adds a resource as a message entry under a new {@code urn:uuid}; answers that fullUrl. */
    static String add(List<Bundle.BundleEntryComponent> entries, Resource resource) {
        String url = "urn:uuid:" + UUID.randomUUID();
        entries.add(new Bundle.BundleEntryComponent().setFullUrl(url).setResource(resource));
        return url;
    }

    private V2Fields() {}

    /** Whether a field was sent as {@code ""}: the sender clears it. */
    static boolean cleared(Segment segment, int field) throws HL7Exception {
        return segment.getField(field).length > 0 && CLEAR.equals(Terser.get(segment, field, 0, 1, 1));
    }

    /** Marks a top-level element the sender cleared, for the update of what is stored. */
    static void markCleared(org.hl7.fhir.r4.model.DomainResource resource, String element) {
        resource.addExtension(
                dev.careflow.transitions.internal.StoredStateMerge.CLEARED_EXTENSION,
                new org.hl7.fhir.r4.model.CodeType(element));
    }

    /** A CX list (PID-3, MRG-1) as identifiers: the assigning authority (an ISO OID, else its name) is the system. */
    static List<Identifier> identifiers(Segment segment, int field) throws HL7Exception {
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

    static String get(Segment segment, int field, int component) throws HL7Exception {
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

    static String firstNonBlank(String... values) {
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
