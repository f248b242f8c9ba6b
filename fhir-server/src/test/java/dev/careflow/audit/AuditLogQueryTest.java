package dev.careflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogQueryTest {

    private static AuditLogQuery query(String... nameValues) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            String name = nameValues[i];
            String value = nameValues[i + 1];
            parameters.merge(name, new String[] {value}, (a, b) -> new String[] {a[0], b[0]});
        }
        return AuditLogQuery.of(parameters, 20, 500);
    }

    @Test
    void noParameters_newestFirst_oneDefaultPage() {
        AuditLogQuery query = query();
        assertThat(query.where()).isEqualTo("true");
        assertThat(query.ascending()).isFalse();
        assertThat(query.count()).isEqualTo(20);
        assertThat(query.offset()).isZero();
        assertThat(query.countOnly()).isFalse();
    }

    @Test
    void referencesAndTokens_asArrayOverlaps_andedAcrossParameters() {
        AuditLogQuery query = query(
                "entity", "Task/1",
                "agent", "Practitioner/nurse",
                "subtype", "update",
                "patient", "Patient/7,8");
        assertThat(query.where())
                .isEqualTo("(entities && ?::text[]) and (agents && ?::text[]) and (subtypes && ?::text[])"
                        + " and (patients && ?::text[])");
        assertThat(query.args())
                .containsExactly(
                        new String[] {"Task/1"},
                        new String[] {"Practitioner/nurse"},
                        new String[] {"update"},
                        new String[] {"Patient/7", "Patient/8"});
    }

    @Test
    void aVersionedReference_isSearchedVersionless_andABareEntityIdMatchesAnyType() {
        AuditLogQuery query = query("entity", "Task/1/_history/3", "entity", "42");
        assertThat(query.where())
                .isEqualTo("(entities && ?::text[]) and (exists (select 1 from unnest(entities) r,"
                        + " unnest(?::text[]) s where r like '%' || s))");
        assertThat(query.args()).containsExactly(new String[] {"Task/1"}, new String[] {"/42"});
    }

    @Test
    void aSystemAndCode_isOneToken_aSystemAlone_aPrefix() {
        AuditLogQuery query = query("subtype", "http://dicom.nema.org/resources/ontology/DCM|110122,http://x|");
        assertThat(query.where())
                .isEqualTo("(subtypes && ?::text[] or exists (select 1 from unnest(subtypes) t,"
                        + " unnest(?::text[]) s where starts_with(t, s)))");
        assertThat(query.args())
                .containsExactly(
                        new String[] {"http://dicom.nema.org/resources/ontology/DCM|110122"},
                        new String[] {"http://x|"});
    }

    @Test
    void outcomeAndAction_byCode_withNot() {
        AuditLogQuery query = query("outcome", "4", "action:not", "http://hl7.org/fhir/audit-event-action|R");
        assertThat(query.where())
                .isEqualTo("coalesce(outcome, '') = any(?::text[]) and not coalesce(action, '') = any(?::text[])");
        assertThat(query.args()).containsExactly(new String[] {"4"}, new String[] {"R"});
    }

    @Test
    void dates_withPrefixesAndPrecision() {
        AuditLogQuery query = query("date", "ge2026-11-26T10:00:00Z", "date", "lt2026-11-28T00:00:00Z");
        assertThat(query.where()).isEqualTo("(recorded >= ?) and (recorded < ?)");
        assertThat(query.args())
                .containsExactly(
                        Timestamp.from(java.time.Instant.parse("2026-11-26T10:00:00Z")),
                        Timestamp.from(java.time.Instant.parse("2026-11-28T00:00:00Z")));

        AuditLogQuery day = query("date", "2026-11-26T10:00Z");
        assertThat(day.where()).isEqualTo("((recorded >= ? and recorded < ?))");
        assertThat(((Timestamp) day.args().get(1)).getTime()
                        - ((Timestamp) day.args().get(0)).getTime())
                .as("a value to the minute covers that minute")
                .isEqualTo(60_000);

        assertThat(query("date", "gt2026-11-26T10:00Z").args().get(0))
                .as("after the minute: from its end")
                .isEqualTo(Timestamp.from(java.time.Instant.parse("2026-11-26T10:01:00Z")));
        assertThat(query("_lastUpdated", "le2026-11-26T10:00Z").where()).isEqualTo("(recorded < ?)");
    }

    @Test
    void ids_asUuids_andAnythingElseMatchesNothing() {
        assertThat(query("_id", "not-a-uuid").where()).isEqualTo("false");
        AuditLogQuery query = query("_id", "0b6f8a43-34a5-4b1e-9d76-2b0b5c6d7e8f");
        assertThat(query.where()).isEqualTo("id = any(?::uuid[])");
    }

    @Test
    void entityName_caseInsensitivePrefix_exactOrContains() {
        assertThat(query("entity-name", "ADT^A01").where())
                .isEqualTo(
                        "exists (select 1 from unnest(entity_names) n, unnest(?::text[]) s where starts_with(n, s))");
        assertThat(query("entity-name", "ADT^A01").args()).containsExactly((Object) new String[] {"adt^a01"});
        assertThat(query("entity-name:exact", "adt").where()).isEqualTo("entity_names && ?::text[]");
    }

    @Test
    void countOffsetSortAndSummary() {
        AuditLogQuery query = query("_count", "900", "_offset", "40", "_sort", "_lastUpdated", "_summary", "count");
        assertThat(query.count()).as("capped at the largest page").isEqualTo(500);
        assertThat(query.offset()).isEqualTo(40);
        assertThat(query.ascending()).isTrue();
        assertThat(query.countOnly()).isTrue();
        assertThat(query("_sort", "-_lastUpdated").ascending()).isFalse();
        assertThat(query("_format", "json", "_pretty", "true").where()).isEqualTo("true");
    }

    @Test
    void whatTheLogCannotAnswer_isRefusedNamingIt_never500() {
        assertThatThrownBy(() -> query("site", "x"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'site'");
        assertThatThrownBy(() -> query("_has:Task:for:status", "x")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> query("date", "yesterday"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> query("_count", "ten")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> query("_sort", "outcome")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> query("patient:missing", "true")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> query("subtype:text", "read")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> query("_id:not", "x")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void patient_aBareIdIsAPatient_andATypeModifierNamesTheType() {
        assertThat(query("patient", "7").args()).containsExactly((Object) new String[] {"Patient/7"});
        assertThat(query("agent:Practitioner", "nurse").args())
                .containsExactly((Object) new String[] {"Practitioner/nurse"});
    }
}
