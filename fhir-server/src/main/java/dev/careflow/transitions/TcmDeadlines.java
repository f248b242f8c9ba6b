package dev.careflow.transitions;

import java.time.LocalDate;

/**
 * The deadlines of Transitional Care Management (CMS), counted from the discharge date: an interactive contact within
 * 2 business days; a face-to-face visit within 7 days for high complexity (CPT 99496) or 14 days for moderate
 * complexity (CPT 99495); medication reconciliation no later than the face-to-face visit.
 */
public record TcmDeadlines(
        LocalDate discharge,
        Complexity complexity,
        LocalDate interactiveContactDue,
        LocalDate faceToFaceDue,
        LocalDate medicationReconciliationDue) {

    /** The medical decision making of the TCM service, which sets the visit deadline and the CPT code. */
    public enum Complexity {
        HIGH(7, "99496"),
        MODERATE(14, "99495");

        private final int visitWithinDays;
        private final String cptCode;

        Complexity(int visitWithinDays, String cptCode) {
            this.visitWithinDays = visitWithinDays;
            this.cptCode = cptCode;
        }

        public int visitWithinDays() {
            return visitWithinDays;
        }

        public String cptCode() {
            return cptCode;
        }

        /** High complexity when the LACE index reaches the threshold (10 by default). */
        public static Complexity fromLace(LaceIndex lace, int threshold) {
            return lace.total() >= threshold ? HIGH : MODERATE;
        }
    }

    public static TcmDeadlines of(LocalDate discharge, BusinessCalendar calendar, Complexity complexity) {
        LocalDate visit = discharge.plusDays(complexity.visitWithinDays());
        return new TcmDeadlines(discharge, complexity, calendar.addBusinessDays(discharge, 2), visit, visit);
    }

    public String cptCode() {
        return complexity.cptCode();
    }
}
