package dev.careflow.transitions;

/**
 * The LACE index of 30-day readmission risk (van Walraven et al., CMAJ 2010;182:551), 0 to 19; 10 or more is high risk.
 * Each component keeps its input and its points so an app can show why the score is what it is.
 *
 * <ul>
 *   <li>L, length of stay in days: &lt;1 → 0, 1 → 1, 2 → 2, 3 → 3, 4–6 → 4, 7–13 → 5, 14+ → 7;
 *   <li>A, acute (emergent) admission → 3;
 *   <li>C, Charlson comorbidity index: 0–3 → the same, 4+ → 5;
 *   <li>E, emergency department visits in the previous 6 months: 0–3 → the same, 4+ → 4.
 * </ul>
 */
public record LaceIndex(
        int lengthOfStayDays,
        int lengthOfStayPoints,
        boolean acuteAdmission,
        int acuityPoints,
        int charlsonIndex,
        int comorbidityPoints,
        int emergencyVisits,
        int emergencyPoints) {

    public static final int HIGH_RISK = 10;

    public static LaceIndex of(int lengthOfStayDays, boolean acuteAdmission, int charlsonIndex, int emergencyVisits) {
        requireNotNegative("length of stay", lengthOfStayDays);
        requireNotNegative("Charlson index", charlsonIndex);
        requireNotNegative("emergency visits", emergencyVisits);
        return new LaceIndex(
                lengthOfStayDays,
                lengthOfStayPoints(lengthOfStayDays),
                acuteAdmission,
                acuteAdmission ? 3 : 0,
                charlsonIndex,
                charlsonIndex >= 4 ? 5 : charlsonIndex,
                emergencyVisits,
                emergencyVisits >= 4 ? 4 : emergencyVisits);
    }

    static int lengthOfStayPoints(int days) {
        if (days < 1) {
            return 0;
        } else if (days <= 3) {
            return days;
        } else if (days <= 6) {
            return 4;
        } else if (days <= 13) {
            return 5;
        }
        return 7;
    }

    public int total() {
        return lengthOfStayPoints + acuityPoints + comorbidityPoints + emergencyPoints;
    }

    public boolean highRisk() {
        return total() >= HIGH_RISK;
    }

    /** One line a care manager can read: the total and where each point comes from. */
    public String explanation() {
        return "LACE " + total() + " (" + (highRisk() ? "high" : "not high") + " risk of readmission): L "
                + lengthOfStayPoints + " (length of stay " + lengthOfStayDays + " days) + A " + acuityPoints
                + (acuteAdmission ? " (acute admission)" : " (elective admission)") + " + C " + comorbidityPoints
                + " (Charlson index " + charlsonIndex + ") + E " + emergencyPoints + " (" + emergencyVisits
                + " emergency visits in the previous 6 months)";
    }

    private static void requireNotNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
    }
}
