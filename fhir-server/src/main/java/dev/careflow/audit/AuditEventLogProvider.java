package dev.careflow.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.careflow.platform.CareflowResourceProvider;
import dev.careflow.platform.StorageSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * {@code AuditEvent} read and search served from the audit log ({@link AuditLogTable}) in place of HAPI's JPA
 * provider: read by id (version 1, the only one), search by the parameters of {@link AuditLogQuery}, newest first,
 * paged by {@code _count}/{@code _offset}. The log is append-only: no create, update, delete or history. The SMART
 * rules apply as to any other type (the authorization and search-narrowing interceptors sit in front of every
 * provider): a patient's token finds only the events naming that patient.
 */
final class AuditEventLogProvider implements CareflowResourceProvider {

    private final AuditLogTable table;
    private final FhirContext fhir;
    private final StorageSettings settings;

    AuditEventLogProvider(AuditLogTable table, FhirContext fhir, StorageSettings settings) {
        this.table = table;
        this.fhir = fhir;
        this.settings = settings;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read(version = true)
    public AuditEvent read(@IdParam IdType id) {
        UUID uuid = uuid(id.getIdPart());
        if (uuid == null || (id.hasVersionIdPart() && !"1".equals(id.getVersionIdPart()))) {
            throw unknown(id);
        }
        return table.read(uuid).map(this::parse).orElseThrow(() -> unknown(id));
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        AuditLogQuery query =
                AuditLogQuery.of(request.getParameters(), settings.defaultPageSize(), settings.maxPageSize());
        if (query.countOnly() || query.count() == 0) {
            return page(List.of(), 0, 0, false, table.count(query));
        }
        List<String> found = table.search(query);
        List<IBaseResource> events = new ArrayList<>();
        for (int i = 0; i < Math.min(found.size(), query.count()); i++) {
            events.add(parse(found.get(i)));
        }
        boolean more = found.size() > query.count();
        // The total is known on the last page only (a page past the end knows nothing of it).
        boolean known = !more && (!events.isEmpty() || query.offset() == 0);
        return page(events, query.offset(), query.count(), more, known ? query.offset() + events.size() : null);
    }

    /**
     * One page for HAPI's offset paging: with a current page offset, HAPI links {@code next} (offset + count) when
     * {@link IBundleProvider#getNextPageId()} is not blank and {@code previous} (offset - count) when
     * {@link IBundleProvider#getPreviousPageId()} is not blank; the ids themselves are not used, the links carry
     * {@code _offset}/{@code _count} and the search's other parameters.
     */
    private static IBundleProvider page(
            List<IBaseResource> events, int offset, int count, boolean next, Integer total) {
        SimpleBundleProvider page = new SimpleBundleProvider(events) {
            @Override
            public String getNextPageId() {
                return next ? "next" : null;
            }

            @Override
            public String getPreviousPageId() {
                return offset > 0 ? "previous" : null;
            }
        };
        page.setCurrentPageOffset(offset);
        page.setCurrentPageSize(count);
        page.setSize(total);
        return page;
    }

    private AuditEvent parse(String json) {
        return fhir.newJsonParser().parseResource(AuditEvent.class, json);
    }

    private static UUID uuid(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }

    private static ResourceNotFoundException unknown(IdType id) {
        return new ResourceNotFoundException("AuditEvent/" + id.getIdPart() + " is not known");
    }
}
