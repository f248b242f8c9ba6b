package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharlsonComorbidityTest {

    @ParameterizedTest(name = "{0} is {1} ({2})")
    @CsvSource({
        "I21.4, Myocardial infarction, 1",
        "I50.9, Congestive heart failure, 1",
        "I42.7, Congestive heart failure, 1",
        "I73.9, Peripheral vascular disease, 1",
        "I63.9, Cerebrovascular disease, 1",
        "G30.1, Dementia, 1",
        "J44.1, Chronic pulmonary disease, 1",
        "M05.79, Rheumatic disease, 1",
        "K25.4, Peptic ulcer disease, 1",
        "K70.30, Mild liver disease, 1",
        "E11.9, Diabetes without chronic complication, 1",
        "E11.22, Diabetes with chronic complication, 2",
        "G81.91, Hemiplegia or paraplegia, 2",
        "N18.4, Renal disease, 2",
        "C50.911, 'Any malignancy, including lymphoma and leukaemia, except malignant neoplasm of skin', 2",
        "K72.10, Moderate or severe liver disease, 3",
        "C78.7, Metastatic solid tumour, 6",
        "B20, AIDS/HIV, 6"
    })
    void eachCondition_isFoundWithItsWeight(String code, String condition, int weight) {
        CharlsonComorbidity charlson = CharlsonComorbidity.fromIcd10(List.of(code));
        assertThat(charlson.conditions()).singleElement().satisfies(match -> {
            assertThat(match.condition()).isEqualTo(condition);
            assertThat(match.weight()).isEqualTo(weight);
            assertThat(match.codes()).containsExactly(code);
        });
        assertThat(charlson.index()).isEqualTo(weight);
    }

    @Test
    void severeLiverDisease_supersedesMild() {
        CharlsonComorbidity charlson = CharlsonComorbidity.fromIcd10(List.of("K70.30", "K72.10"));
        assertThat(charlson.index()).isEqualTo(3);
        assertThat(charlson.conditions())
                .extracting(CharlsonComorbidity.Match::condition)
                .containsExactly("Moderate or severe liver disease");
    }

    @Test
    void complicatedDiabetes_supersedesUncomplicated() {
        assertThat(CharlsonComorbidity.fromIcd10(List.of("E11.9", "E11.22")).index())
                .isEqualTo(2);
    }

    @Test
    void metastaticTumour_supersedesAnyMalignancy() {
        assertThat(CharlsonComorbidity.fromIcd10(List.of("C34.90", "C79.51")).index())
                .isEqualTo(6);
    }

    @Test
    void codesMatchWithOrWithoutDotInAnyCase() {
        assertThat(CharlsonComorbidity.fromIcd10(List.of("i509")).index()).isEqualTo(1);
        assertThat(CharlsonComorbidity.fromIcd10(List.of("I50.9")).index()).isEqualTo(1);
    }

    @Test
    void severalConditions_addUp() {
        // heart failure 1 + COPD 1 + complicated diabetes 2 + renal disease 2
        assertThat(CharlsonComorbidity.fromIcd10(List.of("I50.22", "J44.9", "E11.65", "N18.3", "E11.9"))
                        .index())
                .isEqualTo(5);
    }

    @Test
    void unrelatedCodes_scoreZero() {
        CharlsonComorbidity charlson = CharlsonComorbidity.fromIcd10(List.of("S72.001A", "R07.9", "Z00.00"));
        assertThat(charlson.index()).isZero();
        assertThat(charlson.conditions()).isEmpty();
    }

    @Test
    void skinMelanoma_countsAsMalignancy_butOtherSkinCancerDoesNot() {
        assertThat(CharlsonComorbidity.fromIcd10(List.of("C43.9")).index()).isEqualTo(2);
        assertThat(CharlsonComorbidity.fromIcd10(List.of("C44.91")).index()).isZero();
    }
}
