package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.AbstractSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Lets a resource refer to an absolute URL that is not a FHIR resource ({@code https://records.example.org/documents/
 * 4711}), as FHIR allows. HAPI reads any absolute reference as {@code [base]/[type]/[id]} and refuses the URL twice
 * when its second-to-last segment is no resource type: the DAO's target-type check (HAPI-0931, on a typed reference)
 * and the reference indexing (HAPI-0506, {@code SearchParamExtractorService}); both skip what HAPI's
 * {@code treatReferencesAsLogical} patterns match, but those are fixed prefixes. Here the patterns are a set that also
 * holds, for the writes on this thread, the exact non-FHIR URLs their resources refer to (collected before HAPI
 * checks and indexes a resource; a URL that names no FHIR resource is one wherever it appears): such references are stored as logical references, kept as sent and searchable
 * by their URL. Absolute references to FHIR servers ({@code http://example.org/fhir/Patient/1}) are unchanged.
 */
@Interceptor
public class NonFhirReferences implements CareflowStorageInterceptor {

    private static final Pattern ABSOLUTE = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.+");
    /** A thread keeps the URLs of its last writes (a transaction indexes its entries after all are collected). */
    private static final int KEPT = 1_000;

    private static final ThreadLocal<Set<String>> CURRENT = ThreadLocal.withInitial(HashSet::new);

    private final FhirContext fhirContext;

    public NonFhirReferences(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        collect(resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource oldResource, IBaseResource resource) {
        collect(resource);
    }

    private void collect(IBaseResource resource) {
        Set<String> urls = CURRENT.get();
        if (urls.size() > KEPT) {
            urls.clear();
        }
        for (IBaseReference reference :
                fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
            String url = reference.getReferenceElement().getValue();
            if (isNonFhirUrl(fhirContext, url)) {
                urls.add(url);
            }
        }
    }

    /**
     * Whether a reference is an absolute URL that does not name a FHIR resource: no {@code [type]/[id]} at its end with
     * a resource type HAPI knows. A conditional reference ({@code ?}) is not one.
     */
    static boolean isNonFhirUrl(FhirContext fhirContext, String url) {
        if (url == null || !ABSOLUTE.matcher(url).matches() || url.contains("?")) {
            return false;
        }
        IIdType id = new org.hl7.fhir.r4.model.IdType(url);
        return id.getResourceType() == null
                || !id.hasIdPart()
                || !fhirContext.getResourceTypes().contains(id.getResourceType());
    }

    /**
     * HAPI's logical-reference patterns as a set whose iteration also yields this thread's current non-FHIR URLs (exact
     * patterns: they match only themselves).
     */
    static Set<String> logicalReferences(Set<String> patterns) {
        Set<String> fixed = new LinkedHashSet<>(patterns == null ? Set.of() : patterns);
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Stream.concat(fixed.stream(), CURRENT.get().stream()).iterator();
            }

            @Override
            public int size() {
                return fixed.size() + CURRENT.get().size();
            }

            @Override
            public boolean add(String pattern) {
                return fixed.add(pattern);
            }
        };
    }
}
