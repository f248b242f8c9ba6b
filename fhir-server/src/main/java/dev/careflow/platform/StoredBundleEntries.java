package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Keeps what HAPI's storage drops inside a stored Bundle's entries: their resources' {@code meta} (HAPI stores no
 * {@code *.meta}, keeping a resource's own in its tables) and the versions of their references (HAPI's parser strips
 * them by path, and a path inside an entry is the entry resource's, {@code Observation.subject}). Before a Bundle is
 * stored each is copied into an internal extension (an entry's meta on the entry, a versioned reference on the
 * reference); when a Bundle is shown they are put back and the extensions removed, so a read answers what was sent.
 * The extensions never leave the server through reads and searches. HAPI's parser would strip the restored versions
 * again when it encodes the answer (an entry's paths are its resource's, {@code Observation.subject}, which no
 * configured path can single out); the request is marked so that its answer keeps them ({@link VersionedReferences}).
 */
@Interceptor
public class StoredBundleEntries implements CareflowStorageInterceptor {

    static final String ENTRY_META = "https://careflow.dev/fhir/StructureDefinition/stored-entry-meta";
    static final String VERSIONED_REFERENCE =
            "https://careflow.dev/fhir/StructureDefinition/stored-versioned-reference";

    private final FhirContext fhirContext;

    public StoredBundleEntries(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** After every other check of the resource as sent (profile validation among them). */
    private static final int LAST = 1000;

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = LAST)
    public void created(IBaseResource resource) {
        keep(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = LAST)
    public void updated(IBaseResource oldResource, IBaseResource resource) {
        keep(resource);
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void shown(IPreResourceShowDetails details, RequestDetails request) {
        for (int i = 0; i < details.size(); i++) {
            if (details.getResource(i) instanceof Bundle bundle && restore(bundle)) {
                VersionedReferences.keepInAnswer(request);
            }
        }
    }

    /** Copies the entries' meta and versioned references into the internal extensions. */
    void keep(IBaseResource resource) {
        if (!(resource instanceof Bundle bundle)) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource inner = entry.getResource();
            if (inner == null) {
                continue;
            }
            entry.removeExtension(ENTRY_META);
            if (inner.hasMeta() && !inner.getMeta().isEmpty()) {
                entry.addExtension(ENTRY_META, inner.getMeta().copy());
            }
            for (Reference reference :
                    fhirContext.newTerser().getAllPopulatedChildElementsOfType(inner, Reference.class)) {
                reference.removeExtension(VERSIONED_REFERENCE);
                if (reference.getReferenceElement().hasVersionIdPart()) {
                    reference.addExtension(VERSIONED_REFERENCE, new StringType(reference.getReference()));
                }
            }
        }
    }

    /**
     * Puts the entries' meta and versioned references back, and removes the internal extensions; whether a versioned
     * reference was put back.
     */
    boolean restore(Bundle bundle) {
        boolean versioned = false;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource inner = entry.getResource();
            Extension meta = entry.getExtensionByUrl(ENTRY_META);
            if (meta != null) {
                entry.removeExtension(ENTRY_META);
                if (inner != null && meta.getValue() instanceof Meta kept) {
                    inner.setMeta(kept);
                }
            }
            if (inner == null) {
                continue;
            }
            for (Reference reference :
                    fhirContext.newTerser().getAllPopulatedChildElementsOfType(inner, Reference.class)) {
                Extension kept = reference.getExtensionByUrl(VERSIONED_REFERENCE);
                if (kept != null) {
                    reference.removeExtension(VERSIONED_REFERENCE);
                    reference.setReference(kept.getValue().primitiveValue());
                    versioned = true;
                }
            }
        }
        return versioned;
    }
}
