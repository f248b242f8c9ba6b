package dev.careflow.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link ReferenceIndex} read from HAPI's reference index ({@code HFJ_RES_LINK}, one row per reference HAPI indexed
 * of a stored resource, written in the transaction that writes the resource) joined with its resource table for the
 * ids. Through Spring's {@link JdbcTemplate} on HAPI's DataSource, so a read inside a transaction sees what the
 * transaction wrote. Only reads, in one statement whatever the number of resources.
 */
final class JdbcReferenceIndex implements ReferenceIndex {

    private static final String TARGETS =
            "select source.fhir_id, target.res_type, target.fhir_id, link.target_resource_url"
                    + " from hfj_resource source"
                    + " left join hfj_res_link link on link.src_resource_id = source.res_id and link.src_path = ?"
                    + " left join hfj_resource target on target.res_id = link.target_resource_id"
                    + " where source.res_type = ? and source.fhir_id = any(?) and source.res_deleted_at is null"
                    + " order by source.fhir_id";

    private final JdbcTemplate jdbc;

    JdbcReferenceIndex(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Map<String, List<String>> of(String type, String path, Collection<String> resources) {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        if (resources.isEmpty()) {
            return targets;
        }
        List<String> ids = resources.stream()
                .map(r -> r.substring(r.indexOf('/') + 1))
                .distinct()
                .toList();
        jdbc.query(TextArrayStatements.anyOf(TARGETS, ids, path, type), row -> {
            List<String> found = targets.computeIfAbsent(type + "/" + row.getString(1), k -> new ArrayList<>());
            if (row.getString(3) != null) {
                found.add(row.getString(2) + "/" + row.getString(3));
            } else if (row.getString(4) != null) {
                found.add(row.getString(4));
            }
        });
        targets.values().forEach(found -> found.sort(null));
        return targets;
    }
}
