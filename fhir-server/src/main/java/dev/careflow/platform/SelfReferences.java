package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.repository.IRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Lets a resource created at its own id (PUT) refer to itself ({@code Encounter/f203.partOf}, a DocumentReference
 * relating to itself). HAPI resolves a new resource's references before it stores the resource, finds no
 * {@code Encounter/f203}, creates a placeholder for it and then fails storing the resource under the placeholder's
 * id (409 "client-assigned ID constraint failure"). Here the self-references are taken out before HAPI stores the
 * first version and put back, in the same database transaction, as a second version: what is read back is what was
 * sent.
 */
@Interceptor
public class SelfReferences implements CareflowStorageInterceptor {

    private static final String HELD = SelfReferences.class.getName() + ".held";

    private final FhirContext fhirContext;
    private final ObjectProvider<IRepository> repository;

    public SelfReferences(FhirContext fhirContext, ObjectProvider<IRepository> repository) {
        this.fhirContext = fhirContext;
        this.repository = repository;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void holdBack(IBaseResource resource) {
        IIdType id = resource.getIdElement();
        if (!id.hasIdPart()) {
            return;
        }
        String self = resource.fhirType() + "/" + id.getIdPart();
        List<Map.Entry<IBaseReference, String>> held = new ArrayList<>();
        for (IBaseReference reference :
                fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
            IIdType target = reference.getReferenceElement();
            if (target.hasIdPart()
                    && !target.isAbsolute()
                    && self.equals(target.getResourceType() + "/" + target.getIdPart())) {
                held.add(Map.entry(reference, target.getValue()));
                reference.setReference(null);
            }
        }
        if (!held.isEmpty()) {
            resource.setUserData(HELD, held);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void putBack(IBaseResource resource) {
        @SuppressWarnings("unchecked")
        List<Map.Entry<IBaseReference, String>> held =
                (List<Map.Entry<IBaseReference, String>>) resource.getUserData(HELD);
        if (held == null) {
            return;
        }
        resource.setUserData(HELD, null);
        held.forEach(entry -> entry.getKey().setReference(entry.getValue()));
        IBaseResource next = fhirContext.newTerser().clone(resource);
        next.setId(new IdType(resource.fhirType(), resource.getIdElement().getIdPart()));
        next.getMeta().setVersionId(null);
        repository.getObject().update(next);
    }
}
