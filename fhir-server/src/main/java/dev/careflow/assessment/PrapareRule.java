package dev.careflow.assessment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PRAPARE (NACHC 2016): housing, money, material needs (food, utilities) and transportation, each positive on its own
 * answers.
 */
final class PrapareRule implements ScoringRule {

    static final String HOUSING_SITUATION = "71802-3";
    static final String NO_HOUSING = "LA30191-3";
    static final String HOUSING_WORRY = "93033-9";
    static final String MONEY = "76513-1";
    static final String MATERIAL_NEEDS = "93031-3";
    static final String FOOD = "LA30125-1";
    static final String UTILITIES = "LA30124-4";
    static final String TRANSPORTATION = "93030-5";

    @Override
    public Instrument instrument() {
        return Instrument.PRAPARE;
    }

    @Override
    public Map<HealthConcern, List<String>> findings(Map<String, Score.Answer> answers, Optional<Integer> total) {
        return new Findings(answers)
                .answered(HealthConcern.HOMELESSNESS, HOUSING_SITUATION, NO_HOUSING)
                .anyPoints(HealthConcern.HOUSING_INSTABILITY, HOUSING_WORRY)
                .anyPoints(HealthConcern.FINANCIAL_INSECURITY, MONEY)
                .answered(HealthConcern.FOOD_INSECURITY, MATERIAL_NEEDS, FOOD)
                .answered(HealthConcern.UTILITY_INSECURITY, MATERIAL_NEEDS, UTILITIES)
                .anyPoints(HealthConcern.TRANSPORTATION_INSECURITY, TRANSPORTATION)
                .toMap();
    }
}
