package dev.careflow.transitions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.util.UrlUtil;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and identifiers in search URLs read back, by HAPI's own URL parsing, as exactly the value written. */
class SearchValuesTest {

    /** What HAPI makes of {@code name:exact=<value>}: the URL decoded, split on unescaped commas, each unescaped. */
    private static List<String> asHapiReadsIt(String query, String parameter) {
        Map<String, String[]> parameters = UrlUtil.parseQueryString(query);
        String[] raw = parameters.get(parameter);
        assertThat(raw)
                .as("parameter " + parameter + " in " + query)
                .isNotNull()
                .hasSize(1);
        QualifiedParamList ors = QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null, raw[0]);
        return ors.stream().map(ParameterUtil::unescape).toList();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Mercy General, 5 North",
                "Mercy Health, Inc.",
                "Ward $1 | east",
                "C:\\wards\\north",
                "a\\,b",
                "Hôpital Saint-Éloi, Médecine B",
                "病棟 5, 北",
                "50% & more + less = ?#"
            })
    void aName_isOneValueThatHapiReadsBackUnchanged(String name) {
        String query = "name:exact=" + SearchValues.string(name);

        assertThat(query).doesNotContain(",", " ", "|", "+");
        assertThat(asHapiReadsIt(query, "name:exact")).containsExactly(name);
    }

    @Test
    void escape_putsABackslashBeforeEachReservedCharacter() {
        assertThat(SearchValues.escape("a,b$c|d\\e")).isEqualTo("a\\,b\\$c\\|d\\\\e");
        assertThat(SearchValues.escape("plain")).isEqualTo("plain");
    }

    @Test
    void aToken_keepsItsSeparatorAndEscapesBothParts() {
        String token = SearchValues.token("urn:careflow:v2:assigning-authority:GENHOSP:location", "5 North, B|2^^");

        List<String> values = asHapiReadsIt("identifier=" + token, "identifier");
        assertThat(values).hasSize(1);
        // HAPI splits a token on its first unescaped bar, then unescapes each part.
        String[] parts = QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null, UrlUtil.unescape(token))
                .get(0)
                .split("(?<!\\\\)\\|", 2);
        assertThat(ParameterUtil.unescape(parts[0])).isEqualTo("urn:careflow:v2:assigning-authority:GENHOSP:location");
        assertThat(ParameterUtil.unescape(parts[1])).isEqualTo("5 North, B|2^^");
    }

    @Test
    void naturalMatch_ofALocationOrOrganization_isByExactEscapedName() {
        Location ward = new Location().setName("Mercy General, 5 North");
        Organization organization = new Organization().setName("Mercy Health, Inc.");

        assertThat(Matches.naturalMatch(ward, Map.of())).isEqualTo("name:exact=Mercy%20General%5C%2C%205%20North");
        assertThat(asHapiReadsIt(Matches.naturalMatch(organization, Map.of()), "name:exact"))
                .containsExactly("Mercy Health, Inc.");
    }

    @Test
    void identifierMatch_isEveryIdentifierAsOneOrOfTokens() {
        Location ward = new Location();
        ward.addIdentifier().setSystem("urn:example:wards").setValue("5 North, B");
        ward.addIdentifier().setSystem("urn:example:beds").setValue("7$1");
        ward.addIdentifier().setValue("no system: not matched on");

        String match = Matches.identifierMatch(ward);

        assertThat(asHapiReadsIt(match, "identifier"))
                .containsExactly("urn:example:wards|5 North, B", "urn:example:beds|7$1");
    }

    @Test
    void aDiagnosisOfAKnownEncounter_isMatchedOnEncounterAndCode() {
        Condition condition = new Condition();
        condition.getEncounter().setReference("urn:uuid:enc");
        condition
                .getCode()
                .addCoding()
                .setSystem("http://hl7.org/fhir/sid/icd-10-cm")
                .setCode("I50.9");

        String match = Matches.naturalMatch(condition, Map.of("urn:uuid:enc", "Encounter/12"));

        assertThat(match)
                .isEqualTo("encounter=Encounter%2F12&code=http%3A%2F%2Fhl7.org%2Ffhir%2Fsid%2Ficd-10-cm|I50.9");
    }
}
