package dev.careflow.populations;

/**
 * The HOSPITAL score of potentially avoidable 30-day readmission (Donzé et al., JAMA Intern Med 2013;173:632, validated
 * internationally in 2016): Hemoglobin at discharge below 12 g/dL (1), discharge from an Oncology service (2), Sodium
 * at discharge below 135 mmol/L (1), a Procedure during the stay (1), an Index admission that was urgent or emergent
 * (1), Admissions in the previous 12 months (0-1: 0, 2-5: 2, more than 5: 5), Length of stay of 5 days or more (2).
 * 0 to 13; 7 or more is high risk (5-6 intermediate, 0-4 low). Pure rule.
 */
public record HospitalScore(
        double hemoglobinGramsPerDecilitre,
        boolean oncology,
        double sodiumMillimolesPerLitre,
        boolean procedure,
        boolean urgentAdmission,
        int admissionsPrevious12Months,
        int lengthOfStayDays) {

    public static final int HIGH = 7;

    public int hemoglobinPoints() {
        return hemoglobinGramsPerDecilitre < 12 ? 1 : 0;
    }

    public int oncologyPoints() {
        return oncology ? 2 : 0;
    }

    public int sodiumPoints() {
        return sodiumMillimolesPerLitre < 135 ? 1 : 0;
    }

    public int procedurePoints() {
        return procedure ? 1 : 0;
    }

    public int admissionTypePoints() {
        return urgentAdmission ? 1 : 0;
    }

    public int admissionsPoints() {
        if (admissionsPrevious12Months <= 1) {
            return 0;
        }
        return admissionsPrevious12Months <= 5 ? 2 : 5;
    }

    public int lengthOfStayPoints() {
        return lengthOfStayDays >= 5 ? 2 : 0;
    }

    public int total() {
        return hemoglobinPoints()
                + oncologyPoints()
                + sodiumPoints()
                + procedurePoints()
                + admissionTypePoints()
                + admissionsPoints()
                + lengthOfStayPoints();
    }

    public boolean highRisk() {
        return total() >= HIGH;
    }

    public String explanation() {
        return "HOSPITAL " + total() + ": hemoglobin " + hemoglobinGramsPerDecilitre + " g/dL (" + hemoglobinPoints()
                + "), oncology " + oncology + " (" + oncologyPoints() + "), sodium " + sodiumMillimolesPerLitre
                + " mmol/L (" + sodiumPoints() + "), procedure " + procedure + " (" + procedurePoints()
                + "), urgent admission " + urgentAdmission + " (" + admissionTypePoints() + "), "
                + admissionsPrevious12Months + " admissions in 12 months (" + admissionsPoints() + "), stay "
                + lengthOfStayDays + " days (" + lengthOfStayPoints() + ")";
    }
}
