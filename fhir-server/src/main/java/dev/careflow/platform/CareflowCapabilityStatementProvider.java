package dev.careflow.platform;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.method.OperationMethodBinding;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.util.FhirTerser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationDefinition;

/**
 * The CapabilityStatement and the OperationDefinitions behind it. HAPI's provider answers every
 * {@code GET OperationDefinition/[id]} itself, with a definition generated from the code, so a stored definition (each
 * Careflow operation's, from the profiles package) was never read by id: here a stored definition answers first and
 * HAPI's generated one otherwise. HAPI's operations get canonical URLs under Careflow's base rather than the address of
 * the request, and an operation HAPI offers on every resource type ({@code $diff}, {@code $meta}, {@code $validate})
 * says so with {@code resource = Resource}, as the specification's own definitions do, so that its levels agree with
 * the CapabilityStatement. {@link GeneratedOperationDefinitions} stores the generated ones, so that a search by
 * {@code url} finds every definition the CapabilityStatement names.
 */
class CareflowCapabilityStatementProvider extends JpaCapabilityStatementProvider {

    /** The canonical base of every definition this server serves (the packages' {@code canonical}). */
    static final String CANONICAL_BASE = "https://careflow.dev/fhir/";

    /** What a server offering Bulk Data Access export instantiates. */
    static final String BULK_DATA = "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data";

    /** A stored definition by id, read as the request that asks (its authorization, its interceptors). */
    interface StoredDefinitions {
        Optional<IBaseResource> find(IIdType id, RequestDetails request);
    }

    private final RestfulServer server;
    private final StoredDefinitions stored;

    CareflowCapabilityStatementProvider(
            RestfulServer server,
            IFhirSystemDao<?, ?> systemDao,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            StoredDefinitions stored) {
        super(server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        this.server = server;
        this.stored = stored;
    }

    @Override
    @Read(typeName = "OperationDefinition")
    public IBaseResource readOperationDefinition(@IdParam IIdType id, RequestDetails request) {
        return stored.find(id, request).orElseGet(() -> generated(id.getIdPart()));
    }

    /** HAPI's definition of one of its operations, by the id the CapabilityStatement gives it. */
    OperationDefinition generated(String id) {
        OperationDefinition definition =
                (OperationDefinition) super.readOperationDefinition(new IdType("OperationDefinition", id), null);
        if ((definition.getType() || definition.getInstance()) && !definition.hasResource()) {
            definition.addResource("Resource");
        }
        definition.setId(id);
        return definition;
    }

    /**
     * The ids of HAPI's operations: Careflow's carry a canonical URL under Careflow's base and are defined in the
     * profiles package (some of HAPI's carry HL7's canonical URL, and are listed under their generated id). HAPI groups
     * operations by name alone, so a Careflow operation named like one of HAPI's ({@code CarePlan/$document} beside
     * {@code Composition/$document}) shares HAPI's generated id: that id is still HAPI's to define for its own types.
     */
    List<String> generatedIds() {
        Map<String, List<OperationMethodBinding>> operations =
                server.createConfiguration().provideBindings().getOperationIdToBindings();
        return operations.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(b -> !isCareflows(b)))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /**
     * Some of HAPI's operations carry HL7's canonical URL ({@code Patient/$everything}: HL7's Patient-everything),
     * which this server does not hold; the CapabilityStatement names their stored, generated definition instead.
     */
    Map<String, String> hl7CanonicalsToGenerated() {
        Map<String, String> urls = new HashMap<>();
        server.createConfiguration()
                .provideBindings()
                .getOperationIdToBindings()
                .forEach((id, bindings) -> {
                    if (bindings.stream().anyMatch(b -> !isCareflows(b))) {
                        bindings.stream()
                                .filter(b -> !isCareflows(b))
                                .map(OperationMethodBinding::getCanonicalUrl)
                                .filter(url -> url != null && !url.isBlank())
                                .forEach(url -> urls.put(url, CANONICAL_BASE + "OperationDefinition/" + id));
                    }
                });
        return urls;
    }

    @Override
    protected void postProcess(FhirTerser terser, IBaseConformance statement) {
        super.postProcess(terser, statement);
        if (statement instanceof CapabilityStatement capabilities) {
            Map<String, String> urls = hl7CanonicalsToGenerated();
            capabilities.getRest().forEach(rest -> {
                rest.getOperation()
                        .forEach(o -> o.setDefinition(urls.getOrDefault(o.getDefinition(), o.getDefinition())));
                rest.getResource().forEach(r -> r.getOperation()
                        .forEach(o -> o.setDefinition(urls.getOrDefault(o.getDefinition(), o.getDefinition()))));
            });
            boolean bulkExport = capabilities.getRest().stream()
                    .flatMap(rest -> rest.getOperation().stream())
                    .anyMatch(o -> "export".equals(o.getName()));
            if (bulkExport && !capabilities.hasInstantiates(BULK_DATA)) {
                capabilities.addInstantiates(BULK_DATA);
            }
        }
    }

    @Override
    protected String getOperationDefinitionPrefix(RequestDetails request) {
        return CANONICAL_BASE;
    }

    private static boolean isCareflows(OperationMethodBinding operation) {
        return operation.getCanonicalUrl() != null
                && operation.getCanonicalUrl().startsWith(CANONICAL_BASE);
    }
}
