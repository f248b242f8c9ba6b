package dev.careflow.programs.enrolment;

import java.util.Arrays;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The billable care-management programmes a patient can be enrolled in: codes of the Careflow CodeSystem {@code
 * care-programme}, an EpisodeOfCare's type. ({@code case-management} is not billed and not enrolled through here.)
 */
public enum Programme {
    CCM("ccm", "Chronic Care Management"),
    COMPLEX_CCM("complex-ccm", "Complex Chronic Care Management"),
    PCM("pcm", "Principal Care Management"),
    APCM("apcm", "Advanced Primary Care Management"),
    TCM("tcm", "Transitional Care Management"),
    BHI("bhi", "Behavioral Health Integration"),
    COCM("cocm", "Psychiatric Collaborative Care"),
    RPM("rpm", "Remote Physiologic Monitoring");

    public static final String SYSTEM = "https://careflow.dev/fhir/CodeSystem/care-programme";

    private final String code;
    private final String display;

    Programme(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public Coding coding() {
        return new Coding(SYSTEM, code, display);
    }

    public CodeableConcept concept() {
        return new CodeableConcept(coding());
    }

    public static Optional<Programme> of(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The programme an EpisodeOfCare is of (its first type coding in {@link #SYSTEM}), if any. */
    public static Optional<Programme> of(CodeableConcept type) {
        return type.getCoding().stream()
                .filter(c -> SYSTEM.equals(c.getSystem()))
                .map(c -> of(c.getCode()))
                .flatMap(Optional::stream)
                .findFirst();
    }
}
