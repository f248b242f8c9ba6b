package dev.careflow.populations;

import org.hl7.fhir.r4.model.Coding;

/**
 * Why a patient belongs to a registry: a reason (a chronic condition category, a score's code, a diagnosis) and the
 * resource that shows it ({@code Type/id}).
 */
public record Evidence(Coding reason, String detail) {

    /** What two pieces of evidence are compared by: the reason's system and code, and the detail. */
    public String key() {
        return reason.getSystem() + "|" + reason.getCode() + "|" + detail;
    }
}
