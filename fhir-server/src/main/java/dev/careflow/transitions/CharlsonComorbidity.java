package dev.careflow.transitions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The Charlson comorbidity index from ICD-10 codes, with the coding algorithm of Quan et al. (Medical Care
 * 2005;43:1130–9, table 1) and Charlson's original weights. Hierarchies: moderate/severe liver disease supersedes mild
 * liver disease, diabetes with chronic complication supersedes diabetes without, metastatic solid tumour supersedes
 * any malignancy. Codes match with or without their dot, in any case.
 *
 * @param index the weighted sum
 * @param conditions the conditions found, with the codes that matched each
 */
public record CharlsonComorbidity(int index, List<Match> conditions) {

    /** A Charlson condition found in the codes. */
    public record Match(String condition, int weight, List<String> codes) {}

    private record Condition(String name, int weight, Set<String> prefixes) {
        boolean matches(String code) {
            return prefixes.stream().anyMatch(code::startsWith);
        }
    }

    static final String MILD_LIVER = "Mild liver disease";
    static final String SEVERE_LIVER = "Moderate or severe liver disease";
    static final String DIABETES = "Diabetes without chronic complication";
    static final String DIABETES_COMPLICATED = "Diabetes with chronic complication";
    static final String MALIGNANCY =
            "Any malignancy, including lymphoma and leukaemia, except malignant neoplasm of skin";
    static final String METASTATIC = "Metastatic solid tumour";

    private static final List<Condition> CONDITIONS = List.of(
            condition("Myocardial infarction", 1, codes("I21", "I22", "I252")),
            condition(
                    "Congestive heart failure",
                    1,
                    codes("I099", "I110", "I130", "I132", "I255", "I420", "I43", "I50", "P290"),
                    range4("I425", "I429")),
            condition(
                    "Peripheral vascular disease",
                    1,
                    codes(
                            "I70", "I71", "I731", "I738", "I739", "I771", "I790", "I792", "K551", "K558", "K559",
                            "Z958", "Z959")),
            condition("Cerebrovascular disease", 1, codes("G45", "G46", "H340"), range3("I60", "I69")),
            condition("Dementia", 1, range3("F00", "F03"), codes("F051", "G30", "G311")),
            condition(
                    "Chronic pulmonary disease",
                    1,
                    codes("I278", "I279", "J684", "J701", "J703"),
                    range3("J40", "J47"),
                    range3("J60", "J67")),
            condition(
                    "Rheumatic disease", 1, codes("M05", "M06", "M315", "M351", "M353", "M360"), range3("M32", "M34")),
            condition("Peptic ulcer disease", 1, range3("K25", "K28")),
            condition(
                    MILD_LIVER,
                    1,
                    codes("B18", "K709", "K717", "K73", "K74", "K760", "K768", "K769", "Z944"),
                    range4("K700", "K703"),
                    range4("K713", "K715"),
                    range4("K762", "K764")),
            condition(
                    DIABETES,
                    1,
                    Stream.of("E10", "E11", "E12", "E13", "E14")
                            .flatMap(e -> Stream.of(e + "0", e + "1", e + "6", e + "8", e + "9"))
                            .collect(Collectors.toSet())),
            condition(
                    DIABETES_COMPLICATED,
                    2,
                    Stream.of("E10", "E11", "E12", "E13", "E14")
                            .flatMap(e -> Stream.of(e + "2", e + "3", e + "4", e + "5", e + "7"))
                            .collect(Collectors.toSet())),
            condition(
                    "Hemiplegia or paraplegia",
                    2,
                    codes("G041", "G114", "G801", "G802", "G81", "G82", "G839"),
                    range4("G830", "G834")),
            condition(
                    "Renal disease",
                    2,
                    codes("I120", "I131", "N18", "N19", "N250", "Z940", "Z992"),
                    range4("N032", "N037"),
                    range4("N052", "N057"),
                    range4("Z490", "Z492")),
            condition(
                    MALIGNANCY,
                    2,
                    range3("C00", "C26"),
                    range3("C30", "C34"),
                    range3("C37", "C41"),
                    codes("C43", "C88"),
                    range3("C45", "C58"),
                    range3("C60", "C76"),
                    range3("C81", "C85"),
                    range3("C90", "C97")),
            condition(
                    SEVERE_LIVER,
                    3,
                    codes("I850", "I859", "I864", "I982", "K704", "K711", "K721", "K729", "K765", "K766", "K767")),
            condition(METASTATIC, 6, range3("C77", "C80")),
            condition("AIDS/HIV", 6, codes("B20", "B21", "B22", "B24")));

    public static CharlsonComorbidity fromIcd10(Collection<String> icd10Codes) {
        Map<String, Match> found = new LinkedHashMap<>();
        for (Condition condition : CONDITIONS) {
            List<String> matched = icd10Codes.stream()
                    .filter(code -> code != null && condition.matches(normalise(code)))
                    .distinct()
                    .toList();
            if (!matched.isEmpty()) {
                found.put(condition.name(), new Match(condition.name(), condition.weight(), matched));
            }
        }
        if (found.containsKey(SEVERE_LIVER)) {
            found.remove(MILD_LIVER);
        }
        if (found.containsKey(DIABETES_COMPLICATED)) {
            found.remove(DIABETES);
        }
        if (found.containsKey(METASTATIC)) {
            found.remove(MALIGNANCY);
        }
        List<Match> conditions = new ArrayList<>(found.values());
        return new CharlsonComorbidity(
                conditions.stream().mapToInt(Match::weight).sum(), List.copyOf(conditions));
    }

    static String normalise(String code) {
        return code.replace(".", "").trim().toUpperCase(Locale.ROOT);
    }

    @SafeVarargs
    private static Condition condition(String name, int weight, Set<String>... prefixSets) {
        return new Condition(
                name, weight, Stream.of(prefixSets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet()));
    }

    private static Set<String> codes(String... prefixes) {
        return Set.of(prefixes);
    }

    /** Three-character categories from {@code from} to {@code to}, same letter: range3("I60", "I69"). */
    private static Set<String> range3(String from, String to) {
        char letter = from.charAt(0);
        int start = Integer.parseInt(from.substring(1));
        int end = Integer.parseInt(to.substring(1));
        return IntStream.rangeClosed(start, end)
                .mapToObj(n -> letter + String.format("%02d", n))
                .collect(Collectors.toSet());
    }

    /** Four-character subcategories in one category: range4("I425", "I429"). */
    private static Set<String> range4(String from, String to) {
        String category = from.substring(0, 3);
        int start = from.charAt(3) - '0';
        int end = to.charAt(3) - '0';
        return IntStream.rangeClosed(start, end).mapToObj(n -> category + n).collect(Collectors.toSet());
    }
}
