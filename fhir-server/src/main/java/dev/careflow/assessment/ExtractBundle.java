package dev.careflow.assessment;

import ca.uhn.fhir.context.FhirContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;

/**
 * {@code $extract}'s answer: what a response derives as a transaction Bundle that would store it. For a stored response
 * each entry is a conditional update on the derived resource's identifier (so posting it twice stores it once); for a
 * response not stored, a plain create.
 */
final class ExtractBundle {

    private ExtractBundle() {}

    static Bundle of(FhirContext context, List<DerivedResources.Derived> derived, Optional<String> stored) {
        Map<String, String> urls = new HashMap<>();
        derived.forEach(d -> urls.put(d.key(), "urn:uuid:" + UUID.randomUUID()));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (DerivedResources.Derived d : derived) {
            DerivedResources.resolve(context, d.resource(), urls);
            Bundle.BundleEntryComponent entry =
                    bundle.addEntry().setFullUrl(urls.get(d.key())).setResource(d.resource());
            String type = d.resource().fhirType();
            if (stored.isPresent()) {
                entry.getRequest()
                        .setMethod(Bundle.HTTPVerb.PUT)
                        .setUrl(type + "?identifier=" + DerivedResources.identifierSystem(stored.get()) + "|"
                                + d.key());
            } else {
                entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(type);
            }
        }
        return bundle;
    }
}
