package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LaceIndexTest {

    @ParameterizedTest(name = "stay of {0} days scores {1}")
    @CsvSource({"0,0", "1,1", "2,2", "3,3", "4,4", "6,4", "7,5", "13,5", "14,7", "60,7"})
    void lengthOfStay_bands(int days, int points) {
        assertThat(LaceIndex.of(days, false, 0, 0).lengthOfStayPoints()).isEqualTo(points);
    }

    @ParameterizedTest(name = "Charlson {0} scores {1}")
    @CsvSource({"0,0", "1,1", "3,3", "4,5", "12,5"})
    void charlson_bands(int charlson, int points) {
        assertThat(LaceIndex.of(0, false, charlson, 0).comorbidityPoints()).isEqualTo(points);
    }

    @ParameterizedTest(name = "{0} emergency visits score {1}")
    @CsvSource({"0,0", "1,1", "3,3", "4,4", "9,4"})
    void emergencyVisits_bands(int visits, int points) {
        assertThat(LaceIndex.of(0, false, 0, visits).emergencyPoints()).isEqualTo(points);
    }

    @Test
    void acuteAdmission_scoresThree() {
        assertThat(LaceIndex.of(0, true, 0, 0).acuityPoints()).isEqualTo(3);
        assertThat(LaceIndex.of(0, false, 0, 0).acuityPoints()).isZero();
    }

    @Test
    void nine_isNotHighRisk_ten_is() {
        LaceIndex nine = LaceIndex.of(5, true, 2, 0); // 4 + 3 + 2 + 0
        LaceIndex ten = LaceIndex.of(5, true, 3, 0); // 4 + 3 + 3 + 0
        assertThat(nine.total()).isEqualTo(9);
        assertThat(nine.highRisk()).isFalse();
        assertThat(ten.total()).isEqualTo(10);
        assertThat(ten.highRisk()).isTrue();
    }

    @Test
    void maximum_isNineteen() {
        assertThat(LaceIndex.of(30, true, 8, 10).total()).isEqualTo(19);
    }

    @Test
    void explanation_namesEveryComponentAndItsInput() {
        assertThat(LaceIndex.of(5, true, 2, 1).explanation())
                .isEqualTo("LACE 10 (high risk of readmission): L 4 (length of stay 5 days) + A 3 (acute admission)"
                        + " + C 2 (Charlson index 2) + E 1 (1 emergency visits in the previous 6 months)");
    }

    @Test
    void negativeInputs_areRefused() {
        assertThatThrownBy(() -> LaceIndex.of(-1, false, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LaceIndex.of(0, false, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LaceIndex.of(0, false, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
