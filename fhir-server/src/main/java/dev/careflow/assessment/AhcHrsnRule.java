package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CMS Accountable Health Communities HRSN screening tool (2017 guide): each domain positive on its own answers; the
 * four interpersonal-safety items (HITS) count as positive from a sum of 11 of 20.
 */
final class AhcHrsnRule implements ScoringRule {

    static final String LIVING_SITUATION = "71802-3";
    static final String WORRIED_ABOUT_HOUSING = "LA31994-9";
    static final String NO_STEADY_PLACE = "LA31995-6";
    static final String HOUSING_PROBLEMS = "96778-6";
    static final String TRANSPORTATION = "93030-5";
    static final String UTILITIES = "96779-4";
    static final int SAFETY_THRESHOLD = 11;
    static final String[] SAFETY_ITEMS = {"95618-5", "95617-7", "95616-9", "95615-1"};

    @Override
    public Instrument instrument() {
        return Instrument.AHC_HRSN;
    }

    @Override
    public Map<HealthConcern, List<String>> findings(Map<String, Score.Answer> answers, Optional<Integer> total) {
        return new Findings(answers)
                .answered(HealthConcern.HOUSING_INSTABILITY, LIVING_SITUATION, WORRIED_ABOUT_HOUSING)
                .answered(HealthConcern.HOMELESSNESS, LIVING_SITUATION, NO_STEADY_PLACE)
                .anyPoints(HealthConcern.INADEQUATE_HOUSING, HOUSING_PROBLEMS)
                .anyPoints(HealthConcern.FOOD_INSECURITY, HungerVitalSignRule.WORRIED, HungerVitalSignRule.RAN_OUT)
                .anyPoints(HealthConcern.TRANSPORTATION_INSECURITY, TRANSPORTATION)
                .anyPoints(HealthConcern.UTILITY_INSECURITY, UTILITIES)
                .sumAtLeast(HealthConcern.INTERPERSONAL_SAFETY, SAFETY_THRESHOLD, SAFETY_ITEMS)
                .toMap();
    }
}
