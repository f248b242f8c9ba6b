package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionRequest;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class FullTextTypesTest {

    private static final FullTextTypes SOME = FullTextTypes.of(List.of("Patient", " CarePlan ", ""));

    @Test
    void listedTypes_areIndexed_othersNot() {
        assertThat(SOME.indexes("Patient")).isTrue();
        assertThat(SOME.indexes("CarePlan")).isTrue();
        assertThat(SOME.indexes("Encounter")).isFalse();
        assertThat(SOME.all()).isFalse();
        assertThat(SOME.none()).isFalse();
    }

    @Test
    void star_indexesEveryType_emptyNone() {
        FullTextTypes all = FullTextTypes.of(List.of("*"));
        assertThat(all.indexes("Encounter")).isTrue();
        assertThat(all.refusal(null)).isNull();
        assertThat(all.refusal("Encounter")).isNull();

        FullTextTypes none = FullTextTypes.of(List.of());
        assertThat(none.none()).isTrue();
        assertThat(none.indexes("Patient")).isFalse();
        assertThat(none.refusal("Patient")).contains("Patient is not in the full-text index", "none");
        assertThat(FullTextTypes.of(null).none()).isTrue();
    }

    @Test
    void refusal_namesTheTypeAndTheSetting() {
        assertThat(SOME.refusal("Patient")).isNull();
        assertThat(SOME.refusal("Encounter"))
                .isEqualTo("Encounter is not in the full-text index, so _content and _text cannot search it"
                        + " (careflow.storage.full-text-types: CarePlan, Patient)");
        assertThat(SOME.refusal(null)).contains("across every type", "full-text-types=*", "CarePlan, Patient");
    }

    @Test
    void filter_keepsLeftOutTypesOutOfTheIndex() {
        FullTextIndexFilter filter = new FullTextIndexFilter(SOME);
        FullTextExtractionRequest patient =
                new FullTextExtractionRequest(new IdType("Patient/1"), new Patient(), "Patient", () -> "words");
        FullTextExtractionRequest encounter =
                new FullTextExtractionRequest(new IdType("Encounter/1"), new Encounter(), "Encounter", () -> "words");

        assertThat(filter.content(patient).isIndexNormally()).isTrue();
        assertThat(filter.text(patient).isIndexNormally()).isTrue();
        assertThat(filter.content(encounter).isDoNotIndex()).isTrue();
        assertThat(filter.text(encounter).isDoNotIndex()).isTrue();
    }

    @Test
    void guard_refusesFullTextOnLeftOutTypes_only() {
        FullTextSearchGuard guard = new FullTextSearchGuard(SOME);

        assertThat(guard.check(search("Patient", Map.of("_content", new String[] {"diabetes"}))))
                .isTrue();
        assertThat(guard.check(search("Encounter", Map.of("status", new String[] {"finished"}))))
                .isTrue();
        assertThatThrownBy(() -> guard.check(search("Encounter", Map.of("_content", new String[] {"x"}))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Encounter is not in the full-text index");
        assertThatThrownBy(() -> guard.check(search("Encounter", Map.of("_text:contains", new String[] {"x"}))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> guard.check(search(null, Map.of("_content", new String[] {"x"}))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("across every type");
    }

    @Test
    void guard_letsEverythingThrough_whenEveryTypeIsIndexed_orTheRequestIsNoSearch() {
        FullTextSearchGuard all = new FullTextSearchGuard(FullTextTypes.of(List.of("*")));
        assertThat(all.check(search(null, Map.of("_content", new String[] {"x"}))))
                .isTrue();

        FullTextSearchGuard guard = new FullTextSearchGuard(SOME);
        SystemRequestDetails read = search("Encounter", Map.of("_content", new String[] {"x"}));
        read.setId(new IdType("Encounter/1"));
        assertThat(guard.check(read)).isTrue();
        SystemRequestDetails post = search("Encounter", Map.of("_content", new String[] {"x"}));
        post.setRequestType(RequestTypeEnum.POST);
        post.setOperation("_search");
        assertThatThrownBy(() -> guard.check(post)).isInstanceOf(InvalidRequestException.class);
    }

    private static SystemRequestDetails search(String type, Map<String, String[]> parameters) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setRequestType(RequestTypeEnum.GET);
        request.setResourceName(type);
        request.setParameters(parameters);
        return request;
    }
}
