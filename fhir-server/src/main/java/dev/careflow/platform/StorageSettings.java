package dev.careflow.platform;

import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the FHIR repository behaves; each maps onto one of HAPI's {@code JpaStorageSettings}.
 *
 * @param defaultPageSize search results per page when the client gives no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 * @param allowExternalReferences accept absolute references to other servers (for example in exchanged CarePlans)
 * @param allowMultipleDelete allow conditional deletes that match more than one resource
 * @param enforceReferentialIntegrityOnWrite refuse a write whose local references point nowhere
 * @param enforceReferentialIntegrityOnDelete refuse a delete that would leave references dangling
 * @param expungeEnabled allow {@code $expunge} (physical removal of history)
 * @param reuseCachedSearchResultsMillis how long an identical search may reuse earlier results; 0 (default) never,
 *     since a reused result can still show a resource deleted in the meantime
 * @param autoCreatePlaceholderReferenceTargets a reference to a resource this server does not hold yet (a sender's
 *     Practitioner, say) creates an empty placeholder carrying the reference's identifier, instead of refusing the
 *     write; the real resource replaces it when it arrives
 * @param clientIdStrategy which client-assigned ids a PUT may create: {@code ANY} (any valid id, numeric ones
 *     included, as exchanged data uses them; the server then assigns UUIDs, so the two never collide) or
 *     {@code ALPHANUMERIC} (numeric ids are reserved for the server, which assigns sequential numbers)
 * @param bundleTypesAllowedForStorage the Bundle types a client may store as a Bundle resource (POST/PUT /Bundle); HAPI
 *     allows only collection, document and message, Careflow by default every type a care-management server receives
 *     as a record (a transaction kept as sent, a search result, a response)
 * @param versionedReferencePaths reference elements whose version ({@code Procedure/1/_history/2}) is stored as sent,
 *     where FHIR expects version-specific references; elsewhere HAPI strips the version
 * @param fullTextTypes the resource types whose text goes into the full-text index, for {@code _content} and
 *     {@code _text} (see {@link FullTextTypes}): by default those a care team searches by their words (people,
 *     plans, notes, documents, problems and results); {@code *} every type (HAPI's way, at a cost on every write);
 *     empty none. A full-text search on a type left out is refused (400), never answered empty
 * @param matchUrlCache remember which resource a conditional URL ({@code Practitioner?identifier=...}, as senders'
 *     transactions use) resolved to, instead of searching again (HAPI's match-URL cache); off by default: the cache is
 *     not told of later changes, so a match could outlive an identifier's change
 * @param indexStorageOptimized write HAPI's search index rows with their hashes only, without the parameter name,
 *     resource type and update time columns (smaller rows; searches use the hashes either way)
 */
@Validated
@ConfigurationProperties("careflow.storage")
public record StorageSettings(
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("500") @Min(1) int maxPageSize,
        @DefaultValue("true") boolean allowExternalReferences,
        @DefaultValue("true") boolean allowMultipleDelete,
        @DefaultValue("true") boolean enforceReferentialIntegrityOnWrite,
        @DefaultValue("true") boolean enforceReferentialIntegrityOnDelete,
        @DefaultValue("false") boolean expungeEnabled,
        @DefaultValue("0") @Min(0) long reuseCachedSearchResultsMillis,
        @DefaultValue("true") boolean autoCreatePlaceholderReferenceTargets,
        @DefaultValue("ANY") ClientIdStrategy clientIdStrategy,
        @DefaultValue({
                    "collection",
                    "document",
                    "message",
                    "transaction",
                    "batch",
                    "searchset",
                    "transaction-response",
                    "batch-response",
                    "history"
                })
                List<String> bundleTypesAllowedForStorage,
        @DefaultValue({"Provenance.target", "Task.focus"}) List<String> versionedReferencePaths,
        @DefaultValue({
                    "Patient",
                    "CarePlan",
                    "Condition",
                    "Observation",
                    "DiagnosticReport",
                    "DocumentReference",
                    "Composition",
                    "Communication",
                    "CommunicationRequest",
                    "Task",
                    "Goal",
                    "ServiceRequest",
                    "QuestionnaireResponse",
                    "Practitioner",
                    "Organization"
                })
                List<String> fullTextTypes,
        @DefaultValue("false") boolean matchUrlCache,
        @DefaultValue("false") boolean indexStorageOptimized) {

    public enum ClientIdStrategy {
        ALPHANUMERIC,
        ANY
    }
}
