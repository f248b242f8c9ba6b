package dev.careflow.assessment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The needs a response's answers reveal, collected rule by rule. Items are found by their code (LOINC for the standard
 * instruments), whatever their linkIds; each need keeps the linkIds of the answers that show it.
 */
final class Findings {

    private final Map<String, Score.Answer> answers;
    private final Map<HealthConcern, List<String>> found = new EnumMap<>(HealthConcern.class);

    Findings(Map<String, Score.Answer> answers) {
        this.answers = answers;
    }

    /** The concern when the total reaches the threshold, shown by every answer that scored. */
    Findings totalAtLeast(int total, int threshold, HealthConcern concern) {
        if (total >= threshold) {
            add(concern, withPoints(answers.keySet().stream().toList(), p -> p > 0));
        }
        return this;
    }

    /** The concern when any of the items scored above zero. */
    Findings anyPoints(HealthConcern concern, String... codes) {
        add(concern, withPoints(linkIds(codes), p -> p > 0));
        return this;
    }

    /** The concern when any of the items scored zero (for instruments that score independence). */
    Findings anyWithoutPoints(HealthConcern concern) {
        add(concern, withPoints(answers.keySet().stream().toList(), p -> p == 0));
        return this;
    }

    /** The concern when the item with this code was answered with this answer code. */
    Findings answered(HealthConcern concern, String code, String answer) {
        add(
                concern,
                linkIds(code).stream()
                        .filter(l -> answers.get(l).chosen().stream().anyMatch(c -> answer.equals(c.getCode())))
                        .toList());
        return this;
    }

    /** The concern when every item is answered and their points add up to the threshold. */
    Findings sumAtLeast(HealthConcern concern, int threshold, String... codes) {
        List<String> items = linkIds(codes);
        if (items.size() == codes.length
                && items.stream().mapToInt(l -> answers.get(l).points()).sum() >= threshold) {
            add(concern, items);
        }
        return this;
    }

    Map<HealthConcern, List<String>> toMap() {
        return found;
    }

    private List<String> withPoints(List<String> linkIds, java.util.function.IntPredicate points) {
        return linkIds.stream()
                .filter(l -> points.test(answers.get(l).points()))
                .toList();
    }

    private void add(HealthConcern concern, List<String> evidence) {
        if (!evidence.isEmpty()) {
            found.computeIfAbsent(concern, c -> new ArrayList<>()).addAll(evidence);
        }
    }

    private List<String> linkIds(String... codes) {
        List<String> linkIds = new ArrayList<>();
        for (Map.Entry<String, Score.Answer> entry : answers.entrySet()) {
            for (String code : codes) {
                if (code.equals(entry.getValue().code().getCode())) {
                    linkIds.add(entry.getKey());
                }
            }
        }
        return linkIds;
    }
}
